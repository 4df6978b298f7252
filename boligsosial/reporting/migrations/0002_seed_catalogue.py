from django.db import migrations


def forwards(apps, schema_editor):
    from boligsosial.reporting.catalogue import seed

    seed(apps)


def backwards(apps, schema_editor):
    from boligsosial.reporting.catalogue import unseed

    unseed(apps)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
