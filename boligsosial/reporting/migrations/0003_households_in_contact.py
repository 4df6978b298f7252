from django.db import migrations


def forwards(apps, schema_editor):
    # seed() is idempotent: it adds catalogue rows that are missing (here households_in_contact).
    from boligsosial.reporting.catalogue import seed

    seed(apps)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0002_seed_catalogue")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
