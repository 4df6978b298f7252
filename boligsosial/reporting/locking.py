"""Row locks for every write that depends on a report's status.

A write that depends on the state of a report (saving values, an import, a transition)
locks the report's row first and reads the status under the lock, so two writers are
serialised and the second sees what the first did.

PostgreSQL: `SELECT … FOR UPDATE`. SQLite has no row locks and ignores FOR UPDATE; there a
transaction takes the database's write lock with its first statement (a write that changes
nothing), so it waits for another writer instead of reading a state that is about to change
(and instead of failing with "database is locked" when it writes after reading).
"""

from collections.abc import Iterable

from django.db import connection

from boligsosial.reporting.models import Report


def _take_write_lock() -> None:
    if connection.vendor == "sqlite":
        assert connection.in_atomic_block, "locks are taken inside a transaction"
        with connection.cursor() as cursor:
            cursor.execute("UPDATE reporting_report SET version = version WHERE id = -1")


def lock_report(pk: int) -> Report:
    """The report, re-read under a row lock held until the transaction ends."""
    _take_write_lock()
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("participation__municipality", "period")
        .get(pk=pk)
    )


def lock_reports_of(participation_ids: Iterable[int], period_ids: Iterable[int]) -> list[Report]:
    """Every report of these participations and periods, locked (in id order: no deadlock)."""
    _take_write_lock()
    return list(
        Report.objects.select_for_update()
        .filter(participation_id__in=list(participation_ids), period_id__in=list(period_ids))
        .order_by("pk")
    )
