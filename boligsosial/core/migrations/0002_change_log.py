"""The change log of the domain tables (issue 14): its triggers are installed after every
migrate by `core.changes.install` (post_migrate), so tables added later are watched too."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0001_cache_table")]
    operations = [
        migrations.CreateModel(
            name="TableChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("table_name", models.CharField(max_length=100)),
                ("bumps", models.BigIntegerField(default=0)),
            ],
            options={
                "indexes": [models.Index(fields=["table_name", "id"], name="core_change_table_id")]
            },
        ),
        migrations.CreateModel(
            name="ChangeEpoch",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=32)),
            ],
        ),
    ]
