"""PostgreSQL: the value table's three references are checked once per statement, not per row.

A foreign-key constraint makes PostgreSQL run one lookup (and one row lock) per inserted row
and per reference: for a national import of 280 000 values that is 800 000 lookups, about
4 s on the measured machine — more than the whole rest of the import (BENCHMARKS.md,
"Reporting"). This migration replaces the three constraints of reporting_reportvalue
(report, indicator, option) on PostgreSQL with statement-level triggers that do the same
checks set-wise, for every statement at once:

- INSERT or UPDATE on the value table: every distinct report, indicator and option the new
  rows refer to is locked FOR KEY SHARE (as a foreign key does, so it cannot be deleted
  before this transaction ends) and must exist; otherwise the statement fails with
  SQLSTATE 23503 (foreign_key_violation, Django's IntegrityError), naming the missing row.
- DELETE, TRUNCATE or a changed id on a report, indicator or option still referenced by a
  value fails the same way (NO ACTION, as the constraints were: Django's CASCADE and PROTECT
  are done by the ORM before the delete).

The difference from a constraint: the check is immediate at the end of each statement
rather than deferred to commit. SQLite keeps its ordinary (deferred) foreign keys, which
cost little there; the model still declares them, so Django's own on_delete handling is
unchanged on both databases. Reversing this migration restores the constraints.
"""

from django.db import migrations

VALUE = "reporting_reportvalue"
REFERENCES = [
    # (column in the value table, referenced table)
    ("report_id", "reporting_report"),
    ("indicator_id", "reporting_indicator"),
    ("option_id", "reporting_dimensionoption"),
]


def _check_new_rows_sql() -> str:
    # One pass over the statement's new rows collects the distinct ids of each reference;
    # each is then locked and looked up once.
    collect = ", ".join(
        f"array_agg(DISTINCT {column}) FILTER (WHERE {column} IS NOT NULL)"
        for column, _t in REFERENCES
    )
    arrays = [f"{column.removesuffix('_id')}s" for column, _t in REFERENCES]
    blocks = []
    for (column, table), ids in zip(REFERENCES, arrays, strict=True):
        blocks.append(
            f"""
  PERFORM 1 FROM {table} r WHERE r.id = ANY({ids}) FOR KEY SHARE OF r;
  SELECT w.id INTO missing FROM unnest({ids}) AS w(id)
   WHERE NOT EXISTS (SELECT 1 FROM {table} r WHERE r.id = w.id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
      MESSAGE = format('insert or update on table "{VALUE}" violates foreign key: '
                       'Key ({column})=(%s) is not present in table "{table}".', missing);
  END IF;"""
        )
    return f"""
CREATE FUNCTION reporting_value_references_exist() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE missing bigint; {" ".join(f"{ids} bigint[];" for ids in arrays)}
BEGIN
  SELECT {collect} INTO {", ".join(arrays)} FROM new_values;{"".join(blocks)}
  RETURN NULL;
END $$;
CREATE TRIGGER reporting_value_references_on_insert AFTER INSERT ON {VALUE}
  REFERENCING NEW TABLE AS new_values FOR EACH STATEMENT
  EXECUTE FUNCTION reporting_value_references_exist();
CREATE TRIGGER reporting_value_references_on_update AFTER UPDATE ON {VALUE}
  REFERENCING NEW TABLE AS new_values FOR EACH STATEMENT
  EXECUTE FUNCTION reporting_value_references_exist();
"""


def _referenced_side_sql(column: str, table: str) -> str:
    name = f"reporting_value_{column.removesuffix('_id')}"
    violation = (
        f"'update or delete on table \"{table}\" violates foreign key on table \"{VALUE}\": "
        f"Key (id)=(%s) is still referenced from table \"{VALUE}\".'"
    )
    return f"""
CREATE FUNCTION {name}_still_referenced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE used bigint;
BEGIN
  IF TG_OP = 'DELETE' THEN
    SELECT v.{column} INTO used FROM {VALUE} v WHERE v.{column} IN (SELECT id FROM old_rows) LIMIT 1;
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT v.{column} INTO used FROM {VALUE} v WHERE v.{column} = OLD.id LIMIT 1;
  ELSE  -- TRUNCATE: after every table in the statement is emptied (a whole-database flush passes)
    SELECT v.{column} INTO used FROM {VALUE} v WHERE v.{column} IS NOT NULL LIMIT 1;
  END IF;
  IF FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', MESSAGE = format({violation}, used);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER {name}_on_delete AFTER DELETE ON {table}
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {name}_still_referenced();
CREATE TRIGGER {name}_on_id_change AFTER UPDATE OF id ON {table}
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION {name}_still_referenced();
CREATE TRIGGER {name}_on_truncate AFTER TRUNCATE ON {table}
  FOR EACH STATEMENT EXECUTE FUNCTION {name}_still_referenced();
"""


def _foreign_keys(apps):
    model = apps.get_model("reporting", "ReportValue")
    return model, [model._meta.get_field(column.removesuffix("_id")) for column, _t in REFERENCES]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    model, fields = _foreign_keys(apps)
    for field in fields:
        for name in schema_editor._constraint_names(model, [field.column], foreign_key=True):
            schema_editor.execute(schema_editor._delete_fk_sql(model, name))
    schema_editor.execute(_check_new_rows_sql(), params=None)
    for column, table in REFERENCES:
        schema_editor.execute(_referenced_side_sql(column, table), params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column, table in REFERENCES:
        name = f"reporting_value_{column.removesuffix('_id')}"
        for event in ("delete", "id_change", "truncate"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_on_{event} ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}_still_referenced()")
    for event in ("insert", "update"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS reporting_value_references_on_{event} ON {VALUE}")
    schema_editor.execute("DROP FUNCTION IF EXISTS reporting_value_references_exist()")
    model, fields = _foreign_keys(apps)
    for field in fields:
        schema_editor.execute(
            schema_editor._create_fk_sql(model, field, "_fk_%(to_table)s_%(to_column)s")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0005_value_by_indicator_covering"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
