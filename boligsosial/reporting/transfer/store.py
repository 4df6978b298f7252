"""Storing a checked CSV import: lock, re-check, raw multi-row inserts (COPY on PostgreSQL), audit."""

from __future__ import annotations

import itertools
import re
import sqlite3
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from boligsosial.audit.models import Action
from boligsosial.audit.services import record_many
from boligsosial.reporting.locking import lock_reports_of
from boligsosial.reporting.models import (
    EDITABLE_STATUSES,
    Report,
    ReportEvent,
    ReportStatus,
    ReportValue,
)
from boligsosial.reporting.selectors.entries import (
    derive_rates,
    history_for_outliers,
    is_outlier_for,
    stored_entries_of,
)
from boligsosial.reporting.transfer.common import (
    ImportRefused,
    ImportResult,
    RowError,
)
from boligsosial.reporting.validation import Entry


def _lock_targets(targets, reports, periods, lines_of) -> None:
    """Lock the reports the file writes and check their status again under the lock.

    The status read while the file was checked may be out of date: a submit or approval
    that committed meanwhile refuses the import. `reports` is refreshed in place (with a
    report someone else created meanwhile)."""
    keys = [context[-1] for context in targets]
    locked = {
        (r.participation_id, r.period_id): r
        for r in lock_reports_of({k[0] for k in keys}, {k[1] for k in keys})
    }
    errors = []
    for context in targets:
        key, period, participation = context[-1], context[1], context[2]
        report = locked.get(key)
        if report is None:
            continue
        changed = report.status not in EDITABLE_STATUSES or (
            key not in reports and report.template_id != periods[period.pk].template_id
        )
        if changed:
            errors.append(
                RowError(
                    lines_of.get(key, 1),
                    "periode",
                    _(
                        "Rapporten for %(m)s for %(p)s ble endret (status «%(s)s») mens filen "
                        "ble lest inn, og kan ikke endres ved import. Ingenting er lagret; "
                        "last inn filen på nytt."
                    )
                    % {
                        "m": participation.municipality.name,
                        "p": period.label,
                        "s": report.get_status_display(),
                    },
                )
            )
        reports[key] = report
    if errors:
        raise ImportRefused(errors)


@transaction.atomic
def _store(
    *,
    user,
    programme,
    targets,
    accepted,
    errors,
    reports,
    periods,
    catalogues,
    source_note,
    lines_of,
) -> ImportResult:
    """Create the reports the file needs, then write each value `accepted` yields while it
    checks the rest of the file. Raw multi-row inserts (COPY on PostgreSQL) rather than the
    ORM's bulk_create: building 300 000 model instances costs more than the database work
    itself, and this path is measured against 50 000 values a second. If any row is refused
    the COPY is abandoned and the transaction rolled back: nothing is stored."""
    result = ImportResult()
    _lock_targets(targets, reports, periods, lines_of)
    aware_now, now = _timestamps()
    note = source_note[:500]
    keys = [context[-1] for context in targets]
    missing = [key for key in keys if key not in reports]
    _create_reports(missing, periods, note, now, lines_of)
    # (participation, period) → (report id, template id)
    lookup = {
        (pid, period_id): (pk, template_id)
        for pk, pid, period_id, template_id in Report.objects.filter(
            period__programme=programme
        ).values_list("pk", "participation_id", "period_id", "template_id")
    }
    into, stored = _prepare_reports(keys, reports, periods, catalogues, lookup, aware_now)
    by_report = {context[-1]: context[5] for context in targets}
    rest = _rest(errors, by_report, stored, catalogues, lookup, result)
    _raw_insert(
        ReportValue,
        VALUE_COLUMNS,
        _value_rows(
            itertools.chain(
                ((context[-1], e) for context, e in accepted if not e.indicator.is_derived),
                rest,
            ),
            into,
            note,
            now,
        ),
    )
    result.reports_created = len(missing)
    result.reports_updated = len(stored)
    user_id = user.pk if user.is_authenticated else None
    _raw_insert(
        ReportEvent,
        ["report_id", "at", "user_id", "from_status", "to_status", "action", "comment"],
        [(lookup[k][0], now, user_id, "", ReportStatus.DRAFT, "import", note) for k in missing],
    )
    _record_import(user, targets, by_report, periods, note)
    return result


def _timestamps():
    """Now, and now as the raw inserts write it (adapted once rather than once per row)."""
    aware_now = timezone.now()
    if connection.vendor == "postgresql":
        # The value table's reference check (migration 0006) keeps this statement's new rows
        # in memory; PostgreSQL's default 4 MB would spill a national import to disk.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '128MB'")
        return aware_now, aware_now
    return aware_now, connection.ops.adapt_datetimefield_value(aware_now)


def _create_reports(missing, periods, note: str, now, lines_of) -> None:
    try:
        with transaction.atomic():
            _insert_reports(missing, periods, note, now)
    except IntegrityError as exc:  # created by someone else after the lock was taken
        raise ImportRefused(
            [
                RowError(
                    lines_of.get(key, 1),
                    "periode",
                    _(
                        "En av rapportene ble opprettet av noen andre mens filen ble lest inn. "
                        "Ingenting er lagret; last inn filen på nytt."
                    ),
                )
                for key in missing[:1]
            ]
        ) from exc


def _prepare_reports(keys, reports, periods, catalogues, lookup, aware_now):
    """Everything read from the database before the values are written (the rows are built
    while they stream into the table): per report key (report id, participation id, outlier
    history), and the stored entries of the reports the file updates — whose values are
    then removed (the file's and the kept ones are written again)."""
    existing = [reports[k] for k in keys if k in reports]
    if existing:
        # Someone editing one of these reports in a form now gets the "changed meanwhile" message.
        Report.objects.filter(pk__in=[r.pk for r in existing]).update(
            version=F("version") + 1, updated_at=aware_now
        )
    participation_ids = list({pid for pid, _period in keys})
    codes = list({code for c in catalogues.values() for code in c.indicators})
    histories = {
        (period.kind, period.start): history_for_outliers(
            participation_ids, codes, period.start, period.kind
        )
        for period in {periods[period_id] for _pid, period_id in keys}
    }
    # One query for every report the file updates (not one per report).
    by_id = stored_entries_of([r.pk for r in existing])
    stored = {key: by_id.get(reports[key].pk, {}) for key in keys if key in reports}
    if existing:
        ReportValue.objects.filter(report__in=[r.pk for r in existing]).delete()
    into = {}
    for key in keys:
        period = periods[key[1]]
        into[key] = (lookup[key][0], key[0], histories[(period.kind, period.start)])
    return into, stored


def _rest(errors, by_report, stored, catalogues, lookup, result):
    """After the last row: refuse the file if any row was refused; otherwise the values
    computed from others (derived rates) and, for a report that had values, the ones the
    file left as they were."""
    if errors:
        raise ImportRefused(errors)
    result.values = sum(len(entries) for entries in by_report.values())
    for key, report_entries in by_report.items():
        entries = report_entries.as_dict()  # one report's at a time
        before = stored.get(key)
        merged = entries if before is None else {**before, **entries}
        # What complete_entries does, without writing the outlier flag into an Entry:
        # import_rows shares one Entry between every report with the same value.
        derive_rates(merged, catalogues[lookup[key][1]])
        for e in merged.values():
            if e.indicator.is_derived or (before is not None and e.key not in entries):
                yield key, e


def _record_import(user, targets, by_report, periods, note: str) -> None:
    """One audit entry per municipality: what the import changed, on the participation's history."""
    participations = {context[0]: context[2] for context in targets}
    per_participation: dict[int, dict[str, int]] = {}
    for (pid, period_id), entries in by_report.items():
        per_participation.setdefault(pid, {})[periods[period_id].label] = len(entries)
    record_many(
        [
            {
                "user": user,
                "action": Action.IMPORT,
                "target": participations[pid],
                "target_repr": _("Import av rapporterte verdier"),
                "after": {_("Verdier per periode"): counts},
                "comment": note[:300],
            }
            for pid, counts in per_participation.items()
        ]
    )


def _insert_reports(missing, periods, note: str, now) -> None:
    """Draft reports for the (participation, period) keys the file needs and has no report for."""
    _raw_insert(
        Report,
        [
            "participation_id",
            "period_id",
            "template_id",
            "status",
            "review_comment",
            "data_source",
            "source_note",
            "version",
            "created_at",
            "updated_at",
        ],
        [
            (
                pid,
                period_id,
                periods[period_id].template_id,
                ReportStatus.DRAFT,
                "",
                "import",
                note,
                1,
                now,
                now,
            )
            for pid, period_id in missing
        ],
    )


MAX_CACHED_ROWS = 20_000


def _value_rows(values, into, note, now):
    """The value table's rows (VALUE_COLUMNS) for (report key, Entry) pairs, one at a time.
    A derived rate in the file is not written here: rest() writes the recomputed one."""
    # Each value is adapted once per shared Entry rather than once per row. SQLite: str,
    # Django's adapter for Decimal. PostgreSQL: a whole number goes to binary COPY as an
    # int (psycopg writes a numeric from an int three times faster than from a Decimal).
    adapt = str if connection.vendor == "sqlite" else _whole_as_int
    tails: dict[int, tuple] = {}
    for key, e in values:
        report_id, pid, history = into[key]
        # The row is built once per Entry; the cache holds the Entry itself, so its id
        # is never reused while it is in the cache.
        cached = tails.get(id(e))
        if cached is None or cached[0] is not e:
            if len(tails) >= MAX_CACHED_ROWS:
                tails.clear()  # bounded: the Entries it holds can go
            cached = tails[id(e)] = (e, _value_tail(e, e.is_outlier, adapt, note, now))
        tail = cached[1]
        if tail is None:
            continue
        if e.option is None:  # a total: its flag is recomputed, as in _complete_entries
            if history and is_outlier_for(e, pid, history):
                tail = _value_tail(e, True, adapt, note, now)
            elif e.is_outlier:
                tail = _value_tail(e, False, adapt, note, now)
        yield (report_id, *tail)


def _whole_as_int(value: Decimal) -> Decimal | int:
    return int(value) if value == value.to_integral_value() else value


def _value_tail(e: Entry, is_outlier: bool, adapt, note: str, now) -> tuple | None:
    """A value row after report_id (VALUE_COLUMNS), or None for an empty Entry (not stored)."""
    na = e.not_available
    value = e.value
    if not (
        na or value is not None or e.date_value is not None or e.comment.strip()
    ):  # Entry.is_empty
        return None
    if adapt is not None and value is not None:
        value = adapt(value)
    option = e.option
    return (
        e.indicator.id,
        option.id if option is not None else None,
        value,
        e.date_value,
        na,
        e.reason if na else "",
        e.comment,
        is_outlier,
        "import",
        note,
        now,
        now,
    )


VALUE_COLUMNS = [
    "report_id",
    "indicator_id",
    "option_id",
    "value",
    "date_value",
    "not_available",
    "not_available_reason",
    "comment",
    "is_outlier",
    "data_source",
    "source_note",
    "created_at",
    "updated_at",
]


def _raw_insert(model, columns: list[str], rows) -> None:
    """COPY on PostgreSQL, multi-row INSERTs elsewhere. Rows (any iterable, consumed once)
    are already valid (checked above)."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    # The driver's own cursor is used below: its errors are turned into Django's here.
    with connection.wrap_database_errors, connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Binary COPY: neither side turns numbers and timestamps into text and back.
            types = [
                re.sub(r"\(.*\)", "", model._meta.get_field(c).db_type(connection)).strip()
                for c in columns
            ]
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(types)
                write_row = copy.write_row
                for row in rows:
                    write_row(row)
            return
        # SQLite's default 2 MB page cache thrashes when hundreds of thousands of rows go
        # into three B-tree indexes at once; a larger cache for this insert only.
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -262144")
        try:
            # Many rows per INSERT statement: a third faster than executemany's one row a
            # statement. The statement is written with SQLite's own "?" placeholders and
            # run on the driver's cursor (Django's would rewrite 5 000 "%s" per statement).
            max_params = connection.features.max_query_params or 999
            per_statement = max(1, min(500, max_params // len(columns)))
            one = "(" + ", ".join(["?"] * len(columns)) + ")"
            raw_cursor = cursor.cursor
            execute = sqlite3.Cursor.execute
            full = f"INSERT INTO {table} ({names}) VALUES " + ", ".join([one] * per_statement)
            for chunk in itertools.batched(rows, per_statement):
                if len(chunk) == per_statement:
                    sql = full
                else:
                    sql = f"INSERT INTO {table} ({names}) VALUES " + ", ".join([one] * len(chunk))
                execute(raw_cursor, sql, list(itertools.chain.from_iterable(chunk)))
        finally:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")
