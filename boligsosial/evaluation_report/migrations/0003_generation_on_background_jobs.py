"""Generations run as shared background jobs (jobs.Job): state, progress, owner and errors
move there; the file is kept in the private storage by name. Earlier generations are copies
that can be made again, and are removed."""

import django.db.models.deletion
from django.db import migrations, models


def remove_old_generations(apps, schema_editor):
    apps.get_model("evaluation_report", "GenerationJob").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation_report", "0002_recommendation_rule_version"),
        ("jobs", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(remove_old_generations, migrations.RunPython.noop),
        migrations.RemoveField(model_name="generationjob", name="status"),
        migrations.RemoveField(model_name="generationjob", name="step"),
        migrations.RemoveField(model_name="generationjob", name="done_steps"),
        migrations.RemoveField(model_name="generationjob", name="total_steps"),
        migrations.RemoveField(model_name="generationjob", name="error"),
        migrations.RemoveField(model_name="generationjob", name="task_result_id"),
        migrations.RemoveField(model_name="generationjob", name="requested_by"),
        migrations.RemoveField(model_name="generationjob", name="file_path"),
        migrations.AddField(
            model_name="generationjob",
            name="stored_name",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.AddField(
            model_name="generationjob",
            name="job",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="generation",
                to="jobs.job",
            ),
        ),
    ]
