"""The programme-wide table: one indicator for every visible municipality and period.

At national scale (357 municipalities × 20 half-years = 7 140 cells) the table is built
within a small factor of the one query that fetches its numbers (issue 14): a municipality's
values come as one row (two texts), the participations as (id, code, name), and each row
is made once for its content (`table_rows`): after a write, only the rows whose values
changed are made again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from boligsosial.reporting.models import (
    Indicator,
    Report,
    ReportingPeriod,
    ReportStatus,
    ReportValue,
)
from boligsosial.reporting.selectors.programme import indicator_for
from boligsosial.reporting.selectors.table_rows import (
    EMPTY,
    NA_TEXT,
    Cell,
    Read,
    RowParts,
    codes_of,
    row_maker,
)

if TYPE_CHECKING:
    from boligsosial.accounts.models import User
    from boligsosial.programmes.models import Programme


class TableRow(NamedTuple):
    participation_id: int
    municipality_code: str
    municipality_name: str
    cells: Sequence[Cell]  # as shown (small counts suppressed)
    parts: RowParts  # the row as made for its content (its <td>s, the API's cells)


@dataclass
class ProgrammeTable:
    indicator: Indicator
    columns: list[tuple[str, str]]  # (code, label)
    rows: list[TableRow]
    totals: list[Cell]
    total_notes: list[str]
    suppressed_any: bool = False
    # The page's table section drawn once (`table_stored`: the stored table carries it
    # instead of its rows).
    section: bytes = b""


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


class TableFrame(NamedTuple):
    """What a table's columns and rows are, apart from its values (`table_stored` keeps it
    under its own, rarely written tables)."""

    groups: list[tuple[str, str, list[int]]]  # the columns: (code, label, [period ids])
    period_ids: list[int]  # every period read
    participations: list[tuple[int, str, str]]  # the rows: (id, municipality code, name)


def table_frame(programme: Programme, user: User, per_year: bool) -> TableFrame:
    """The programme's periods as columns (years of half-years when per_year) and the
    participations the user may see, by name."""
    periods = _table_periods(programme, per_year)
    return TableFrame(
        _group_periods(periods, per_year),
        [p.pk for p in periods],
        _table_participations(user, programme),
    )


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


# A municipality's values for the indicators asked for, one row per municipality and
# indicator: its period ids and their values as two comma-separated texts in the same order
# (`table_rows.Read`: a value's text, NA_TEXT when not available, EMPTY when empty). Written
# by hand: the ORM takes longer to build and compile this statement than the database takes
# to answer it (issue 14). The covering (indicator, option, report, not available, value)
# index answers for the values; the periods are the ones already read (no join to the period
# table). Both aggregates read the group's rows in the same order, whichever the database
# takes (`RowMaker.column_texts` puts the values in the columns' order).
VALUES_SQL = """
SELECT r.participation_id, i.code, {texts}
FROM {values} v
JOIN {reports} r ON r.id = v.report_id
JOIN {indicators} i ON i.id = v.indicator_id
WHERE i.code IN ({codes}) AND v.option_id {option} AND r.status = %s AND r.period_id IN ({periods})
GROUP BY r.participation_id, i.code
"""
TEXTS_SQL = {
    "postgresql": "string_agg(r.period_id::text, ','), "
    "string_agg(CASE WHEN v.not_available THEN %s ELSE coalesce(v.value::text, %s) END, ',')",
    "sqlite": "group_concat(r.period_id, ','), "
    "group_concat(CASE WHEN v.not_available THEN %s ELSE coalesce(CAST(v.value AS text), %s) "
    "END, ',')",
}


def _table_values(
    codes: list[str],
    disaggregation: str | None,
    visible_ids: set[int],
    period_ids: list[int],
) -> dict[str, dict[int, Read]]:
    """{indicator code: {participation id: its values as read (`table_rows.Read`)}}
    from approved reports, in one query (7 140 values at national scale are 357 rows). The
    text is read only for a row not made before (`table_rows.RowMaker`)."""
    from django.db import connection

    from boligsosial.reporting.models import DimensionOption

    raw: dict[str, dict[int, Read]] = {code: {} for code in codes}
    option_id = None
    if disaggregation:
        option_id = (
            DimensionOption.objects.filter(code=disaggregation).values_list("pk", flat=True).first()
        )
    if not period_ids:
        return raw
    sql = VALUES_SQL.format(
        texts=TEXTS_SQL[connection.vendor],
        values=ReportValue._meta.db_table,
        reports=Report._meta.db_table,
        indicators=Indicator._meta.db_table,
        codes=", ".join(["%s"] * len(codes)),
        option="IS NULL" if option_id is None else "= %s",
        periods=", ".join(["%s"] * len(period_ids)),
    )
    option = [] if option_id is None else [option_id]  # no such category: the totals
    params: list[str | int] = [
        NA_TEXT,
        EMPTY,
        *codes,
        *option,
        ReportStatus.APPROVED.value,
        *period_ids,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for pid, code, ids, texts in rows:
        if pid in visible_ids:
            raw[code][pid] = (ids, texts)
    return raw


def programme_table(
    programme: Programme,
    indicator_code: str,
    *,
    user: User,
    disaggregation: str | None = None,
    per_year: bool = False,
    suppress: bool = True,
    catalogue: Iterable[Indicator] = (),
    frame: TableFrame | None = None,
) -> ProgrammeTable | None:
    """One indicator across the user's visible municipalities and the programme's periods,
    from approved reports. Person and household counts under the threshold are suppressed
    ("under 3"). A sum is shown only when every municipality has a number. `catalogue`: the
    current indicators, when the caller has read them (a code not among them is looked up);
    `frame`: `table_frame` when the caller has it."""
    indicator = next((i for i in catalogue if i.code == indicator_code), None) or indicator_for(
        indicator_code
    )
    if indicator is None:
        return None
    groups, period_ids, participations = frame or table_frame(programme, user, per_year)
    codes = codes_of(indicator)
    visible_ids = {pid for pid, _code, _name in participations}
    raw = _table_values(codes, disaggregation, visible_ids, period_ids)
    maker = row_maker(indicator, _related(codes) if per_year else {}, groups, suppress)
    made = maker.row
    values = [raw[code] for code in codes]
    rows = []
    for pid, code, name in participations:
        parts = made(tuple([texts.get(pid) for texts in values]))
        rows.append(TableRow(pid, code, name, parts.shown, parts))
    totals, notes = maker.totals([g[1] for g in groups], [row.parts for row in rows])
    return ProgrammeTable(
        indicator=indicator,
        columns=[(g[0], g[1]) for g in groups],
        rows=rows,
        totals=totals,
        total_notes=notes,
        suppressed_any=any(row.parts.suppressed for row in rows),
    )


def _related(codes: list[str]) -> dict[str, Indicator]:
    """The current indicators of a derived indicator's parts (their own aggregation)."""
    return {i.code: i for i in Indicator.objects.filter(code__in=codes, is_current=True)}
