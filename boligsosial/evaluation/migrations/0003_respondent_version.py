from django.db import migrations, models


class Migration(migrations.Migration):
    """Respondents carry a version, so API clients saving answers are refused when stale."""

    dependencies = [
        ("evaluation", "0002_agreement_decision"),
    ]

    operations = [
        migrations.AddField(
            model_name="respondent",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
    ]
