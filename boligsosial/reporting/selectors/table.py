"""The programme-wide table: one indicator for every visible municipality and period."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from boligsosial.reporting.models import (
    Indicator,
    ReportingPeriod,
    ReportStatus,
    ReportValue,
)
from boligsosial.reporting.selectors.programme import indicator_for

if TYPE_CHECKING:
    from boligsosial.accounts.models import User
    from boligsosial.programmes.models import Participation, Programme


@dataclass
class Cell:
    value: Decimal | None = None
    not_available: bool = False
    reported: bool = False
    suppressed: bool = False
    report_id: int | None = None
    text: str = (
        ""  # as shown: "1 234", "under 3", "ikke tilgjengelig" or "–" (set by programme_table)
    )


@dataclass
class ProgrammeTable:
    indicator: Indicator
    columns: list[tuple[str, str]]  # (code, label)
    rows: list[tuple[Participation, list[Cell]]]  # (participation, cells)
    totals: list[Cell]
    total_notes: list[str]
    suppressed_any: bool = False


def _cell_text(cell: Cell) -> str:
    from django.utils.translation import gettext as _

    from boligsosial.core.formatting import MISSING, format_number
    from boligsosial.reporting import privacy

    if cell.suppressed:
        return privacy.small_count_label()
    if cell.not_available:
        return _("ikke tilgjengelig")
    if not cell.reported:
        return MISSING
    return format_number(cell.value)


def _group_periods(
    periods: list[ReportingPeriod], per_year: bool
) -> list[tuple[str, str, list[int]]]:
    """[(column code, label, [period ids])]; half-years are merged into years when per_year."""
    if not per_year:
        return [(p.code, p.label, [p.pk]) for p in periods]
    years: dict[int, list[int]] = {}
    for p in periods:
        if p.kind == "half_year":
            years.setdefault(p.start.year, []).append(p.pk)
    return [(str(year), str(year), ids) for year, ids in sorted(years.items())]


def _table_periods(programme: Programme, per_year: bool) -> list[ReportingPeriod]:
    kind_filter = {"kind": "half_year"} if per_year else {}
    periods = list(
        ReportingPeriod.objects.filter(programme=programme, **kind_filter).order_by("start", "kind")
    )
    if not per_year and "half_year" in {p.kind for p in periods}:
        periods = [p for p in periods if p.kind == "half_year"]
    return periods


def _table_participations(user: User, programme: Programme) -> list:
    from boligsosial.programmes.access import visible_participations

    # Only the municipality is shown; the programme and contact joins of
    # visible_participations are left out (they load lazily if someone asks).
    return list(
        visible_participations(user)
        .filter(programme=programme)
        .select_related(None)
        .select_related("municipality")
        .order_by("municipality__name")
    )


def _table_values(
    programme: Programme,
    codes: list[str],
    disaggregation: str | None,
    participations: list[Participation],
    periods: list[ReportingPeriod],
) -> dict[tuple[int, int, str], tuple]:
    """{(participation id, period id, indicator code): (value, not available, report id)}."""
    from boligsosial.reporting.models import DimensionOption

    # Filter on indicator and option ids: the covering (indicator, option, report,
    # not_available, value) index then answers without reading the value table.
    indicator_codes = dict(Indicator.objects.filter(code__in=codes).values_list("pk", "code"))
    option_id = None
    if disaggregation:
        option_id = (
            DimensionOption.objects.filter(code=disaggregation).values_list("pk", flat=True).first()
        )
    visible_ids = {p.pk for p in participations}
    period_ids = {p.pk for p in periods}
    qs = ReportValue.objects.filter(
        indicator_id__in=list(indicator_codes),
        option_id=option_id,
        report__status=ReportStatus.APPROVED,
        report__period__programme=programme,
    ).values_list(
        "report__participation_id",
        "report__period_id",
        "indicator_id",
        "value",
        "not_available",
        "report_id",
    )
    raw: dict[tuple[int, int, str], tuple] = {}
    # Only the value is converted; not_available is only tested for truth.
    for pid, period_id, indicator_id, value, na, report_id in _values_rows(qs, only={3}):
        if pid in visible_ids and period_id in period_ids:
            raw[(pid, period_id, indicator_codes[indicator_id])] = (value, na, report_id)
    return raw


def _sum(cells: list[Cell]) -> Decimal:
    """The sum of reported cells (each has a value)."""
    return sum((c.value for c in cells if c.value is not None), Decimal(0))


def _rate(cells_num: Cell, cells_den: Cell) -> Cell:
    if cells_num.not_available or cells_den.not_available:
        return Cell(not_available=True)
    if cells_num.value is None or not cells_den.value:
        return Cell()
    return Cell(
        value=(cells_num.value / cells_den.value * 100).quantize(Decimal("0.1")), reported=True
    )


class _TableCells:
    """The cells of one table: a municipality's value for a period or a group of periods."""

    def __init__(self, indicator: Indicator, codes: list[str], raw: dict, suppress: bool):
        from boligsosial.reporting import privacy

        self.indicator, self.raw, self.suppress = indicator, raw, suppress
        self.related = {
            i.code: i for i in Indicator.objects.filter(code__in=codes, is_current=True)
        }
        self.small_below = privacy.threshold()  # privacy.is_small, with the setting read once
        self.suppressed_any = False

    def cell_for(self, pid: int, period_ids: list[int], code: str) -> Cell:
        raw = self.raw
        if len(period_ids) == 1:
            point = raw.get((pid, period_ids[0], code))
            if point is None:
                return Cell()
            if point[1]:
                return Cell(not_available=True, report_id=point[2])
            return Cell(value=point[0], reported=point[0] is not None, report_id=point[2])
        points = [
            point
            for period_id in period_ids
            if (point := raw.get((pid, period_id, code))) is not None
        ]
        if len(points) < len(period_ids):
            return Cell()
        if any(p[1] for p in points):
            return Cell(not_available=True, report_id=points[-1][2])
        value = self.related.get(code, self.indicator).aggregate([p[0] for p in points])
        return Cell(value=value, reported=value is not None, report_id=points[-1][2])

    def shown(self, cell: Cell) -> Cell:
        """The cell as shown: a small count of people is suppressed."""
        if (
            self.suppress
            and self.indicator.counts_people
            and cell.reported
            and cell.value is not None
            and cell.value < self.small_below
        ):
            self.suppressed_any = True
            return Cell(suppressed=True, reported=True, report_id=cell.report_id)
        return cell

    def rows(self, participations, groups):
        """Rows (participation, shown cells), and per column the cells before suppression,
        their numerators and their denominators (for the totals)."""
        indicator = self.indicator
        rows = []
        columns: list[list[Cell]] = [[] for _ in groups]
        numerators: list[list[Cell]] = [[] for _ in groups]
        denominators: list[list[Cell]] = [[] for _ in groups]
        for participation in participations:
            cells = []
            for index, (_code, _label, period_ids) in enumerate(groups):
                cell = self.cell_for(participation.pk, period_ids, indicator.code)
                if indicator.is_derived:
                    num = self.cell_for(participation.pk, period_ids, indicator.numerator_code)
                    den = self.cell_for(participation.pk, period_ids, indicator.denominator_code)
                    if len(period_ids) > 1:
                        cell = _rate(num, den)
                    numerators[index].append(num)
                    denominators[index].append(den)
                columns[index].append(cell)
                cells.append(self.shown(cell))
            rows.append((participation, cells))
        return rows, columns, numerators, denominators

    def total(self, cells: list[Cell], nums: list[Cell], dens: list[Cell]) -> Cell:
        indicator = self.indicator
        if indicator.is_derived:
            if nums and all(c.reported for c in nums) and all(c.reported for c in dens):
                return _rate(
                    Cell(value=_sum(nums), reported=True),
                    Cell(value=_sum(dens), reported=True),
                )
            return Cell()
        if (
            cells
            and all(c.reported for c in cells)
            and indicator.unit not in ("percent", "yes_no", "date")
        ):
            return Cell(value=_sum(cells), reported=True)
        return Cell()

    def totals(self, groups, columns, numerators, denominators) -> tuple[list[Cell], list[str]]:
        """The sum of each column (shown only when every municipality has a number), and the
        columns that lack one."""
        from boligsosial.reporting import privacy

        totals, notes = [], []
        for index, cells in enumerate(columns):
            total = self.total(cells, numerators[index], denominators[index])
            if cells and any(not c.reported for c in cells):
                notes.append(groups[index][1])
            if (
                self.suppress
                and self.indicator.counts_people
                and total.reported
                and privacy.is_small(total.value)
            ):
                total = Cell(suppressed=True, reported=True)
            totals.append(total)
        return totals, notes


def _set_texts(cells: list[Cell]) -> None:
    # Formatting numbers the Norwegian way costs more than the query at national scale;
    # most values repeat, so each distinct cell is formatted once.
    texts: dict[tuple, str] = {}
    for cell in cells:
        key = (cell.value, cell.not_available, cell.reported, cell.suppressed)
        if key not in texts:
            texts[key] = _cell_text(cell)
        cell.text = texts[key]


def programme_table(
    programme: Programme,
    indicator_code: str,
    *,
    user: User,
    disaggregation: str | None = None,
    per_year: bool = False,
    suppress: bool = True,
) -> ProgrammeTable | None:
    """One indicator across the user's visible municipalities and the programme's periods,
    from approved reports. Person and household counts under the threshold are suppressed
    ("under 3"). A sum is shown only when every municipality has a number."""
    indicator = indicator_for(indicator_code)
    if indicator is None:
        return None
    periods = _table_periods(programme, per_year)
    groups = _group_periods(periods, per_year)
    participations = _table_participations(user, programme)
    codes = [indicator.code]
    if indicator.is_derived:
        codes += [indicator.numerator_code, indicator.denominator_code]
    raw = _table_values(programme, codes, disaggregation, participations, periods)
    table = _TableCells(indicator, codes, raw, suppress)
    rows, columns, numerators, denominators = table.rows(participations, groups)
    totals, notes = table.totals(groups, columns, numerators, denominators)
    _set_texts([c for _participation, cells in rows for c in cells] + totals)
    return ProgrammeTable(
        indicator=indicator,
        columns=[(g[0], g[1]) for g in groups],
        rows=rows,
        totals=totals,
        total_notes=notes,
        suppressed_any=table.suppressed_any,
    )


def _values_rows(qs: QuerySet, only: set[int] | None = None) -> list:
    """The rows of a values_list() query, with each distinct database value converted once
    by the field's own converters (Django converts every cell of every row; at national
    scale that costs more than the query). `only`: the column indexes to convert; the
    others are left as the database returned them."""
    from django.core.exceptions import EmptyResultSet
    from django.db import connections

    connection = connections[qs.db]
    compiler = qs.query.get_compiler(using=qs.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return []
    converters = compiler.get_converters([select[0] for select in compiler.select])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    converters = {
        index: item for index, item in converters.items() if only is None or index in only
    }
    if not converters:
        return rows
    done: dict[int, dict] = {index: {} for index in converters}
    converted_rows = []
    for row in rows:
        row = list(row)
        for index, (functions, expression) in converters.items():
            value = row[index]
            key = (type(value), value)
            seen = done[index]
            if key in seen:
                row[index] = seen[key]
                continue
            for function in functions:
                value = function(value, expression, connection)
            row[index] = seen[key] = value
        converted_rows.append(row)
    return converted_rows
