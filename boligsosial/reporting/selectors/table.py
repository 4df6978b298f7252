"""The programme-wide table: one indicator for every visible municipality and period.

At national scale (357 municipalities × 20 half-years = 7 140 cells) the table is built
within a small factor of the one query that fetches its numbers (issue 14): the values are
read as plain rows (no model instances), the participations as (id, code, name), and each
distinct cell — a value, "not available" or missing — is one shared `Cell`, made, checked
for suppression and formatted once however many municipalities and periods show it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db.models import Aggregate, Case, TextField, Value, When
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
# A municipality's values for one indicator as read: {period id as text: the value as text,
# NA_TEXT when not available, None when empty}.
Texts = dict[str, str | None]
NA_TEXT = "n"
NO_TEXTS: Texts = {}


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


class _PeriodTexts(Aggregate):
    """{period id: the value as text, `NA_TEXT` when not available, null when empty} of the
    grouped values, as one JSON object's text: a municipality's values for an indicator in
    one row (PostgreSQL `json_object_agg`, SQLite `json_group_object`)."""

    function = "JSON_OBJECT_AGG"
    template = "%(function)s(%(expressions)s)::text"
    output_field = TextField()

    def __init__(self) -> None:
        super().__init__(
            Cast("report__period_id", TextField()),
            Case(
                When(not_available=True, then=Value(NA_TEXT)),
                default=Cast("value", TextField()),
                output_field=TextField(),
            ),
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="JSON_GROUP_OBJECT",
            template="%(function)s(%(expressions)s)",
            **extra_context,
        )


def _table_values(
    codes: list[str],
    disaggregation: str | None,
    visible_ids: set[int],
    period_ids: list[int],
) -> dict[str, dict[int, Texts]]:
    """{indicator code: {participation id: {period id as text: value as text}}} from approved
    reports, in one query: one row per municipality and indicator, its values as one JSON
    object (7 140 values at national scale are 357 rows, and no Python step per value)."""
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
    rows = (
        ReportValue.objects.filter(
            indicator_id__in=indicator_ids,
            option_id=option_id,
            report__status=ReportStatus.APPROVED,
            report__period_id__in=period_ids,
        )
        .order_by()
        .values("report__participation_id", "indicator_id")
        .annotate(texts=_PeriodTexts())
        .values_list("report__participation_id", "indicator_id", "texts")
    )
    raw: dict[str, dict[int, Texts]] = {code: {} for code in codes}
    for pid, indicator_id, texts in rows:
        if pid in visible_ids:
            raw[only or indicator_codes[indicator_id]][pid] = json.loads(texts)
    return raw


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
    Every distinct value becomes one point (`point_of`), and every distinct point one Cell
    (and one shown Cell), however often it occurs; points computed are made one object per
    distinct value too (`one`), so cells are found by the point's identity: no Decimal is
    hashed per cell."""

    def __init__(self, indicator: Indicator, raw: dict[str, dict[int, Texts]], suppress: bool):
        from boligsosial.reporting import privacy

        self.indicator, self.raw = indicator, raw
        self.related: dict[str, Indicator] = {}
        self.small_below = privacy.threshold()  # privacy.is_small, with the setting read once
        self.suppress_people = suppress and indicator.counts_people
        self.suppressed_cell = Cell(suppressed=True, reported=True)
        # As the field gives it on every database (SQLite's text of 30.0000 is "30").
        self.places = Decimal(1).scaleb(-ReportValue._meta.get_field("value").decimal_places)
        # A value's text → its point: equal numbers written alike are one point.
        self.points: dict[str | None, Point] = {None: None, NA_TEXT: NOT_AVAILABLE}
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

    def point_of(self, text: str | None) -> Point:
        """The one point of a value as read."""
        point = self.points.get(text, NOT_AVAILABLE)
        if point is NOT_AVAILABLE and text != NA_TEXT:
            point = self.points[text] = (Decimal(str(text)).quantize(self.places), False)
        return point

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
        values = self.raw[code].get(pid, NO_TEXTS)
        if len(period_ids) == 1:
            return self.point_of(values.get(str(period_ids[0])))
        points = [self.point_of(values.get(str(period_id))) for period_id in period_ids]
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
        totals). One period per column: the values' texts are laid out as the table, every
        distinct text's cells are made once, and then each cell is a dictionary look-up."""
        if not all(len(g[2]) == 1 for g in groups):
            return self._grouped_rows(participations, groups)
        values = self.raw[self.indicator.code]
        keys = [str(g[2][0]) for g in groups]
        grid = [
            [texts.get(key) for key in keys]
            for texts in [values.get(pid, NO_TEXTS) for pid, _code, _name in participations]
        ]
        pairs = {text: self.pair(self.point_of(text)) for text in set().union(*grid, [None])}
        cells = {text: pair[1] for text, pair in pairs.items()}
        shown = {text: pair[2] for text, pair in pairs.items()}
        rows = [
            TableRow(pid, code, name, [shown[text] for text in texts])
            for (pid, code, name), texts in zip(participations, grid, strict=True)
        ]
        columns = [[cells[text] for text in column] for column in zip(*grid, strict=True)]
        return rows, columns or [[] for _ in groups]

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
    """Each cell's text as shown: "1 234", "under 3", "ikke tilgjengelig" or "–". The cells
    are the distinct ones (rows share them); the words are looked up once."""
    from django.utils.translation import gettext as _

    from boligsosial.core.formatting import MISSING, format_number, use_english
    from boligsosial.reporting import privacy

    small, not_available = privacy.small_count_label(), _("ikke tilgjengelig")
    english = use_english()
    for cell in cells:
        if cell.suppressed:
            cell.text = small
        elif cell.not_available:
            cell.text = not_available
        elif not cell.reported:
            cell.text = MISSING
        else:
            cell.text = format_number(cell.value, english=english)


def programme_table(
    programme: Programme,
    indicator_code: str,
    *,
    user: User,
    disaggregation: str | None = None,
    per_year: bool = False,
    suppress: bool = True,
    catalogue: Iterable[Indicator] = (),
) -> ProgrammeTable | None:
    """One indicator across the user's visible municipalities and the programme's periods,
    from approved reports. Person and household counts under the threshold are suppressed
    ("under 3"). A sum is shown only when every municipality has a number. `catalogue`: the
    current indicators, when the caller has read them (a code not among them is looked up)."""
    indicator = next((i for i in catalogue if i.code == indicator_code), None) or indicator_for(
        indicator_code
    )
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
    )
    # Every distinct cell the rows show (the pairs are made only for the points shown).
    result.shown_cells = list({id(shown): shown for *_, shown in table.pairs.values()}.values())
    result.suppressed_any = any(cell is table.suppressed_cell for cell in result.shown_cells)
    _set_texts([*result.shown_cells, *totals])
    return result
