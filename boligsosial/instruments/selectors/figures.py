"""Lists for pages: figures per filed code, years with figures, statistics, applications."""

from __future__ import annotations

from collections.abc import Iterable

from boligsosial.core.stored import remember
from boligsosial.instruments.models import (
    ContextStatistic,
    GrantApplication,
    InstrumentFigure,
    Measure,
)
from boligsosial.instruments.selectors.structure import code_names, yearly_values
from boligsosial.programmes.models import Participation

# Lists for pages -----------------------------------------------------------------------


def figures_table(
    *,
    instrument: str,
    years: Iterable[int],
    codes: Iterable[str] | None = None,
    measure: str = Measure.AMOUNT,
) -> tuple[list[str], list[dict]]:
    """Rows of figures per filed code and year for the figures page (missing is None)."""
    years = sorted(years)
    values = yearly_values(instrument, years, measure, codes)
    names = code_names()
    filed_codes = sorted({code for code, _y in values} | set(codes or []))
    sources = dict(
        InstrumentFigure.objects.filter(
            instrument=instrument, year__in=years, code__in=filed_codes
        ).values_list("code", "data_source")
    )
    rows = []
    for code in filed_codes:
        rows.append(
            {
                "code": code,
                "name": names.get(code, code),
                "values": [values.get((code, y)) for y in years],
                "data_source": sources.get(code, ""),
            }
        )
    return [str(y) for y in years], rows


def complete_years(instrument: str) -> list[int]:
    """Years with figures for at least half as many codes as the best-covered year (stored
    until the figures change: a count over every figure of the instrument)."""
    return remember(
        ("complete-years", instrument),
        (InstrumentFigure._meta.db_table,),
        lambda: _complete_years(instrument),
    )


def _complete_years(instrument: str) -> list[int]:
    from django.db.models import Count

    counts = dict(
        InstrumentFigure.objects.filter(instrument=instrument)
        .values("year")
        .annotate(n=Count("code", distinct=True))
        .values_list("year", "n")
    )
    if not counts:
        return []
    best = max(counts.values())
    return sorted(year for year, n in counts.items() if n * 2 >= best)


def figure_years() -> list[int]:
    return sorted(set(InstrumentFigure.objects.values_list("year", flat=True).distinct()))


def statistics_for(code: str) -> list[ContextStatistic]:
    return list(
        ContextStatistic.objects.filter(code=code).order_by("table_id", "contents_code", "year")
    )


def applications_for_participation(participation: Participation) -> list[GrantApplication]:
    return list(
        participation.grant_applications.prefetch_related("payments").order_by(
            "-year", "instrument"
        )
    )
