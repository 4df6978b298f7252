"""Every participation has its organisation row (participation_create makes it; this adds
it for participations made before), so the organisation page only reads on GET."""

from django.db import migrations


def create_missing_organisations(apps, schema_editor):
    Participation = apps.get_model("programmes", "Participation")
    Organisation = apps.get_model("programmes", "Organisation")
    missing = Participation.objects.filter(organisation__isnull=True).values_list("pk", flat=True)
    Organisation.objects.bulk_create(
        [Organisation(participation_id=pk) for pk in missing], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [("programmes", "0003_phase_version")]

    operations = [
        migrations.RunPython(create_missing_organisations, migrations.RunPython.noop),
    ]
