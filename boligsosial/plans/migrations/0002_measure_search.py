"""Full-text search for the good-practice library.

PostgreSQL: a GIN index on to_tsvector('norwegian', search_text).
SQLite: an FTS5 virtual table (rowid = measure id) that services.reindex_measure keeps in step.
Other vendors: nothing (the selector falls back to icontains).
"""

from django.db import migrations

PG_FORWARD = (
    "CREATE INDEX plans_measure_search_gin ON plans_measure "
    "USING gin (to_tsvector('norwegian'::regconfig, COALESCE(search_text, '')))"
)
PG_BACKWARD = "DROP INDEX IF EXISTS plans_measure_search_gin"
SQLITE_FORWARD = (
    "CREATE VIRTUAL TABLE plans_measure_fts USING fts5("
    "search_text, tokenize = 'unicode61 remove_diacritics 0')"
)
SQLITE_BACKWARD = "DROP TABLE IF EXISTS plans_measure_fts"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)
        Measure = apps.get_model("plans", "Measure")
        for pk, text in Measure.objects.values_list("pk", "search_text"):
            schema_editor.execute("INSERT INTO plans_measure_fts(rowid, search_text) VALUES (%s, %s)", [pk, text])


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
