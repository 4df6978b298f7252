"""The programme-wide table: one indicator for every visible municipality and period.

At national scale (357 municipalities × 20 half-years = 7 140 cells) the table is built
within a small factor of the one query that fetches its numbers (issue 14): the values are
read as plain rows (no model instances), the participations as (id, code, name), and each
distinct cell — a value, "not available" or missing — is one shared `Cell`, made, checked
for suppression and formatted once however many municipalities and periods show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast

from boligsosial.reporting.models import (
    Indicator,
    ReportingPeriod,
    ReportStatus,
    ReportValue,
)
from boligsosial.reporting.selectors.programme import indicator_for

if TYPE_CHECKING:
    from boligsosial.accounts.models import User
    from boligsosial.programmes.models import Programme

# A value as read: (value, not available), or None when the municipality has none.
Point = tuple[Decimal | None, bool] | None
NOT_AVAILABLE: Point = (None, True)


@dataclass(slots=True)
class Cell:
    """One cell of the table. Cells with the same content are one shared object: treat
    them as read-only."""

    value: Decimal | None = None
    not_available: bool = False
    reported: bool = False
    suppressed: bool = False
    text: str = (
        ""  # as shown: "1 234", "under 3", "ikke tilgjengelig" or "–" (set by programme_table)
    )


class TableRow(NamedTuple):
    participation_id: int
    municipality_code: str
    municipality_name: str
    cells: list[Cell]  # as shown (small counts suppressed)


@dataclass
class ProgrammeTable:
    indicator: Indicator
    columns: list[tuple[str, str]]  # (code, label)
    rows: list[TableRow]
    totals: list[Cell]
    total_notes: list[str]
    suppressed_any: bool = False

    # Every distinct cell object the rows show, each once (rows share them).
    shown_cells: list[Cell] = field(default_factory=list)
    # The body drawn once (`table_stored`: the stored table carries it).
    rows_html: str = ""


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


def _table_participations(user: User, programme: Programme) -> list[tuple[int, str, str]]:
    """[(participation id, municipality code, municipality name)] the user may see, by name:
    three columns, no model instances."""
    from boligsosial.programmes.access import visible_participations

    return list(
        visible_participations(user)
        .filter(programme=programme)
        .select_related(None)
        .order_by("municipality__name", "pk")
        .values_list("pk", "municipality__code", "municipality__name")
    )


def _table_values(
    codes: list[str],
    disaggregation: str | None,
    visible_ids: set[int],
    period_ids: list[int],
) -> dict[str, dict[tuple[int, int], Point]]:
    """{indicator code: {(participation id, period id): (value, not available)}} from
    approved reports, in one query."""
    from boligsosial.reporting.models import DimensionOption

    # Filter on indicator and option ids: the covering (indicator, option, report,
    # not_available, value) index then answers without reading the value table; the
    # periods are the ones already read (no join to the period table).
    # One code (not a rate): its versions' ids in the values query itself (one query less).
    only = codes[0] if len(codes) == 1 else None
    indicator_codes: dict[int, str] = {}
    if only is None:
        indicator_codes = dict(Indicator.objects.filter(code__in=codes).values_list("pk", "code"))
    indicator_ids: Any = (  # a subquery or the ids
        Indicator.objects.filter(code=only).values("pk") if only else list(indicator_codes)
    )
    option_id = None
    if disaggregation:
        option_id = (
            DimensionOption.objects.filter(code=disaggregation).values_list("pk", flat=True).first()
        )
    # The value comes as its text: a string's hash is computed once and kept, a Decimal's
    # on every look-up (that was most of the table's time). Each distinct text becomes one
    # Decimal and one point; equal numbers written alike are one point.
    qs = (
        ReportValue.objects.filter(
            indicator_id__in=indicator_ids,
            option_id=option_id,
            report__status=ReportStatus.APPROVED,
            report__period_id__in=period_ids,
        )
        .annotate(value_text=Cast("value", output_field=TextField()))
        .values_list(
            "report__participation_id",
            "report__period_id",
            "indicator_id",
            "value_text",
            "not_available",
        )
    )
    # As the field gives it on every database (SQLite's text of 30.0000 is "30").
    places = Decimal(1).scaleb(-ReportValue._meta.get_field("value").decimal_places)
    raw: dict[str, dict[tuple[int, int], Point]] = {code: {} for code in codes}
    by_id = {pk: raw[code] for pk, code in indicator_codes.items()}
    every = raw[only] if only else None  # one code: every row is its
    points: dict[str | None, Point] = {}  # text → (value, False)
    for pid, period_id, indicator_id, text, na in _values_rows(qs, only=set()):
        if pid in visible_ids:
            if na:
                point = NOT_AVAILABLE
            else:
                point = points.get(text)
                if point is None:
                    point = points[text] = (_decimal(text, places), False)
            (every if every is not None else by_id[indicator_id])[(pid, period_id)] = point
    return raw


def _decimal(text: str | None, places: Decimal) -> Decimal | None:
    return None if text is None else Decimal(text).quantize(places)


def _sum(cells: list[Cell]) -> Decimal:
    """The sum of reported cells (each has a value)."""
    return sum((c.value for c in cells if c.value is not None), Decimal(0))


def _rate(num: Point, den: Point) -> Point:
    if (num is not None and num[1]) or (den is not None and den[1]):
        return NOT_AVAILABLE
    if num is None or num[0] is None or den is None or not den[0]:
        return None
    return ((num[0] / den[0] * 100).quantize(Decimal("0.1")), False)


class _TableCells:
    """The cells of one table: a municipality's value for a period or a group of periods.
    Every distinct point becomes one Cell (and one shown Cell) however often it occurs.
    Points read are one object per distinct value (`_table_values`) and points computed are
    made one object per distinct value here (`computed`), so cells are found by the point's
    identity: no Decimal is hashed per cell."""

    def __init__(self, indicator: Indicator, raw: dict, suppress: bool):
        from boligsosial.reporting import privacy

        self.indicator, self.raw = indicator, raw
        self.related: dict[str, Indicator] = {}
        self.small_below = privacy.threshold()  # privacy.is_small, with the setting read once
        self.suppress_people = suppress and indicator.counts_people
        self.suppressed_cell = Cell(suppressed=True, reported=True)
        # id(point) → (point, cell, cell as shown); the point is kept so its id stays its own.
        self.pairs: dict[int, tuple[Point, Cell, Cell]] = {}
        # A derived indicator's numerators and denominators apart from its rates: 11.0 (a
        # rate) and 11.0000 (a stored value) are equal but not the same value to show.
        self.part_cells: dict[int, tuple[Point, Cell]] = {}
        # str(value) → point: 11.0 (a rate) and 11.0000 (a sum) are two points.
        self.computed: dict[str, Point] = {}

    def load_related(self, codes: list[str]) -> None:
        """The current indicators of a derived indicator's parts (their own aggregation)."""
        self.related = {
            i.code: i for i in Indicator.objects.filter(code__in=codes, is_current=True)
        }

    def pair(self, point: Point) -> tuple[Point, Cell, Cell]:
        """(point, cell, cell as shown): a small count of people is suppressed when shown."""
        pair = self.pairs.get(id(point))
        if pair is not None:
            return pair
        if point is None:
            cell = Cell()
        elif point[1]:
            cell = Cell(not_available=True)
        else:
            cell = Cell(value=point[0], reported=point[0] is not None)
        shown = cell
        if self.suppress_people and cell.value is not None and cell.value < self.small_below:
            shown = self.suppressed_cell
        pair = self.pairs[id(point)] = (point, cell, shown)
        return pair

    def part(self, point: Point) -> Cell:
        known = self.part_cells.get(id(point))
        if known is not None:
            return known[1]
        cell = Cell(
            value=None if point is None else point[0],
            not_available=point is not None and point[1],
            reported=point is not None and point[0] is not None and not point[1],
        )
        self.part_cells[id(point)] = (point, cell)
        return cell

    def one(self, point: Point) -> Point:
        """The one object for a computed point of this value."""
        if point is None or point is NOT_AVAILABLE:
            return point
        return self.computed.setdefault(str(point[0]), point)

    def point_for(self, pid: int, period_ids: list[int], code: str) -> Point:
        values = self.raw[code]
        if len(period_ids) == 1:
            return values.get((pid, period_ids[0]))
        points = [values.get((pid, period_id)) for period_id in period_ids]
        if any(p is None for p in points):
            return None
        if any(p[1] for p in points if p is not None):
            return NOT_AVAILABLE
        value = self.related.get(code, self.indicator).aggregate(
            [p[0] for p in points if p is not None]
        )
        return None if value is None else self.one((value, False))

    def rows(self, participations, groups) -> tuple[list[TableRow], list[list[Cell]]]:
        """Rows with their shown cells, and per column the cells before suppression (for the
        totals). One period per column: every distinct point's cells are made first, then
        each cell is a dictionary look-up by the point's identity."""
        values = self.raw[self.indicator.code]
        if not all(len(g[2]) == 1 for g in groups):
            return self._grouped_rows(participations, groups)
        for point in (None, *{id(point): point for point in values.values()}.values()):
            self.pair(point)
        pairs, get = self.pairs, values.get
        period_ids = [g[2][0] for g in groups]
        both = [
            [pairs[id(get((pid, period_id)))] for period_id in period_ids]
            for pid, _code, _name in participations
        ]
        rows = [
            TableRow(pid, code, name, [pair[2] for pair in row])
            for (pid, code, name), row in zip(participations, both, strict=True)
        ]
        columns = [[pair[1] for pair in column] for column in zip(*both, strict=True)] or [
            [] for _ in groups
        ]
        return rows, columns

    def _grouped_rows(self, participations, groups) -> tuple[list[TableRow], list[list[Cell]]]:
        """`rows` with several periods per column (a year of half-years)."""
        pair = self.pair
        rows: list[TableRow] = []
        columns: list[list[Cell]] = [[] for _ in groups]
        for pid, code, name in participations:
            points = [self.point_for(pid, g[2], self.indicator.code) for g in groups]
            shown = []
            for column, point in zip(columns, points, strict=True):
                both = pair(point)
                column.append(both[1])
                shown.append(both[2])
            rows.append(TableRow(pid, code, name, shown))
        return rows, columns

    def rate_rows(
        self, participations, groups
    ) -> tuple[list[TableRow], list[list[Cell]], list[list[Cell]]]:
        """A derived indicator: the rows, per column the cells before suppression, and per
        column the numerators' and the denominators' cells in turn (a total is the rate of
        their sums)."""
        indicator, pair = self.indicator, self.pair
        rows: list[TableRow] = []
        columns: list[list[Cell]] = [[] for _ in groups]
        parts: list[list[Cell]] = [[] for _ in groups]
        for pid, code, name in participations:
            shown = []
            for index, (_code, _label, period_ids) in enumerate(groups):
                num = self.point_for(pid, period_ids, indicator.numerator_code)
                den = self.point_for(pid, period_ids, indicator.denominator_code)
                point = (
                    self.one(_rate(num, den))
                    if len(period_ids) > 1
                    else self.point_for(pid, period_ids, indicator.code)
                )
                parts[index].extend((self.part(num), self.part(den)))
                _point, cell, shown_cell = pair(point)
                columns[index].append(cell)
                shown.append(shown_cell)
            rows.append(TableRow(pid, code, name, shown))
        return rows, columns, parts

    def total(self, cells: list[Cell], parts: list[Cell] | None) -> Cell:
        indicator = self.indicator
        if parts is not None:  # a derived indicator: the rate of the sums
            if parts and all(c.reported for c in parts):
                point = _rate((_sum(parts[0::2]), False), (_sum(parts[1::2]), False))
                if point is not None:
                    return Cell(value=point[0], reported=True)
            return Cell()
        if (
            cells
            and all(c.reported for c in cells)
            and indicator.unit not in ("percent", "yes_no", "date")
        ):
            return Cell(value=_sum(cells), reported=True)
        return Cell()

    def totals(self, groups, columns, parts=None) -> tuple[list[Cell], list[str]]:
        """The sum of each column (shown only when every municipality has a number), and the
        columns that lack one. `parts`: a derived indicator's numerators and denominators."""
        totals, notes = [], []
        for index, cells in enumerate(columns):
            total = self.total(cells, None if parts is None else parts[index])
            if cells and any(not c.reported for c in cells):
                notes.append(groups[index][1])
            if (
                self.suppress_people
                and total.reported
                and total.value is not None
                and total.value < self.small_below
            ):
                total = Cell(suppressed=True, reported=True)
            totals.append(total)
        return totals, notes


def _set_texts(cells: list[Cell]) -> None:
    # Formatting numbers the Norwegian way costs more than the query at national scale:
    # each distinct content is formatted once (the shared cells are already distinct).
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
    visible_ids = {pid for pid, _code, _name in participations}
    raw = _table_values(codes, disaggregation, visible_ids, [p.pk for p in periods])
    table = _TableCells(indicator, raw, suppress)
    if per_year:
        table.load_related(codes)
    if indicator.is_derived:
        rows, columns, parts = table.rate_rows(participations, groups)
        totals, notes = table.totals(groups, columns, parts)
    else:
        rows, columns = table.rows(participations, groups)
        totals, notes = table.totals(groups, columns)
    result = ProgrammeTable(
        indicator=indicator,
        columns=[(g[0], g[1]) for g in groups],
        rows=rows,
        totals=totals,
        total_notes=notes,
        suppressed_any=any(cell is table.suppressed_cell for row in rows for cell in row.cells),
    )
    result.shown_cells = list({id(shown): shown for *_, shown in table.pairs.values()}.values())
    _set_texts([*result.shown_cells, *totals])
    return result


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
