"""Documents go through the shared private storage (core.storage.private_storage), whose
root is the private folder itself rather than its evaluation/ subfolder: stored names gain
the evaluation/ prefix (the files stay where they are)."""

import boligsosial.core.storage
from django.db import migrations, models


def prefix_names(apps, schema_editor):
    Document = apps.get_model("evaluation", "Document")
    for document in Document.objects.exclude(file="").exclude(file__startswith="evaluation/"):
        Document.objects.filter(pk=document.pk).update(file=f"evaluation/{document.file.name}")


def strip_prefix(apps, schema_editor):
    Document = apps.get_model("evaluation", "Document")
    for document in Document.objects.filter(file__startswith="evaluation/"):
        name = document.file.name.removeprefix("evaluation/")
        Document.objects.filter(pk=document.pk).update(file=name)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0003_respondent_version"),
    ]

    operations = [
        migrations.AlterField(
            model_name="document",
            name="file",
            field=models.FileField(
                blank=True,
                storage=boligsosial.core.storage.private_storage,
                upload_to="evaluation/documents/%Y/",
                verbose_name="fil",
            ),
        ),
        migrations.RunPython(prefix_names, strip_prefix),
    ]
