"""The change log on each database's own paths. PostgreSQL: COPY, TRUNCATE, and writers that
commit out of id order (two connections), which a fingerprint of the highest id alone would
miss. SQLite (row-level counters, one writer at a time): bulk SQL, a rolled-back write, and a
statement over several rows."""

import pytest
from django.db import connection

from boligsosial.core import changes
from boligsosial.municipalities.models import County

COUNTY = County._meta.db_table


def _postgresql() -> bool:
    return connection.vendor == "postgresql"


def _other_connection():
    import psycopg

    s = connection.settings_dict
    return psycopg.connect(
        dbname=s["NAME"], user=s["USER"], password=s["PASSWORD"], host=s["HOST"], port=s["PORT"]
    )


@pytest.mark.django_db
def test_copy_and_truncate_change_the_fingerprint():
    if not _postgresql():
        return _sqlite_bulk_sql_changes_the_fingerprint()
    before = changes.fingerprint([COUNTY])
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {COUNTY} (code, name, valid_from) FROM STDIN") as copy,
    ):
        copy.write_row(("99", "Kopiert", "2000-01-01"))
    after_copy = changes.fingerprint([COUNTY])
    assert after_copy != before
    assert County.objects.filter(name="Kopiert").exists()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {COUNTY} CASCADE")
    assert changes.fingerprint([COUNTY]) != after_copy


@pytest.mark.django_db(transaction=True)
def test_a_writer_that_commits_after_a_later_one_changes_the_fingerprint():
    """A takes its log id first, B second; B commits, a reader takes the fingerprint, then A
    commits. The highest id is B's both times: only the count shows A's change."""
    if not _postgresql():
        return _sqlite_a_rolled_back_write_leaves_the_fingerprint()
    touch = f"UPDATE {COUNTY} SET name = name WHERE false"  # a statement: the trigger fires
    with _other_connection() as a, _other_connection() as b:
        a.execute(touch)  # A's log row: the lower id, not committed
        b.execute(touch)
        b.commit()
        seen = changes.fingerprint([COUNTY])
        a.commit()
        now = changes.fingerprint([COUNTY])
    assert now != seen
    token, count, top, code = seen.split(".")
    assert now == f"{token}.{int(count) + 1}.{top}.{code}"  # same highest id, one row more


@pytest.mark.django_db(transaction=True)
def test_writers_do_not_wait_for_each_other():
    """Two open transactions writing to the same watched table (different rows) both log
    their statements without waiting: the log is appended to, not updated."""
    if not _postgresql():
        return _sqlite_every_row_of_a_statement_counts()
    with _other_connection() as a, _other_connection() as b:
        a.execute(f"UPDATE {COUNTY} SET name = name WHERE false")
        b.execute("SET lock_timeout = '2s'")
        b.execute(f"UPDATE {COUNTY} SET name = name WHERE false")  # would time out if blocked
        b.commit()
        a.commit()


def _sqlite_bulk_sql_changes_the_fingerprint():
    before = changes.fingerprint([COUNTY])
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {COUNTY} (code, name, valid_from) VALUES (%s, %s, %s)",
            [("98", "Bulk", "2000-01-01"), ("99", "Bulk", "2000-01-01")],
        )
    after_insert = changes.fingerprint([COUNTY])
    assert after_insert != before
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {COUNTY}")  # SQLite's truncation (triggers keep it per row)
    assert changes.fingerprint([COUNTY]) != after_insert
    assert not County.objects.exists()


def _sqlite_a_rolled_back_write_leaves_the_fingerprint():
    from django.db import transaction

    before = changes.fingerprint([COUNTY])
    with pytest.raises(RuntimeError), transaction.atomic():
        County.objects.create(code="97", name="Angret", valid_from="2000-01-01")
        assert changes.fingerprint([COUNTY]) != before  # seen inside the writer's transaction
        raise RuntimeError
    assert changes.fingerprint([COUNTY]) == before  # the counter rolled back with the row
    County.objects.create(code="97", name="Lagret", valid_from="2000-01-01")
    assert changes.fingerprint([COUNTY]) != before


def _sqlite_every_row_of_a_statement_counts():
    for code in ("95", "96"):
        County.objects.create(code=code, name="Før", valid_from="2000-01-01")
    token, count, bumps, code = changes.fingerprint([COUNTY]).split(".")
    County.objects.filter(code__in=("95", "96")).update(name="Etter")  # one statement
    assert changes.fingerprint([COUNTY]) == f"{token}.{count}.{int(bumps) + 2}.{code}"
