"""Checking the rows of a long CSV file, each distinct key once.

A national file repeats the same municipality-and-period and the same value text hundreds
of thousands of times. Every check depends only on one of these two keys, so each distinct
key is checked once (same rules, same messages) and rows reuse the outcome; only line
numbers and duplicates are per row. The keys are the cells as read (stripping happens once
per distinct key, not once per row).
"""

from __future__ import annotations

import array
import datetime as dt
import operator
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from boligsosial.municipalities.selectors import CodeError, codes_valid_at, load_code_history
from boligsosial.reporting import access, privacy
from boligsosial.reporting.models import EDITABLE_STATUSES, Report, ReportingPeriod
from boligsosial.reporting.selectors.entries import Catalogue, ValueInput
from boligsosial.reporting.transfer.common import (
    COLUMNS,
    RowError,
    _period_key,
    period_code_to_key,
    unescape_text,
)
from boligsosial.reporting.validation import Entry, key_for

# A context (what a (kommunenummer, periode) key resolves to) is one of:
#   (column, message)          a refusal;
#   ("", column, message)      both cells blank (the row is skipped if all of it is blank);
#   (pid, period, participation, catalogue, checked, ReportEntries, template id, report key)
CONTEXT_FIELDS = 8
# Distinct value cells whose outcome is remembered per template. A national file has a few
# hundred thousand; beyond this the memory is given back and outcomes are computed again.
MAX_REMEMBERED_CHECKS = 20_000


class ReportEntries:
    """The accepted values of one report, compactly: one slot per possible value of the
    template (an indicator's total or one of its options), holding the Entry and the line
    it came from. A national import keeps one of these per report and nothing per row."""

    __slots__ = ("count", "entries", "keys", "lines")

    def __init__(self, keys: list[str]):
        self.keys = keys
        self.entries: list[Entry | None] = [None] * len(keys)
        self.lines = array.array("l", [0]) * len(keys)
        self.count = 0

    def __len__(self) -> int:
        return self.count

    def as_dict(self) -> dict[str, Entry]:
        return {key: e for key, e in zip(self.keys, self.entries, strict=True) if e is not None}

    def values(self) -> Iterator[Entry]:
        return (e for e in self.entries if e is not None)


def _slots(catalogue: Catalogue) -> tuple[list[str], dict[str, int]]:
    """Every value key a template allows, numbered."""
    keys = []
    for code, options in catalogue.options.items():
        keys.append(key_for(code, None))
        keys.extend(key_for(code, option) for option in options)
    return keys, {key: slot for slot, key in enumerate(keys)}


class _Resolver:
    """Maps (kommunenummer, period) to the participation, through the registry.

    A participation follows its municipality through code changes: at a period's end it
    answers to the code(s) its registered code had become (or had been) then, so a row
    filed under the code valid in the period, or under an older or newer code of the same
    municipality, finds it. The code history is read once per file.
    """

    def __init__(self, programme):
        self.history = load_code_history()
        self.participations = list(programme.participations.select_related("municipality"))
        self.by_own_code: dict[str, list] = {}
        for participation in self.participations:
            self.by_own_code.setdefault(participation.municipality.code, []).append(participation)
        self.at_date: dict[dt.date, dict[str, list]] = {}
        self.cache: dict[tuple[str, dt.date], object] = {}

    def _by_code_at(self, at: dt.date) -> dict[str, list]:
        """Code valid at `at` → the participations whose municipality had that code then."""
        table = self.at_date.get(at)
        if table is None:
            table = {}
            for participation in self.participations:
                own = participation.municipality.code
                codes = set(codes_valid_at(own, at, history=self.history)) or {own}
                for code in codes:
                    table.setdefault(code, []).append(participation)
            self.at_date[at] = table
        return table

    def resolve(self, code: str, period: ReportingPeriod):
        key = (code, period.end)
        if key not in self.cache:
            self.cache[key] = self._resolve(code, period.end)
        return self.cache[key]

    def _resolve(self, code: str, at: dt.date):
        own = self.by_own_code.get(code, [])
        if len(own) == 1:  # the code the participation was registered under
            return own[0]
        table = self._by_code_at(at)
        try:
            codes = codes_valid_at(code, at, history=self.history)
        except CodeError as exc:
            return exc
        found = {p.id: p for c in codes or [code] for p in table.get(c, [])}
        if len(found) == 1:
            return next(iter(found.values()))
        return AmbiguousCode(sorted(p.municipality.name for p in found.values())) if found else None


class AmbiguousCode(list):
    """A code that answers to several participations at a date (they merged into it)."""


class FileCheck:
    """The checks of one file against one programme, with what they have found so far."""

    def __init__(self, *, user, programme, header: list[str]):
        self.user = user
        self.periods = {
            _period_key(p): p
            for p in ReportingPeriod.objects.filter(programme=programme).select_related("template")
        }
        self.resolver = _Resolver(programme)
        self.catalogues: dict[int, Catalogue] = {}
        self.reports = {
            (r.participation_id, r.period_id): r
            for r in Report.objects.filter(period__programme=programme)
        }
        self.can_fill: dict[int, bool] = {}
        self.errors: list[RowError] = []
        self.by_report: dict[tuple[int, int], ReportEntries] = {}
        # per template: (every value key, key → slot)
        self.slots: dict[int, tuple[list[str], dict[str, int]]] = {}
        self.period_cache: dict[str, ReportingPeriod | None] = {}
        self.width = len(header)
        self.contexts: dict[tuple[str, str], tuple] = {}
        # per template: (indikator, disaggregering, verdi, ikke_tilgjengelig, kommentar)
        # → (entry or None, [(column, message)], slot)
        self.checks: dict[int, dict[tuple, tuple]] = {}
        self._columns(header)

    def _columns(self, header: list[str]) -> None:
        index_of = {name: (header.index(name) if name in header else None) for name in COLUMNS}
        # Both are required columns (import_rows checks the header first).
        self.i_code: int = header.index("kommunenummer")
        self.i_period: int = header.index("periode")
        self.value_cells: Any
        indexes = tuple(
            index_of[n]
            for n in ("indikator", "disaggregering", "verdi", "ikke_tilgjengelig", "kommentar")
        )
        if None in indexes:

            def value_cells(row, indexes=indexes):
                return tuple(row[i] if i is not None else "" for i in indexes)

            self.value_cells = value_cells
        else:
            self.value_cells = operator.itemgetter(*indexes)

    # One (kommunenummer, periode) key -----------------------------------------------

    def _period(self, period_text: str) -> ReportingPeriod | None:
        if period_text not in self.period_cache:
            key = period_code_to_key(period_text)
            self.period_cache[period_text] = self.periods.get(key) if key else None
        return self.period_cache[period_text]

    def _participation(self, code: str, period: ReportingPeriod):
        """The participation the row reports for, or a (column, message) refusal."""
        participation = self.resolver.resolve(code, period)
        if isinstance(participation, CodeError):
            return ("kommunenummer", str(participation))
        if isinstance(participation, AmbiguousCode):
            return (
                "kommunenummer",
                _(
                    "Kommunenummer %(code)s gjelder i %(period)s flere programkommuner "
                    "(%(names)s). Bruk kommunenummeret hver av dem hadde i perioden."
                )
                % {"code": code, "period": period.label, "names": ", ".join(participation)},
            )
        if participation is None:
            return (
                "kommunenummer",
                _("Kommunenummer %(code)s hører ikke til en programkommune i %(period)s.")
                % {"code": code, "period": period.label},
            )
        pid = participation.id
        if pid not in self.can_fill:
            self.can_fill[pid] = access.can_fill_in(self.user, participation)
        if not self.can_fill[pid]:
            return (
                "kommunenummer",
                _("Du kan ikke rapportere for %(m)s.") % {"m": participation.municipality.name},
            )
        return participation

    def _catalogue(self, report, period: ReportingPeriod) -> tuple[int, Catalogue]:
        # By id: a report's template is loaded only for the first report that uses it.
        template_id = report.template_id if report else period.template_id
        catalogue = self.catalogues.get(template_id)
        if catalogue is None:
            template = report.template if report else period.template
            catalogue = self.catalogues[template_id] = Catalogue(template)
        return template_id, catalogue

    def context_for(self, code: str, period_text: str) -> tuple:
        period = self._period(period_text)
        if period is None:
            return (
                "periode",
                _(
                    "«%(p)s» er ikke en rapporteringsperiode i programmet. Bruk for eksempel 2010S1 (1. halvår) eller 2010 (år)."
                )
                % {"p": period_text},
            )
        participation = self._participation(code, period)
        if isinstance(participation, tuple):
            return participation
        pid = participation.id
        report = self.reports.get((pid, period.id))
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
        template_id, catalogue = self._catalogue(report, period)
        if template_id not in self.slots:
            self.slots[template_id] = _slots(catalogue)
        keys, slot_of = self.slots[template_id]
        key = (pid, period.id)
        entries = self.by_report.get(key)
        if entries is None:
            entries = self.by_report[key] = ReportEntries(keys)
        return (
            pid,
            period,
            participation,
            catalogue,
            self.checks.setdefault(template_id, {}),
            entries,
            slot_of,
            key,
        )

    def context_of(self, where: tuple[str, str]) -> tuple:
        context = self.contexts.get(where)
        if context is None:
            code, period_text = where[0].strip(), where[1].strip()
            context = self.context_for(code, period_text)
            if not code and not period_text:
                context = ("", *context)
            self.contexts[where] = context
        return context

    @property
    def refused_context(self) -> bool:
        """A row is refused already for its period, kommunenummer or access."""
        return any(len(c) == 2 for c in self.contexts.values())

    # One value ---------------------------------------------------------------------------

    @staticmethod
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

    # The file -----------------------------------------------------------------------------

    def where_of(self, row) -> tuple[str, str]:
        i_code, i_period = self.i_code, self.i_period
        return (
            row[i_code] if i_code < len(row) else "",
            row[i_period] if i_period < len(row) else "",
        )

    def scan(self, rows) -> tuple[list[tuple], dict[tuple[int, int], int]]:
        """Look up every distinct municipality-and-period: the reports the file writes, and
        the first line of each (for a refusal that concerns the whole report)."""
        first_line: dict[tuple[str, str], int] = {}
        contexts, where_of, context_of = self.contexts, self.where_of, self.context_of
        for line, row in enumerate(rows, start=2):
            where = where_of(row)
            if where not in contexts:
                context_of(where)
                first_line[where] = line
        # One per report (two spellings of a period or a code may lead to the same report).
        targets = list({c[-1]: c for c in contexts.values() if len(c) == CONTEXT_FIELDS}.values())
        lines_of: dict[tuple[int, int], int] = {}
        for where, line in first_line.items():
            if len(contexts[where]) == CONTEXT_FIELDS:
                lines_of.setdefault(contexts[where][-1], line)
        return targets, lines_of

    def accepted(self, rows) -> Iterator[tuple[tuple, Entry]]:
        """Check every row. While no row has been refused, yield (context, entry) for each
        accepted value; after a refusal only the refusals are collected, in `errors`."""
        contexts, errors, width = self.contexts, self.errors, self.width
        i_code, i_period, value_cells, check = (
            self.i_code,
            self.i_period,
            self.value_cells,
            self.check,
        )
        for line, row in enumerate(rows, start=2):
            if len(row) < width:
                if not any(cell.strip() for cell in row):
                    continue
                row = row + [""] * (width - len(row))
            context = contexts[row[i_code], row[i_period]]  # every one looked up in scan()
            if len(context) != CONTEXT_FIELDS:
                if len(context) == 3:
                    if not any(cell.strip() for cell in row):
                        continue
                    context = context[1:]
                errors.append(RowError(line, context[0], context[1]))
                continue
            _pid, period, participation, catalogue, checked, entries, slot_of, _key = context
            cells = value_cells(row)
            outcome = checked.get(cells)
            if outcome is None:
                if len(checked) >= MAX_REMEMBERED_CHECKS:
                    checked.clear()
                proto, found, entry_key = check(catalogue, cells)
                outcome = checked[cells] = (
                    proto,
                    found,
                    None if entry_key is None else slot_of[entry_key],
                )
            proto, found, slot = outcome
            if found:
                for column, message in found:
                    errors.append(RowError(line, column, message))
                if proto is None:
                    continue
            lines = entries.lines
            if lines[slot]:
                errors.append(self._duplicate(line, slot, participation, period, entries))
                continue
            lines[slot] = line
            # Equal values share one Entry; nothing changes it after this (_store does not
            # write the outlier flag into it).
            entries.entries[slot] = proto
            entries.count += 1
            if not errors:
                yield context, proto

    def stored_later(self, targets) -> Iterator[tuple[tuple, Entry]]:
        """(context, entry) for every accepted value, report by report: what accepted()
        yields, for a caller that checked the whole file before storing anything."""
        for context in targets:
            for entry in context[5].values():
                yield context, entry

    @staticmethod
    def _duplicate(line: int, slot: int, participation, period, entries) -> RowError:
        return RowError(
            line,
            "indikator",
            _("Samme verdi (%(key)s for %(m)s %(p)s) står også på linje %(other)s.")
            % {
                "key": entries.keys[slot],
                "m": participation.municipality.name,
                "p": period.label,
                "other": entries.lines[slot],
            },
        )
