"""One municipality's series in the municipal structure valid at a chosen date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from boligsosial.core.charts import BarChart, Series
from boligsosial.instruments.models import (
    Instrument,
    Measure,
    measure_unit_label,
)
from boligsosial.instruments.selectors.structure import (
    StructureMapper,
    code_names,
    structured_values,
)

# Series in a chosen structure ------------------------------------------------------------


@dataclass
class SeriesYear:
    year: int
    value: Decimal | None
    parts: list[tuple[str, str, Decimal]]
    missing_codes: list[str]


@dataclass
class SeriesResult:
    code: str
    target_codes: list[str]
    name: str
    instrument: str
    measure: str
    structure_date: dt.date
    years: list[SeriesYear]

    @property
    def instrument_label(self) -> str:
        return str(Instrument(self.instrument).label)

    @property
    def unit(self) -> str:
        return measure_unit_label(self.instrument, self.measure)

    def chart(self) -> BarChart:
        return BarChart(
            title=_("%(instrument)s for %(name)s i kommunestrukturen per %(date)s")
            % {
                "instrument": self.instrument_label,
                "name": self.name,
                "date": self.structure_date.strftime("%d.%m.%Y"),
            },
            categories=[str(y.year) for y in self.years],
            series=[Series(self.name, [y.value for y in self.years])],
            unit=self.unit,
            category_label=_("År"),
        )

    def csv_rows(self) -> list[list]:
        rows: list[list[Any]] = [
            [
                _("År"),
                _("Kommune i strukturen"),
                _("Verdi"),
                _("Registrert under kommunenummer"),
                _("Delverdi"),
            ]
        ]
        for y in self.years:
            if not y.parts:
                rows.append([y.year, self.name, y.value, "", None])
            for code, name, value in y.parts:
                rows.append([y.year, self.name, y.value, f"{code} {name}", value])
        return rows


def series_in_structure(
    *,
    code: str,
    instrument: str,
    years: Iterable[int],
    structure_date: dt.date,
    measure: str = Measure.AMOUNT,
) -> SeriesResult:
    """A municipality's series with every year's figures mapped to one structure.

    For each year the unit consists of the codes that were valid then and map to the target
    (Sandefjord 3907 in 2016: 0706, 0719, 0720); a year is missing (not zero) if any of those
    codes lacks a figure.
    """
    years = sorted(years)
    mapper = StructureMapper(structure_date)
    targets = mapper.map(code)
    names = code_names()
    data = structured_values(instrument, years, measure, mapper)
    result_years = []
    for year in years:
        parts: list[tuple[str, str, Decimal]] = []
        missing: list[str] = []
        total = Decimal(0)
        for target in targets:
            parts.extend((c, names.get(c, c), v) for c, v in data.parts.get((target, year), []))
            value = data.values.get((target, year))
            if value is None:
                missing.extend(
                    data.incomplete.get((target, year)) or mapper.constituents(target, year)
                )
            else:
                total += value
        result_years.append(
            SeriesYear(
                year, None if (missing or not targets) else total, parts, sorted(set(missing))
            )
        )
    name = " + ".join(mapper.name(t) for t in targets) or names.get(code, code)
    return SeriesResult(code, targets, name, instrument, measure, structure_date, result_years)
