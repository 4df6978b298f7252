"""The long CSV import: every row checked, then all of it stored in one transaction — or none."""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import itertools
import operator

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from boligsosial.core.formatting import format_number
from boligsosial.core.uploads import check_size
from boligsosial.municipalities.selectors import CodeError, codes_valid_at
from boligsosial.reporting import access, privacy
from boligsosial.reporting.models import (
    EDITABLE_STATUSES,
    Report,
    ReportingPeriod,
)
from boligsosial.reporting.selectors.entries import (
    Catalogue,
    ValueInput,
)
from boligsosial.reporting.transfer.common import (
    COLUMNS,
    MAX_CSV_ROWS,
    REQUIRED_COLUMNS,
    ImportRefused,
    ImportResult,
    RowError,
    _period_key,
    period_code_to_key,
    refused,
    unescape_text,
)
from boligsosial.reporting.transfer.store import _store
from boligsosial.reporting.validation import Entry


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
