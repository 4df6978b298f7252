"""Has the data changed? One sub-millisecond query for any set of domain tables (issue 14).

Database triggers write the change log (`core.models.TableChange`); the application never
does, so every write path is seen: ORM save/delete, `bulk_create`, `QuerySet.update/delete`,
raw SQL, PostgreSQL COPY (the CSV import), TRUNCATE, data migrations.

- **PostgreSQL**: a statement-level AFTER INSERT/UPDATE/DELETE/TRUNCATE trigger on every
  watched table appends one row (the table's name). Appending never blocks another writer
  (a counter row would serialise writers and can deadlock). The fingerprint of a set of
  tables is `count(*)` and `max(id)` of their rows: the highest id alone is not enough,
  because ids are taken before commit and a transaction holding a lower id can commit after
  a reader saw a higher one; the count catches it (`tests/test_changes_postgres.py`).
- **SQLite** (one writer at a time): row-level triggers add 1 to the table's counter row;
  the fingerprint is the sum of the counters.
- Both: a random token (`ChangeEpoch`) made whenever the log starts anew (new database,
  flush), so a fingerprint taken before never equals one taken after.

`install` (post_migrate, after every `migrate` and flush) puts the triggers on every table
of `WATCHED_APPS` — tables added later are watched from the next migrate — and records a
change of every watched table (a migration may have changed any of them). `compact` keeps
the PostgreSQL log small: it replaces every table's rows by one new marker row, so a
fingerprint never repeats (`manage.py compact_change_log`, and `core.stored` runs it when
the log has grown past `COMPACT_ABOVE` rows).

Readers take the fingerprint BEFORE reading the data, so what is stored under a fingerprint
is never older than the fingerprint says (`core.stored.remember`).
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connections

# The apps whose tables are inputs of stored computations (core < … < evaluation_report).
WATCHED_APPS = (
    "municipalities",
    "programmes",
    "reporting",
    "plans",
    "followup",
    "instruments",
    "evaluation",
    "evaluation_report",
)
# The users' table is watched for the columns pages show (names), not for log-ins.
USER_COLUMNS = ("first_name", "last_name", "username")
LOG = "core_tablechange"
EPOCH = "core_changeepoch"
TRIGGER = "bs_change_log"
COMPACT_ABOVE = 5000


def tables_of(*app_labels: str, exclude: Iterable[str] = ()) -> tuple[str, ...]:
    """The database tables of these apps (many-to-many tables included), sorted. (Read from
    the app registry once per process: every stored page asks for its tables per request.)"""
    return _tables_of(app_labels, frozenset(exclude))


@cache
def _tables_of(app_labels: tuple[str, ...], excluded: frozenset[str]) -> tuple[str, ...]:
    tables = set()
    for label in app_labels:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.proxy or not model._meta.managed:
                continue
            if model._meta.db_table not in excluded:
                tables.add(model._meta.db_table)
    return tuple(sorted(tables))


def user_table() -> str:
    return get_user_model()._meta.db_table


@cache
def watched_tables() -> frozenset[str]:
    return frozenset((*tables_of(*WATCHED_APPS), user_table()))


def fingerprint(tables: Iterable[str], *, using: str = "default") -> str:
    """A short text that changes whenever a row of one of `tables` is written (one query),
    or the code that reads them is another (`code_version`). Every table must be watched: a
    fingerprint that could miss a change is refused."""
    return fingerprints(tables, using=using)[0]


def fingerprints(*table_sets: Iterable[str], using: str = "default") -> list[str]:
    """`fingerprint` of each set of tables, all in one query: for a page whose parts read
    fewer tables than the whole (a part stored under its own tables outlives writes to the
    others)."""
    sets = [sorted(set(tables)) for tables in table_sets]
    names = sorted(set().union(*sets))
    unwatched = set(names) - watched_tables()
    if unwatched:
        raise ValueError(f"Not in the change log (see WATCHED_APPS): {sorted(unwatched)}")
    connection = connections[using]
    postgres = connection.vendor == "postgresql"
    top = "max(id)" if postgres else "sum(bumps)"  # SQLite: counters (see the module)

    def among(tables: list[str]) -> tuple[str, list]:
        if postgres:
            return "table_name = ANY(%s)", [tables]
        return f"table_name IN ({', '.join(['%s'] * len(tables))})", list(tables)

    where, params = among(names)
    columns = ["count(*)", top]
    if len(sets) > 1:
        columns, params = [], []
        for tables in sets:
            condition, values = among(tables)
            columns += [f"count(*) FILTER (WHERE {condition})", f"{top} FILTER (WHERE {condition})"]
            params += values * 2
        params += among(names)[1]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT token FROM {EPOCH} ORDER BY id LIMIT 1), {', '.join(columns)} "
            f"FROM {LOG} WHERE {where}",
            params,
        )
        token, *counts = cursor.fetchone()
    version = code_version()
    return [
        f"{token}.{count}.{highest}.{version}"
        for count, highest in zip(counts[0::2], counts[1::2], strict=True)
    ]


def _pg_install(cursor, tables: list[str]) -> None:
    cursor.execute(
        f"CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN INSERT INTO {LOG} (table_name, bumps) VALUES (TG_TABLE_NAME, 0); "
        f"RETURN NULL; END $$"
    )
    cursor.execute(
        "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE t.tgname LIKE %s",
        [TRIGGER + "%"],
    )
    present = set(cursor.fetchall())
    users = user_table()
    for table in tables:
        events = "INSERT OR DELETE OR TRUNCATE"
        if table != users:
            events = "INSERT OR UPDATE OR DELETE OR TRUNCATE"
        wanted = [(TRIGGER, events)]
        if table == users:
            wanted.append((TRIGGER + "_names", "UPDATE OF " + ", ".join(USER_COLUMNS)))
        for name, event in wanted:
            if (table, name) not in present:
                cursor.execute(
                    f'CREATE TRIGGER {name} AFTER {event} ON "{table}" '
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()"
                )
    # A migration may have changed any table (and new tables had no trigger until now).
    cursor.execute(f"INSERT INTO {LOG} (table_name, bumps) SELECT unnest(%s::text[]), 0", [tables])


def _sqlite_install(cursor, tables: list[str]) -> None:
    cursor.execute(f"SELECT table_name FROM {LOG}")
    counted = {row[0] for row in cursor.fetchall()}
    users = user_table()
    for table in tables:
        if table not in counted:
            cursor.execute(f"INSERT INTO {LOG} (table_name, bumps) VALUES (%s, 0)", [table])
        bump = f"UPDATE {LOG} SET bumps = bumps + 1 WHERE table_name = '{table}';"
        update = "UPDATE OF " + ", ".join(USER_COLUMNS) if table == users else "UPDATE"
        for suffix, event in (("i", "INSERT"), ("u", update), ("d", "DELETE")):
            cursor.execute(
                f'CREATE TRIGGER IF NOT EXISTS "{TRIGGER}_{table}_{suffix}" '
                f'AFTER {event} ON "{table}" FOR EACH ROW BEGIN {bump} END'
            )
    cursor.execute(f"UPDATE {LOG} SET bumps = bumps + 1")


def install(*, using: str = "default") -> None:
    """Triggers on every watched table that lacks them, a new epoch when the log is new, and
    one change recorded for every watched table."""
    connection = connections[using]
    present = set(connection.introspection.table_names())
    tables = sorted(watched_tables() & present)  # all, except during a partial migrate
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {EPOCH} (token) SELECT %s WHERE NOT EXISTS (SELECT 1 FROM {EPOCH})",
            [secrets.token_hex(8)],
        )
        if connection.vendor == "postgresql":
            _pg_install(cursor, tables)
        elif connection.vendor == "sqlite":
            _sqlite_install(cursor, tables)
        else:  # pragma: no cover - the project runs on PostgreSQL and SQLite only
            raise NotImplementedError(connection.vendor)


def on_post_migrate(sender, using: str = "default", **kwargs) -> None:
    """After every migrate and flush (connected in CoreConfig.ready)."""
    if LOG in connections[using].introspection.table_names():
        install(using=using)


def log_size(*, using: str = "default") -> int:
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {LOG}")
        return int(cursor.fetchone()[0])


def compact(*, using: str = "default") -> int:
    """Replace each table's log rows by one new marker row (PostgreSQL; SQLite's counters do
    not grow). The markers' ids are higher than every id taken before, so no fingerprint
    taken after equals one taken before. Rows of transactions not yet committed stay.
    Answers the number of rows removed."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH old AS (DELETE FROM {LOG} WHERE id <= (SELECT max(id) FROM {LOG}) "
            f"RETURNING table_name), "
            f"marked AS (INSERT INTO {LOG} (table_name, bumps) "
            f"SELECT DISTINCT table_name, 0 FROM old RETURNING 1) "
            f"SELECT (SELECT count(*) FROM old), (SELECT count(*) FROM marked)"
        )
        removed, _marked = cursor.fetchone()
    return int(removed)


@cache
def code_version() -> str:
    """A digest of the program's own code, templates and translations: after a deploy that
    changes how a page is drawn or a figure computed, nothing stored by the old code is served
    (the data alone would not have changed the key). Read once per process (about 600 files)."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if d not in _NOT_CODE)
        for name in sorted(files):
            if name.endswith((".py", ".html", ".mo")):
                path = Path(folder, name)
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


_NOT_CODE = {"node_modules", "tests", "__pycache__", "static", "migrations"}
