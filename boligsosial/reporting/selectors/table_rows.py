"""The programme table's rows, each made once for its content (issue 14).

A row of the table — a municipality's cells for every column, its <td>s and the API's cells —
depends only on what the database gave for it (its period ids and values as two texts, per
indicator read) and on the table's setting: the indicator, the columns, suppression and its
threshold, and the language. A `RowMaker` per setting keeps every row it has made by that
content, so after a report is approved the table is put together from the rows it had, and
only the changed municipality's row is made again. Nothing is ever invalidated: a changed value is
another text, and a changed setting another maker.

Within a maker every distinct value becomes one point (`point_of`) and every distinct point
one Cell (and one shown Cell) with its text, however often it occurs; points computed are
one object per distinct value too (`one`), so cells are found by the point's identity: no
Decimal is hashed per cell.

Makers are kept per process: at most `ROWS` rows in all when a maker is taken, and then the
rows of the table being made (a row of a national table is about 4 KB with its <td>s and
API cells: some 40 MB); the makers used longest ago go first. The objects are shared between
requests: treat them as read-only. Two threads making the same row at once both make it,
and one is kept: no harm.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter

from boligsosial.core.formatting import MISSING, format_number
from boligsosial.reporting.models import Indicator, ReportValue

# A value as read: (value, not available), or None when the municipality has none.
Point = tuple[Decimal | None, bool] | None
NOT_AVAILABLE: Point = (None, True)
# A municipality's values for one indicator as the database gives them: its period ids and
# their values, each as one comma-separated text in the same order. A value is its number
# as text, NA_TEXT when not available, EMPTY when the report left it empty. Read as texts,
# not JSON: at national size parsing 357 JSON objects was a third of making the rows.
Read = tuple[str, str]
# {period id as text: the value as text (NA_TEXT, EMPTY)}; a period not reported is absent.
Texts = dict[str, str]
NA_TEXT = "n"
EMPTY = ""
NO_TEXTS: Texts = {}


def texts_of(read: Read | None) -> Texts:
    """A municipality's values by period id."""
    if not read:
        return NO_TEXTS
    ids, values = read
    return dict(zip(ids.split(","), values.split(","), strict=True))


# (point, cell, cell as shown, its <td>, whether it is shown as a small count)
Pair = tuple[Point, "Cell", "Cell", str, bool]

ROWS = 10_000  # rows kept by all makers of a process together
PICKERS = 1_000  # orders of period ids kept by a maker

# Takes a row's values (as read) in the columns' order.
Picker = Callable[[list[str]], Sequence[str]]


@dataclass(slots=True)
class Cell:
    """One cell of the table. Cells with the same content are one shared object: treat
    them as read-only."""

    value: Decimal | None = None
    not_available: bool = False
    reported: bool = False
    suppressed: bool = False
    text: str = ""  # as shown: "1 234", "under 3", "ikke tilgjengelig" or "–"
    # The API's JSON of the cell after its period, written when first asked for
    # (`table_json`): a cell is shared by every row and table of its maker.
    json_tail: str | None = field(default=None, compare=False, repr=False)


@dataclass(slots=True)
class RowParts:
    """A row as made for its content."""

    cells: Sequence[Cell]  # per column, before suppression (the totals)
    shown: Sequence[Cell]  # per column, as shown (small counts suppressed)
    # A derived indicator: per column, the numerator's and the denominator's cells.
    parts: list[tuple[Cell, Cell]] | None
    html: str  # the row's <td>s
    suppressed: bool  # a cell of the row is shown as a small count
    json: str | None = None  # the API's cells, written when first asked for (`table_json`)


def codes_of(indicator: Indicator) -> list[str]:
    """The codes whose values a table of the indicator reads: its own, and a derived
    indicator's numerator and denominator."""
    if indicator.is_derived:
        return [indicator.code, indicator.numerator_code, indicator.denominator_code]
    return [indicator.code]


def sum_of(cells) -> Decimal:
    """The sum of reported cells (each has a value)."""
    return sum((c.value for c in cells if c.value is not None), Decimal(0))


def rate(num: Point, den: Point) -> Point:
    if (num is not None and num[1]) or (den is not None and den[1]):
        return NOT_AVAILABLE
    if num is None or num[0] is None or den is None or not den[0]:
        return None
    return ((num[0] / den[0] * 100).quantize(Decimal("0.1")), False)


def _words() -> tuple[str, str, bool]:
    """(small count label, "ikke tilgjengelig", English numbers) in the active language."""
    from django.utils.translation import gettext as _

    from boligsosial.core.formatting import use_english
    from boligsosial.reporting import privacy

    return privacy.small_count_label(), _("ikke tilgjengelig"), use_english()


def set_text(cell: Cell, words: tuple[str, str, bool]) -> Cell:
    """The cell's text as shown: "1 234", "under 3", "ikke tilgjengelig" or "–"."""
    small, not_available, english = words
    if cell.suppressed:
        cell.text = small
    elif cell.not_available:
        cell.text = not_available
    elif not cell.reported:
        cell.text = MISSING
    else:
        cell.text = format_number(cell.value, english=english)
    return cell


class RowMaker:
    """The rows of tables with one setting: an indicator (its parts, for a rate), the columns
    (their codes and periods), suppression, the small-count threshold and the language."""

    def __init__(
        self,
        indicator: Indicator,
        related: dict[str, Indicator],
        groups: list[tuple[str, str, list[int]]],
        suppress: bool,
    ):
        from django.utils.html import conditional_escape

        from boligsosial.reporting import privacy

        self.indicator, self.related = indicator, related
        self.codes = codes_of(indicator)
        self.columns = [[str(period_id) for period_id in group[2]] for group in groups]
        self.words = _words()
        self.escape = conditional_escape
        self.small_below = privacy.threshold()  # privacy.is_small, with the setting read once
        self.suppress_people = suppress and indicator.counts_people
        self.suppressed_cell = set_text(Cell(suppressed=True, reported=True), self.words)
        # As the field gives it on every database (SQLite's text of 30.0000 is "30").
        self.places = Decimal(1).scaleb(-ReportValue._meta.get_field("value").decimal_places)
        # A value's text → its point: equal numbers written alike are one point.
        self.points: dict[str | None, Point] = {None: None, EMPTY: None, NA_TEXT: NOT_AVAILABLE}
        # id(point) → its pair; the point is kept in it so its id stays its own.
        self.pairs: dict[int, Pair] = {}
        self.text_pairs: dict[str | None, Pair] = {}  # a value's text → its point's pair
        # One period per column: a cell is its value's (no aggregate over periods).
        self.one_period_each = all(len(keys) == 1 for keys in self.columns)
        self.keys = [keys[0] for keys in self.columns] if self.one_period_each else []
        # The row's period ids as read → how to put its values in the columns' order by
        # position (no dict made), or None when the row lacks a column's period. A table's
        # rows come in a few orders: the database's, which is not asked for.
        self.pickers: dict[str, Picker | None] = {}
        # A derived indicator's numerators and denominators apart from its rates: 11.0 (a
        # rate) and 11.0000 (a stored value) are equal but not the same value to show.
        self.part_cells: dict[int, tuple[Point, Cell]] = {}
        # str(value) → point: 11.0 (a rate) and 11.0000 (a sum) are two points.
        self.computed: dict[str, Point] = {}
        self.rows: dict[tuple[Read | None, ...], RowParts] = {}

    def row(self, read: tuple[Read | None, ...]) -> RowParts:
        """The row for these values (per code of `codes`: as read, None for none)."""
        made = self.rows.get(read)
        if made is None:
            made = self.rows[read] = self._make(read)
        return made

    def column_texts(self, read: Read | None) -> Sequence[str | None]:
        """One period per column: the row's value texts in the columns' order (None: the
        period was not reported)."""
        if read is not None:
            try:
                pick = self.pickers[read[0]]
            except KeyError:
                pick = self.picker_for(read[0])
            if pick is not None:  # the usual row: every column's period
                return pick(read[1].split(","))
        return list(map(texts_of(read).get, self.keys))

    def picker_for(self, ids: str) -> Picker | None:
        """How to put the values of a row with these period ids in the columns' order (None:
        a column's period is not among them), kept for the next row."""
        order = ids.split(",")
        pick = None
        if len(order) == len(self.keys) and set(order) == set(self.keys):
            pick = _picker([order.index(key) for key in self.keys])
        if len(self.pickers) < PICKERS:
            self.pickers[ids] = pick
        return pick

    def _make(self, read: tuple[Read | None, ...]) -> RowParts:
        derived = self.indicator.is_derived  # read: (rate, numerator, denominator)
        if self.one_period_each and not derived:
            known = self.text_pairs
            shown_texts = self.column_texts(read[0])
            if not all(map(known.__contains__, shown_texts)):  # a value not shown before
                for text in shown_texts:
                    self.by_text(text)
            return self._made(list(map(known.__getitem__, shown_texts)), None)
        values = [texts_of(one) for one in read]
        code = self.indicator.code
        pairs: list[Pair] = []
        parts: list[tuple[Cell, Cell]] = []
        for keys in self.columns:
            if derived:
                num = self.point_for(values[1], keys, self.codes[1])
                den = self.point_for(values[2], keys, self.codes[2])
                point = (
                    self.one(rate(num, den))
                    if len(keys) > 1
                    else self.point_for(values[0], keys, code)
                )
                parts.append((self.part(num), self.part(den)))
            else:
                point = self.point_for(values[0], keys, code)
            pairs.append(self.pair(point))
        return self._made(pairs, parts if derived else None)

    def _made(self, pairs: list[Pair], parts: list[tuple[Cell, Cell]] | None) -> RowParts:
        if not pairs:  # no columns
            return RowParts(cells=(), shown=(), parts=parts, html="", suppressed=False)
        _points, cells, shown, tds, hidden = zip(*pairs, strict=True)  # the pairs by column
        return RowParts(
            cells=cells, shown=shown, parts=parts, html="".join(tds), suppressed=True in hidden
        )

    def by_text(self, text: str | None) -> Pair:
        """The pair of a value as read (one period per column: no point to compute)."""
        pair = self.text_pairs.get(text)
        if pair is None:
            pair = self.text_pairs[text] = self.pair(self.point_of(text))
        return pair

    def point_of(self, text: str | None) -> Point:
        """The one point of a value as read."""
        point = self.points.get(text, NOT_AVAILABLE)
        if point is NOT_AVAILABLE and text != NA_TEXT:
            point = self.points[text] = (Decimal(str(text)).quantize(self.places), False)
        return point

    def point_for(self, values: Texts, keys: list[str], code: str) -> Point:
        """A municipality's point for a column: one period's, or the periods' aggregate."""
        if len(keys) == 1:
            return self.point_of(values.get(keys[0]))
        points = [self.point_of(values.get(key)) for key in keys]
        if any(p is None for p in points):
            return None
        if any(p[1] for p in points if p is not None):
            return NOT_AVAILABLE
        value = self.related.get(code, self.indicator).aggregate(
            [p[0] for p in points if p is not None]
        )
        return None if value is None else self.one((value, False))

    def pair(self, point: Point) -> Pair:
        """(point, cell, cell as shown, its <td>, hidden): a small count of people is
        suppressed when shown."""
        pair = self.pairs.get(id(point))
        if pair is not None:
            return pair
        if point is None:
            cell = Cell()
        elif point[1]:
            cell = Cell(not_available=True)
        else:
            cell = Cell(value=point[0], reported=point[0] is not None)
        set_text(cell, self.words)
        shown = cell
        if self.hides(cell):
            shown = self.suppressed_cell
        td = f"<td>{self.escape(shown.text)}</td>"  # right-aligned by the table's class
        pair = self.pairs[id(point)] = (point, cell, shown, td, shown is self.suppressed_cell)
        return pair

    def hides(self, cell: Cell) -> bool:
        """A small count of people, shown as "under N" (`privacy.is_small`, with the
        threshold read once)."""
        return self.suppress_people and cell.value is not None and cell.value < self.small_below

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

    def total(self, cells, parts: list[Cell] | None) -> Cell:
        if parts is not None:  # a derived indicator: the rate of the sums
            if parts and all(c.reported for c in parts):
                point = rate((sum_of(parts[0::2]), False), (sum_of(parts[1::2]), False))
                if point is not None:
                    return Cell(value=point[0], reported=True)
            return Cell()
        if (
            cells
            and all(c.reported for c in cells)
            and self.indicator.unit not in ("percent", "yes_no", "date")
        ):
            return Cell(value=sum_of(cells), reported=True)
        return Cell()

    def totals(self, labels: list[str], rows: list[RowParts]) -> tuple[list[Cell], list[str]]:
        """The sum of each column (shown only when every municipality has a number; a derived
        indicator's is the rate of its parts' sums), and the labels of the columns that lack
        one."""
        columns = list(zip(*[row.cells for row in rows], strict=True)) or [() for _ in labels]
        totals, notes = [], []
        for index, cells in enumerate(columns):
            parts = None
            if self.indicator.is_derived:
                parts = [cell for row in rows for cell in row.parts[index]]  # type: ignore[index]
            total = self.total(cells, parts)
            if cells and any(not c.reported for c in cells):
                notes.append(labels[index])
            if total.reported and self.hides(total):
                total = Cell(suppressed=True, reported=True)
            totals.append(set_text(total, self.words))
        return totals, notes


def _picker(positions: list[int]) -> Picker:
    """A function taking the items at `positions` of a list, in that order."""
    if len(positions) > 1:
        return itemgetter(*positions)
    return lambda items: tuple(items[position] for position in positions)  # (one or none)


_makers: OrderedDict[tuple, RowMaker] = OrderedDict()
_makers_lock = threading.Lock()


def _indicator_key(indicator: Indicator) -> tuple:
    """What of an indicator its rows depend on (a catalogue edit makes another maker)."""
    return (
        indicator.pk,
        indicator.code,
        indicator.unit,
        indicator.aggregation,
        indicator.counts_people,
        indicator.numerator_code,
        indicator.denominator_code,
    )


def row_maker(
    indicator: Indicator,
    related: dict[str, Indicator],
    groups: list[tuple[str, str, list[int]]],
    suppress: bool,
) -> RowMaker:
    """The maker of rows with this setting, kept per process. `groups`: the columns as
    (code, label, [period ids]); the code is in the API's cells."""
    from django.utils.translation import get_language

    from boligsosial.reporting import privacy

    key = (
        _indicator_key(indicator),
        tuple(sorted(_indicator_key(i) for i in related.values())),
        tuple((code, tuple(ids)) for code, _label, ids in groups),
        suppress,
        privacy.threshold(),
        get_language(),
    )
    with _makers_lock:
        maker = _makers.get(key)
        if maker is None or len(maker.rows) > ROWS:  # (a maker over the bound starts anew)
            maker = _makers[key] = RowMaker(indicator, related, groups, suppress)
        _makers.move_to_end(key)
        kept = sum(len(other.rows) for other in _makers.values())
        while kept > ROWS and len(_makers) > 1:
            _key, oldest = _makers.popitem(last=False)
            kept -= len(oldest.rows)
    return maker
