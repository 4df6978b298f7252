"""Small helpers every analysis uses: percentages, the default structure date, the
illustrative-data flag."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from boligsosial.instruments.models import (
    InstrumentFigure,
)

HUNDRED = Decimal(100)
THOUSAND = Decimal(1000)


def percent_change(new: Decimal | None, old: Decimal | None) -> Decimal | None:
    if new is None or old is None or old == 0:
        return None
    return ((Decimal(new) - Decimal(old)) / Decimal(old) * HUNDRED).quantize(Decimal("0.1"))


def percent_of(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if part is None or whole in (None, 0):
        return None
    return (Decimal(part) / Decimal(whole) * HUNDRED).quantize(Decimal("0.1"))


def default_structure_date(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def any_illustrative(instrument: str, years: Iterable[int]) -> bool:
    """Whether any figure behind an analysis is demonstration data (shown on every page)."""
    from boligsosial.core.models import DataSource

    return InstrumentFigure.objects.filter(
        instrument=instrument, year__in=list(years), data_source=DataSource.ILLUSTRATIVE
    ).exists()
