"""Programme municipalities against the rest of the region, per 1 000 inhabitants."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from boligsosial.core.charts import LineChart, Series
from boligsosial.instruments.models import (
    Instrument,
    Measure,
    measure_unit_label,
)
from boligsosial.instruments.selectors.common import (
    THOUSAND,
    any_illustrative,
    default_structure_date,
    percent_change,
)
from boligsosial.instruments.selectors.structure import (
    StructureMapper,
    programme_units,
    region_codes,
    structured_population,
    structured_values,
)
from boligsosial.programmes.models import Programme

# Comparison with the rest of the region ------------------------------------------------


@dataclass
class ComparisonYear:
    year: int
    programme_value: Decimal | None
    programme_population: int | None
    programme_per_thousand: Decimal | None
    programme_units: int
    rest_value: Decimal | None
    rest_population: int | None
    rest_per_thousand: Decimal | None
    rest_units: int


@dataclass
class ComparisonResult:
    instrument: str
    measure: str
    region: str
    structure_date: dt.date
    years: list[ComparisonYear]
    programme_units: int
    rest_units: int
    left_out: list[str]
    illustrative: bool = False

    @property
    def instrument_label(self) -> str:
        return str(Instrument(self.instrument).label)

    @property
    def unit(self) -> str:
        return _("%(unit)s per 1 000 innbyggere") % {
            "unit": measure_unit_label(self.instrument, self.measure)
        }

    def change(self, attr: str) -> Decimal | None:
        known = [getattr(y, attr) for y in self.years if getattr(y, attr) is not None]
        return percent_change(known[-1], known[0]) if len(known) >= 2 else None

    @property
    def programme_change(self) -> Decimal | None:
        return self.change("programme_per_thousand")

    @property
    def rest_change(self) -> Decimal | None:
        return self.change("rest_per_thousand")

    def chart(self) -> LineChart:
        return LineChart(
            title=_("%(instrument)s per 1 000 innbyggere: programkommunene og resten av regionen")
            % {"instrument": self.instrument_label},
            categories=[str(y.year) for y in self.years],
            series=[
                Series(_("Programkommunene"), [y.programme_per_thousand for y in self.years]),
                Series(_("Resten av regionen"), [y.rest_per_thousand for y in self.years]),
            ],
            unit=self.unit,
            category_label=_("År"),
            decimals=2,
        )

    def csv_rows(self) -> list[list]:
        rows: list[list[Any]] = [
            [
                _("År"),
                _("Programkommunene: verdi"),
                _("Programkommunene: innbyggere"),
                _("Programkommunene: per 1 000"),
                _("Resten av regionen: verdi"),
                _("Resten av regionen: innbyggere"),
                _("Resten av regionen: per 1 000"),
            ]
        ]
        for y in self.years:
            rows.append(
                [
                    y.year,
                    y.programme_value,
                    y.programme_population,
                    y.programme_per_thousand,
                    y.rest_value,
                    y.rest_population,
                    y.rest_per_thousand,
                ]
            )
        return rows


def _per_thousand(value: Decimal | None, population: int | None) -> Decimal | None:
    if value is None or not population:
        return None
    return (Decimal(value) / Decimal(population) * THOUSAND).quantize(Decimal("0.01"))


def treated_and_rest(
    programme: Programme, as_of: dt.date, mapper: StructureMapper
) -> tuple[set[str], set[str]]:
    treated: set[str] = set()
    for unit in programme_units(programme, as_of, mapper):
        treated.update(unit.codes)
    rest = region_codes(programme.owner_region_id, mapper, as_of) - treated
    return treated, rest


def comparison(
    *,
    programme: Programme,
    instrument: str,
    years: Iterable[int],
    as_of: dt.date,
    measure: str = Measure.COUNT,
    structure_date: dt.date | None = None,
) -> ComparisonResult:
    years = sorted(years)
    structure_date = structure_date or default_structure_date(years[-1])
    mapper = StructureMapper(structure_date)
    treated, rest = treated_and_rest(programme, as_of, mapper)
    data = structured_values(instrument, years, measure, mapper)
    population = structured_population(years, mapper)
    rows, left_out = [], []
    for year in years:
        sums = {}
        for label, codes in (("programme", treated), ("rest", rest)):
            value, people, counted = Decimal(0), 0, 0
            for code in sorted(codes):
                v, p = data.values.get((code, year)), population.get((code, year))
                if v is None or p is None:
                    left_out.append(
                        _("%(name)s (%(code)s) %(year)s: mangler %(what)s")
                        % {
                            "name": mapper.name(code),
                            "code": code,
                            "year": year,
                            "what": _("tall") if v is None else _("folketall"),
                        }
                    )
                    continue
                value += v
                people += p
                counted += 1
            sums[label] = (value if counted else None, people if counted else None, counted)
        rows.append(
            ComparisonYear(
                year,
                sums["programme"][0],
                sums["programme"][1],
                _per_thousand(sums["programme"][0], sums["programme"][1]),
                sums["programme"][2],
                sums["rest"][0],
                sums["rest"][1],
                _per_thousand(sums["rest"][0], sums["rest"][1]),
                sums["rest"][2],
            )
        )
    return ComparisonResult(
        instrument,
        measure,
        programme.owner_region_id,
        structure_date,
        rows,
        len(treated),
        len(rest),
        left_out,
        any_illustrative(instrument, years),
    )
