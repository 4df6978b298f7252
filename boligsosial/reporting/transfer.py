"""Import and export of reported values.

Formats:
- long CSV (one value a row): kommunenummer, periode, indikator, disaggregering, verdi,
  kommentar, ikke_tilgjengelig (the reason; a value marked not available has an empty verdi);
- Excel per report (openpyxl), pre-filled with indicator codes and last period's values;
- Excel (long, like the CSV), JSON-stat 2.0 and DHIS2 dataValueSet JSON for exports.

Imports are all-or-nothing: every bad row is listed with its line, column and reason and
nothing is stored. A historic kommunenummer is mapped through the registry
(municipalities.selectors.codes_valid_at) to the participation's municipality.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import itertools
import operator
import re
import sqlite3
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from boligsosial.audit.models import Action, AuditEntry
from boligsosial.core.formatting import format_number
from boligsosial.core.spreadsheet import FORMULA_TRIGGERS, safe_row, safe_text
from boligsosial.core.uploads import check_size, check_zip_archive
from boligsosial.municipalities.selectors import CodeError, codes_valid_at
from boligsosial.reporting import access, privacy
from boligsosial.reporting.locking import lock_reports_of
from boligsosial.reporting.models import (
    EDITABLE_STATUSES,
    Report,
    ReportEvent,
    ReportingPeriod,
    ReportStatus,
    ReportValue,
    Unit,
)
from boligsosial.reporting.services import (
    Catalogue,
    ValueInput,
    _derive_rates,
    _outlier,
    history_for_outliers,
    report_save,
    stored_entries,
    stored_entries_of,
)
from boligsosial.reporting.validation import Entry

COLUMNS = [
    "kommunenummer",
    "periode",
    "indikator",
    "disaggregering",
    "verdi",
    "kommentar",
    "ikke_tilgjengelig",
]
REQUIRED_COLUMNS = COLUMNS[:5]
# Bounds on what an import may cost before it is refused (a national file has ~300 000 rows).
MAX_CSV_ROWS = 2_000_000
MAX_EXCEL_ROWS = 5_000
MAX_EXCEL_COLUMNS = 30


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Linje %(line)s, kolonne «%(column)s»: %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


class ImportRefused(Exception):
    """Nothing was stored; `errors` lists every bad row."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(
            _("Filen er ikke importert: %(n)s rader har feil. Ingenting er lagret.")
            % {"n": len({e.line for e in errors})}
        )


@dataclass
class ImportResult:
    values: int = 0
    reports_created: int = 0
    reports_updated: int = 0
    warnings: list[str] = field(default_factory=list)


def period_code_to_key(text: str) -> tuple[str, int, int | None] | None:
    """'2010S1', '2010H1', '2010-1', '2010 1. halvår' → ('half_year', 2010, 1); '2010' → ('year', 2010, None)."""
    text = (text or "").strip().upper()
    if re.fullmatch(r"\d{4}", text):
        return ("year", int(text), None)
    match = re.fullmatch(r"(\d{4})\s*[-\s]?(?:S|H)?\s*([12])(?:\.\s*HALVÅR)?", text)
    if match:
        return ("half_year", int(match.group(1)), int(match.group(2)))
    return None


def unescape_text(text: str) -> str:
    """A text as it was before an export made it inert (`'=…` → `=…`): a round trip keeps it."""
    if text[:1] == "'" and text[1:2] and text[1:2] in FORMULA_TRIGGERS:
        return text[1:]
    return text


def _sheet_row(values) -> list:
    """A worksheet row: formula-like text made inert, and the control characters a
    worksheet cannot hold (a pasted comment may have them) left out."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return [
        ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
        for value in safe_row(values)
    ]


def _period_key(period: ReportingPeriod) -> tuple[str, int, int | None]:
    return (
        period.kind,
        period.start.year,
        None if period.kind == "year" else (1 if period.start.month <= 6 else 2),
    )


# Import -------------------------------------------------------------------------------


class _Resolver:
    """Maps (kommunenummer, period) to the participation, through the registry when historic."""

    def __init__(self, programme):
        self.participations = {}
        for participation in programme.participations.select_related("municipality"):
            self.participations.setdefault(participation.municipality.code, []).append(
                participation
            )
        self.cache: dict[tuple[str, dt.date], object] = {}

    def resolve(self, code: str, period: ReportingPeriod):
        key = (code, period.end)
        if key in self.cache:
            return self.cache[key]
        for participation in self.participations.get(code, []):
            if participation.municipality.is_valid_at(period.end):
                self.cache[key] = participation
                return participation
        try:
            codes = codes_valid_at(code, period.end)
        except CodeError as exc:
            self.cache[key] = exc
            return exc
        found = [p for c in codes for p in self.participations.get(c, [])]
        result = found[0] if len(found) == 1 else None
        self.cache[key] = result
        return result


def refused(message: str, *, line: int = 1, column: str = "-") -> ImportRefused:
    return ImportRefused([RowError(line, column, message)])


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refused(
            _("Filen er ikke UTF-8-tekst. Lagre den som «CSV UTF-8» og prøv igjen."),
            line=data.count(b"\n", 0, exc.start) + 1,
        ) from exc


def read_csv(data: bytes | str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV file; a file too large, not UTF-8 or not CSV is refused."""
    try:
        check_size(data if isinstance(data, bytes) else data.encode(), what=_("CSV-filen"))
    except ValidationError as exc:
        raise refused(exc.messages[0]) from exc
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        rows = list(itertools.islice(reader, MAX_CSV_ROWS + 2))
    except csv.Error as exc:
        too_long = "field larger than field limit" in str(exc)
        raise refused(
            _("Filen kan ikke leses som CSV: en celle er lengre enn %(limit)s tegn.")
            % {"limit": format_number(csv.field_size_limit())}
            if too_long
            else _(
                "Filen kan ikke leses som CSV: den inneholder tegn som ikke hører hjemme i en "
                "tekstfil (for eksempel NUL-tegn)."
            ),
            line=reader.line_num,
        ) from exc
    if len(rows) > MAX_CSV_ROWS + 1:
        raise refused(
            _("Filen har mer enn %(limit)s rader. Del den opp i flere filer.")
            % {"limit": format_number(MAX_CSV_ROWS)},
            line=MAX_CSV_ROWS + 2,
        )
    if not rows:
        return [], []
    return [h.strip().lower() for h in rows[0]], rows[1:]


def import_rows(
    *, user, programme, header: list[str], rows: list[list[str]], source_note: str = ""
) -> ImportResult:
    """Validate every row, then store all of them in one transaction — or none."""
    if not access.can_import(user):
        raise PermissionDenied
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ImportRefused(
            [
                RowError(
                    1,
                    c,
                    _("Kolonnen mangler. Første linje må være: %(cols)s.")
                    % {"cols": ",".join(COLUMNS)},
                )
                for c in missing
            ]
        )
    col = {name: header.index(name) for name in COLUMNS if name in header}
    periods = {
        _period_key(p): p
        for p in ReportingPeriod.objects.filter(programme=programme).select_related("template")
    }
    resolver = _Resolver(programme)
    catalogues: dict[int, Catalogue] = {}
    reports = {
        (r.participation_id, r.period_id): r
        for r in Report.objects.filter(period__programme=programme)
    }
    can_fill: dict[int, bool] = {}
    errors: list[RowError] = []
    by_report: dict[tuple[int, int], dict[str, Entry]] = {}
    period_cache: dict[str, ReportingPeriod | None] = {}
    width = len(header)

    index_of = {name: col.get(name) for name in COLUMNS}
    i_code, i_period, i_indicator, i_value = (
        index_of[n] for n in ("kommunenummer", "periode", "indikator", "verdi")
    )
    i_option, i_comment, i_reason = (
        index_of[n] for n in ("disaggregering", "kommentar", "ikke_tilgjengelig")
    )
    # A national file repeats the same municipality-and-period and the same value text
    # hundreds of thousands of times. Every check below depends only on one of these two
    # keys, so each distinct key is checked once (same rules, same messages) and rows reuse
    # the outcome; only line numbers and duplicates are per row. The keys are the cells as
    # read (stripping happens once per distinct key, not once per row).
    # (kommunenummer, periode) → (column, message) of a refusal; ("", column, message) when
    # both are blank (the row is skipped if every other cell is blank too); or
    # (pid, period, participation, catalogue, checked, entries, lines)
    contexts: dict[tuple[str, str], tuple] = {}
    # per template: (indikator, disaggregering, verdi, ikke_tilgjengelig, kommentar) → (entry or None, [(column, message)], key)
    checks: dict[int, dict[tuple, tuple]] = {}
    lines_by_report: dict[tuple[int, int], dict[str, int]] = {}
    if None in (i_option, i_reason, i_comment):

        def value_cells(row, indexes=(i_indicator, i_option, i_value, i_reason, i_comment)):
            return tuple(row[i] if i is not None else "" for i in indexes)
    else:
        value_cells = operator.itemgetter(i_indicator, i_option, i_value, i_reason, i_comment)

    def context_for(code: str, period_text: str) -> tuple:
        if period_text not in period_cache:
            key = period_code_to_key(period_text)
            period_cache[period_text] = periods.get(key) if key else None
        period = period_cache[period_text]
        if period is None:
            return (
                "periode",
                _(
                    "«%(p)s» er ikke en rapporteringsperiode i programmet. Bruk for eksempel 2010S1 (1. halvår) eller 2010 (år)."
                )
                % {"p": period_text},
            )
        participation = resolver.resolve(code, period)
        if isinstance(participation, CodeError):
            return ("kommunenummer", str(participation))
        if participation is None:
            return (
                "kommunenummer",
                _("Kommunenummer %(code)s hører ikke til en programkommune i %(period)s.")
                % {"code": code, "period": period.label},
            )
        pid = participation.id
        if pid not in can_fill:
            can_fill[pid] = access.can_fill_in(user, participation)
        if not can_fill[pid]:
            return (
                "kommunenummer",
                _("Du kan ikke rapportere for %(m)s.") % {"m": participation.municipality.name},
            )
        report = reports.get((pid, period.id))
        if report is not None and report.status not in EDITABLE_STATUSES:
            return (
                "periode",
                _("Rapporten for %(m)s for %(p)s har status «%(s)s» og kan ikke endres ved import.")
                % {
                    "m": participation.municipality.name,
                    "p": period.label,
                    "s": report.get_status_display(),
                },
            )
        # By id: a report's template is loaded only for the first report that uses it.
        template_id = report.template_id if report else period.template_id
        catalogue = catalogues.get(template_id)
        if catalogue is None:
            template = report.template if report else period.template
            catalogue = catalogues[template_id] = Catalogue(template)
        key = (pid, period.id)
        return (
            pid,
            period,
            participation,
            catalogue,
            checks.setdefault(template_id, {}),
            by_report.setdefault(key, {}),
            lines_by_report.setdefault(key, {}),
            key,
        )

    def check(catalogue: Catalogue, cells: tuple) -> tuple:
        indicator_code, option_code, raw, reason, comment = (cell.strip() for cell in cells)
        reason, comment = unescape_text(reason), unescape_text(comment)
        item = ValueInput(
            indicator_code=indicator_code,
            option_code=option_code or None,
            raw=raw,
            not_available=bool(reason),
            reason=reason,
            comment=comment,
        )
        entry, problems = catalogue.entry(item)
        if entry is None:
            column = (
                "disaggregering"
                if item.option_code and item.indicator_code in catalogue.indicators
                else "indikator"
            )
            return None, [(column, problems[0])], None
        found = [
            (
                "ikke_tilgjengelig"
                if "ikke tilgjengelig" in problem and not entry.value
                else "verdi",
                problem,
            )
            for problem in problems
        ]
        for name, text in (("kommentar", entry.comment), ("ikke_tilgjengelig", entry.reason)):
            if text and privacy.contains_identity_number(text):
                found.append(
                    (
                        name,
                        _(
                            "Teksten inneholder et tall som ser ut som et fødselsnummer eller D-nummer. Fjern det; rapporter skal ikke inneholde personopplysninger."
                        ),
                    )
                )
        return entry, found, entry.key

    def where_of(row) -> tuple[str, str]:
        return (
            row[i_code] if i_code < len(row) else "",
            row[i_period] if i_period < len(row) else "",
        )

    def context_of(where: tuple[str, str]) -> tuple:
        context = contexts.get(where)
        if context is None:
            code, period_text = where[0].strip(), where[1].strip()
            context = context_for(code, period_text)
            if not code and not period_text:
                context = ("", *context)
            contexts[where] = context
        return context

    def accepted():
        """Check every row. While no row has been refused, yield (context, entry) for each
        accepted value; after a refusal only the refusals are collected, in `errors`."""
        for line, row in enumerate(rows, start=2):
            if len(row) < width:
                if not any(cell.strip() for cell in row):
                    continue
                row = row + [""] * (width - len(row))
            context = contexts[row[i_code], row[i_period]]  # every one looked up below
            if len(context) != 8:
                if len(context) == 3:
                    if not any(cell.strip() for cell in row):
                        continue
                    context = context[1:]
                errors.append(RowError(line, context[0], context[1]))
                continue
            _pid, period, participation, catalogue, checked, entries, lines, _key = context
            cells = value_cells(row)
            outcome = checked.get(cells)
            if outcome is None:
                outcome = checked[cells] = check(catalogue, cells)
            proto, found, entry_key = outcome
            if found:
                for column, message in found:
                    errors.append(RowError(line, column, message))
                if proto is None:
                    continue
            if entry_key in lines:
                errors.append(
                    RowError(
                        line,
                        "indikator",
                        _("Samme verdi (%(key)s for %(m)s %(p)s) står også på linje %(other)s.")
                        % {
                            "key": entry_key,
                            "m": participation.municipality.name,
                            "p": period.label,
                            "other": lines[entry_key],
                        },
                    )
                )
                continue
            lines[entry_key] = line
            # Equal values share one Entry; nothing changes it after this (_store does not
            # write the outlier flag into it).
            entries[entry_key] = proto
            if not errors:
                yield context, proto

    # Every distinct municipality-and-period is looked up first (a quick pass): the reports
    # the file needs are then known before any value is checked, so on PostgreSQL the
    # values go to the server while later rows are still being checked. All of it is one
    # transaction, rolled back if any row is refused.
    first_line: dict[tuple[str, str], int] = {}
    for line, row in enumerate(rows, start=2):
        where = where_of(row)
        if where not in contexts:
            context_of(where)
            first_line[where] = line
    targets = [context for context in contexts.values() if len(context) == 8]
    lines_of: dict[tuple[int, int], int] = {}
    for where, line in first_line.items():
        if len(contexts[where]) == 8:
            lines_of.setdefault(contexts[where][-1], line)
    values = accepted()
    if connection.vendor != "postgresql" or any(len(c) == 2 for c in contexts.values()):
        # SQLite works in this process, so there is nothing to overlap: every row is checked
        # before anything is written (interleaving the two was slower). The same when a row
        # is refused already (period, kommunenummer or access): check the rest and report,
        # without touching the database.
        values = list(values)
        if errors:
            raise ImportRefused(errors)
    return _store(
        user=user,
        programme=programme,
        targets=targets,
        accepted=values,
        errors=errors,
        reports=reports,
        periods={p.pk: p for p in periods.values()},
        catalogues=catalogues,
        source_note=source_note,
        lines_of=lines_of,
    )


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
    if connection.vendor == "postgresql":
        # The value table's reference check (migration 0006) keeps this statement's new rows
        # in memory; PostgreSQL's default 4 MB would spill a national import to disk.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '128MB'")
    aware_now = timezone.now()
    # Raw inserts: adapt the timestamp once rather than once per row.
    now = (
        connection.ops.adapt_datetimefield_value(aware_now)
        if connection.vendor == "sqlite"
        else aware_now
    )
    note = source_note[:500]
    user_id = user.pk if user.is_authenticated else None
    keys = [context[-1] for context in targets]
    missing = [key for key in keys if key not in reports]
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
    # (participation, period) → (report id, template id)
    lookup = {
        (pid, period_id): (pk, template_id)
        for pk, pid, period_id, template_id in Report.objects.filter(
            period__programme=programme
        ).values_list("pk", "participation_id", "period_id", "template_id")
    }
    existing = [reports[k] for k in keys if k in reports]
    if existing:
        # Someone editing one of these reports in a form now gets the "changed meanwhile" message.
        Report.objects.filter(pk__in=[r.pk for r in existing]).update(
            version=F("version") + 1, updated_at=aware_now
        )
    participation_ids = list({pid for pid, _period in keys})
    codes = list({code for c in catalogues.values() for code in c.indicators})
    # Everything read from the database is read before the values are written: the rows
    # are built while they stream into the table.
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
    # report key → (report id, participation id, outlier history)
    into = {}
    for key in keys:
        period = periods[key[1]]
        into[key] = (lookup[key][0], key[0], histories[(period.kind, period.start)])
    by_report = {context[-1]: context[5] for context in targets}

    def rest():
        """After the last row: refuse the file if any row was refused; otherwise the
        values computed from others (derived rates) and, for a report that had values,
        the ones the file left as they were."""
        if errors:
            raise ImportRefused(errors)
        result.values = sum(len(entries) for entries in by_report.values())
        for key, entries in by_report.items():
            before = stored.get(key)
            merged = entries if before is None else {**before, **entries}
            # What _complete_entries does, without writing the outlier flag into an Entry:
            # import_rows shares one Entry between every report with the same value.
            _derive_rates(merged, catalogues[lookup[key][1]])
            for e in merged.values():
                if e.indicator.is_derived or (before is not None and e.key not in entries):
                    yield key, e

    _raw_insert(
        ReportValue,
        VALUE_COLUMNS,
        _value_rows(
            itertools.chain(
                ((context[-1], e) for context, e in accepted if not e.indicator.is_derived),
                rest(),
            ),
            into,
            note,
            now,
        ),
    )
    result.reports_created = len(missing)
    result.reports_updated = len(stored)
    _raw_insert(
        ReportEvent,
        ["report_id", "at", "user_id", "from_status", "to_status", "action", "comment"],
        [(lookup[k][0], now, user_id, "", ReportStatus.DRAFT, "import", note) for k in missing],
    )
    # One audit entry per municipality: what the import changed, on the participation's history.
    from boligsosial.programmes.models import Participation

    per_participation: dict[int, dict[str, int]] = {}
    for (pid, period_id), entries in by_report.items():
        per_participation.setdefault(pid, {})[periods[period_id].label] = len(entries)
    participation_type = ContentType.objects.get_for_model(Participation)
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                user_id=user_id,
                action=Action.IMPORT,
                target_type=participation_type,
                target_id=str(pid),
                target_repr=_("Import av rapporterte verdier"),
                scope_type=participation_type,
                scope_id=str(pid),
                after={_("Verdier per periode"): counts},
                comment=note[:300],
            )
            for pid, counts in per_participation.items()
        ]
    )
    return result


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
            cached = tails[id(e)] = (e, _value_tail(e, e.is_outlier, adapt, note, now))
        tail = cached[1]
        if tail is None:
            continue
        if e.option is None:  # a total: its flag is recomputed, as in _complete_entries
            if history and _outlier(e, pid, history):
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
            per_statement = max(1, min(500, connection.features.max_query_params // len(columns)))
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


def import_csv(*, user, programme, data: bytes | str, source_note: str = "") -> ImportResult:
    # A national file makes millions of short-lived objects; the cyclic garbage collector
    # would rescan them again and again (import time grew faster than the file). Nothing
    # here makes reference cycles, so it is paused for the import.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        header, rows = read_csv(data)
        return import_rows(
            user=user, programme=programme, header=header, rows=rows, source_note=source_note
        )
    finally:
        if gc_was_enabled:
            gc.enable()


# Export -------------------------------------------------------------------------------


def export_values(
    programme, *, user, period_ids=None, indicator_codes=None, approved_only: bool = False
):
    """ReportValue rows the user may see, ordered for long formats."""
    qs = ReportValue.objects.filter(
        report__period__programme=programme, report__in=access.visible_reports(user)
    )
    if approved_only:
        qs = qs.filter(report__status=ReportStatus.APPROVED)
    if period_ids:
        qs = qs.filter(report__period_id__in=period_ids)
    if indicator_codes:
        qs = qs.filter(indicator__code__in=indicator_codes)
    return qs.select_related(
        "report__participation__municipality", "report__period", "indicator", "option"
    ).order_by(
        "report__participation__municipality__code",
        "report__period__start",
        "report__period__kind",
        "indicator__order",
        "indicator__code",
        "option__code",
    )


def _value_text(row: ReportValue) -> str:
    if row.not_available:
        return ""
    if row.date_value:
        return row.date_value.isoformat()
    if row.value is None:
        return ""
    return format(row.value.normalize(), "f")


def long_rows(values) -> list[list[str]]:
    return [
        [
            row.report.participation.municipality.code,
            row.report.period.code,
            row.indicator.code,
            row.option.code if row.option_id else "",
            _value_text(row),
            safe_text(row.comment),
            safe_text(row.not_available_reason) if row.not_available else "",
        ]
        for row in values
        if not row.indicator.is_derived
    ]


def to_csv(values) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(long_rows(values))
    return buffer.getvalue()


def to_excel_long(values) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Verdier"
    sheet.append(COLUMNS)
    for row in long_rows(values):
        sheet.append(_sheet_row(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_jsonstat(values, *, programme) -> dict:
    """A JSON-stat 2.0 dataset (kommune × periode × indikator × kategori), sparse values.

    Written by hand rather than with pyjstat: pyjstat needs a complete cube in a pandas
    frame and has no place for "not available" (JSON-stat `status`) or per-indicator units.
    """
    rows = list(values)
    municipalities: dict[str, str] = {}
    periods: dict[str, str] = {}
    indicators: dict[str, object] = {}
    categories: dict[str, str] = {"total": _("I alt")}
    for row in rows:
        municipalities.setdefault(
            row.report.participation.municipality.code, row.report.participation.municipality.name
        )
        periods.setdefault(row.report.period.code, row.report.period.label)
        indicators.setdefault(row.indicator.code, row.indicator)
        if row.option_id:
            categories.setdefault(row.option.code, str(row.option))
    ids = ["kommune", "periode", "indikator", "kategori"]
    dims = [municipalities, periods, {c: i.name for c, i in indicators.items()}, categories]
    index = [{code: n for n, code in enumerate(d)} for d in dims]
    size = [len(d) for d in dims]
    value: dict[str, float | None] = {}
    status: dict[str, str] = {}
    for row in rows:
        coords = [
            row.report.participation.municipality.code,
            row.report.period.code,
            row.indicator.code,
            row.option.code if row.option_id else "total",
        ]
        flat = 0
        for position, coord in enumerate(coords):
            flat = flat * size[position] + index[position][coord]
        if row.not_available:
            value[str(flat)] = None
            status[str(flat)] = "na"
        elif row.value is not None:
            value[str(flat)] = float(row.value)
    unit = {
        code: {"label": i.get_unit_display(), "decimals": 0 if i.whole_number else 1}
        for code, i in indicators.items()
    }
    return {
        "version": "2.0",
        "class": "dataset",
        "label": _("Rapporterte verdier – %(programme)s") % {"programme": programme.name},
        "source": "Boligsosial",
        "updated": timezone.now().replace(microsecond=0).isoformat(),
        "id": ids,
        "size": size,
        "role": {"geo": ["kommune"], "time": ["periode"], "metric": ["indikator"]},
        "dimension": {
            "kommune": {
                "label": _("Kommune"),
                "category": {"index": index[0], "label": municipalities},
            },
            "periode": {"label": _("Periode"), "category": {"index": index[1], "label": periods}},
            "indikator": {
                "label": _("Indikator"),
                "category": {"index": index[2], "label": dims[2], "unit": unit},
            },
            "kategori": {
                "label": _("Kategori"),
                "category": {"index": index[3], "label": categories},
            },
        },
        "value": value,
        "status": status,
        "extension": {"status": {"na": _("ikke tilgjengelig")}},
    }


def to_dhis2(values) -> dict:
    """DHIS2 dataValueSet JSON. Data elements are indicator codes, org units kommunenummer,
    periods DHIS2's six-monthly (2010S1) or yearly (2010); a category is the option code."""
    data_values = []
    for row in values:
        if row.indicator.is_derived or (
            row.value is None and row.date_value is None and not row.not_available
        ):
            continue
        item = {
            "dataElement": row.indicator.code,
            "period": row.report.period.code,
            "orgUnit": row.report.participation.municipality.code,
            "categoryOptionCombo": row.option.code if row.option_id else "default",
            "value": "" if row.not_available else _value_text(row),
        }
        comment = (
            row.comment
            if not row.not_available
            else (_("Ikke tilgjengelig: %(reason)s") % {"reason": row.not_available_reason})
        )
        if comment:
            item["comment"] = comment
        data_values.append(item)
    return {"dataValues": data_values}


# Excel per report -----------------------------------------------------------------------

EXCEL_HEADER = [
    "indikator",
    "disaggregering",
    "navn",
    "enhet",
    "forrige_periode",
    "verdi",
    "ikke_tilgjengelig",
    "kommentar",
]


def previous_report(report: Report) -> Report | None:
    return (
        Report.objects.filter(
            participation=report.participation,
            period__kind=report.period.kind,
            period__start__lt=report.period.start,
        )
        .order_by("-period__start")
        .first()
    )


def report_workbook(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    catalogue = Catalogue(report.template)
    current = stored_entries(report)
    previous = previous_report(report)
    before = stored_entries(previous) if previous else {}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Verdier"
    sheet.append(EXCEL_HEADER)
    for c in sheet[1]:
        c.font = Font(bold=True)
    for indicator in catalogue.indicators.values():
        if indicator.is_derived:
            continue
        for option in [None, *catalogue.options[indicator.code].values()]:
            key = indicator.code if option is None else f"{indicator.code}.{option.code}"
            entry, old = current.get(key), before.get(key)
            sheet.append(
                _sheet_row(
                    [
                        indicator.code,
                        option.code if option else "",
                        indicator.name + (f" – {option}" if option else ""),
                        indicator.get_unit_display(),
                        _entry_cell(old),
                        _entry_cell(entry) if entry and not entry.not_available else "",
                        entry.reason if entry and entry.not_available else "",
                        entry.comment if entry else "",
                    ]
                )
            )
    yes_no = DataValidation(type="list", formula1='"ja,nei"', allow_blank=True)
    sheet.add_data_validation(yes_no)
    for row in sheet.iter_rows(min_row=2):
        if row[0].value and catalogue.indicators[row[0].value].unit == Unit.YES_NO:
            yes_no.add(row[5])
    for letter, width in zip("ABCDEFGH", (28, 18, 60, 12, 16, 14, 30, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    text = workbook.create_sheet("Tekst")
    text.append(["sporsmal", "tekst", "svar"])
    answers = {a.question_id: a.text for a in report.answers.all()}
    for question in report.template.questions.all():
        text.append(_sheet_row([question.code, question.text, answers.get(question.pk, "")]))
    about = workbook.create_sheet("Om")
    for pair in (
        ("rapport_id", report.pk),
        ("kommunenummer", report.participation.municipality.code),
        ("kommune", report.participation.municipality.name),
        ("periode", report.period.code),
        ("versjon", report.version),
        ("forrige_periode", previous.period.code if previous else ""),
    ):
        about.append(_sheet_row(pair))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _entry_cell(entry: Entry | None):
    if entry is None:
        return ""
    if entry.not_available:
        return "ikke tilgjengelig"
    if entry.date_value:
        return entry.date_value.strftime("%d.%m.%Y")
    if entry.value is None:
        return ""
    if entry.indicator.unit == Unit.YES_NO:
        return "ja" if entry.value else "nei"
    return (
        int(entry.value) if entry.value == entry.value.to_integral_value() else float(entry.value)
    )


def _open_workbook(data: bytes):
    """The workbook, read only — after its size and its zip archive are checked (a small
    .xlsx can expand to gigabytes)."""
    from openpyxl import load_workbook

    what = _("Excel-filen")
    try:
        check_size(data, what=what)
        check_zip_archive(data, what=what)
    except ValidationError as exc:
        raise refused(exc.messages[0]) from exc
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a non-Excel file
        raise refused(_("Filen kan ikke leses som en Excel-fil (.xlsx).")) from exc


def _sheet_rows(workbook, name: str, *, limit: int | None = None) -> list[tuple]:
    limit = MAX_EXCEL_ROWS if limit is None else limit
    rows = list(
        itertools.islice(
            workbook[name].iter_rows(values_only=True, max_col=MAX_EXCEL_COLUMNS), limit + 1
        )
    )
    if len(rows) > limit:
        raise refused(
            _("Arket «%(sheet)s» har mer enn %(limit)s rader. Bruk Excel-filen fra rapporten.")
            % {"sheet": name, "limit": format_number(limit)},
            line=limit + 1,
        )
    return rows


def _check_workbook_belongs_to(workbook, report: Report) -> None:
    if "Verdier" not in workbook.sheetnames:
        raise refused(_("Arket «Verdier» mangler. Bruk Excel-filen som lastes ned fra rapporten."))
    about = (
        {str(r[0]): r[1] for r in _sheet_rows(workbook, "Om", limit=50) if r and r[0]}
        if "Om" in workbook.sheetnames
        else {}
    )
    if about.get("rapport_id") not in (None, report.pk):
        raise refused(
            _("Filen hører til en annen rapport (%(other)s).")
            % {"other": about.get("kommune", about.get("rapport_id"))}
        )


def _excel_text(value) -> str:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else unescape_text(str(value).strip())


def _excel_input(cell) -> ValueInput:
    """One row of the Verdier sheet as a ValueInput (a decimal point read as a comma)."""
    raw, reason = cell("verdi"), cell("ikke_tilgjengelig")
    item = ValueInput(
        indicator_code=cell("indikator"),
        option_code=cell("disaggregering") or None,
        raw=raw.replace(".", ",") if re.fullmatch(r"-?\d+\.\d+", raw) else raw,
        not_available=bool(reason) or raw.lower() == "ikke tilgjengelig",
        reason=reason,
        comment=cell("kommentar"),
    )
    if item.raw.lower() == "ikke tilgjengelig":
        item.raw = ""
    return item


def _read_values(workbook) -> tuple[list[ValueInput], dict[str, int]]:
    """The values of the Verdier sheet, and the line each came from (by value key)."""
    rows = _sheet_rows(workbook, "Verdier")
    header = [str(h or "").strip().lower() for h in rows[0]] if rows else []
    if "indikator" not in header or "verdi" not in header:
        raise refused(
            _("Første rad må være overskriftene: %(cols)s.") % {"cols": ", ".join(EXCEL_HEADER)},
            column="indikator",
        )
    col = {name: header.index(name) for name in EXCEL_HEADER if name in header}
    inputs, lines = [], {}
    for line, row in enumerate(rows[1:], start=2):

        def cell(name, row=row):
            index = col.get(name)
            return _excel_text(row[index] if index is not None and index < len(row) else None)

        if not cell("indikator"):
            continue
        item = _excel_input(cell)
        inputs.append(item)
        lines[item.key] = line
    return inputs, lines


def _read_answers(workbook) -> dict[str, str]:
    answers = {}
    if "Tekst" in workbook.sheetnames:
        for row in _sheet_rows(workbook, "Tekst")[1:]:
            if row and row[0]:
                answers[str(row[0])] = (
                    "" if len(row) < 3 or row[2] is None else unescape_text(str(row[2]))
                )
    return answers


def _refusal_of(exc: ValidationError, lines: dict[str, int]) -> ImportRefused:
    """report_save's refusal (keyed by value) as rows of the workbook."""
    errors = []
    for key, messages in (
        exc.message_dict.items() if hasattr(exc, "error_dict") else [("-", exc.messages)]
    ):
        line = lines.get(key.removesuffix(".reason"), 1)
        for message in messages:
            errors.append(RowError(line, "verdi" if key in lines else key, message))
    return ImportRefused(sorted(errors, key=lambda e: e.line))


def import_report_workbook(
    *, user, report: Report, data: bytes, version: int | None
) -> dict[str, list[str]]:
    """Read a workbook from `report_workbook` and save it through report_save (same rules)."""
    workbook = _open_workbook(data)
    try:
        _check_workbook_belongs_to(workbook, report)
        inputs, lines = _read_values(workbook)
        answers = _read_answers(workbook)
    except ImportRefused:
        raise
    except Exception as exc:  # a damaged sheet fails only when its rows are read
        raise refused(_("Filen kan ikke leses som en Excel-fil (.xlsx).")) from exc
    finally:
        workbook.close()
    try:
        return report_save(
            user=user,
            report=report,
            version=version,
            values=inputs,
            answers=answers,
            source="import",
            source_note=_("Excel-fil"),
        )
    except ValidationError as exc:
        raise _refusal_of(exc, lines) from exc


def decimal_or_none(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))
