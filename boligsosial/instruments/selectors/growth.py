"""Growth in the use of an instrument since a baseline (report §4.3)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from boligsosial.core.charts import BarChart, Series
from boligsosial.instruments.models import (
    Instrument,
    Measure,
    measure_unit_label,
)
from boligsosial.instruments.selectors.common import (
    any_illustrative,
    default_structure_date,
    percent_change,
)
from boligsosial.instruments.selectors.structure import (
    StructureMapper,
    programme_units,
    structured_values,
)
from boligsosial.programmes.models import Programme

# Growth ---------------------------------------------------------------------------------


@dataclass
class GrowthRow:
    name: str
    codes: list[str]
    participation_id: int
    baseline_year: int
    to_year: int
    baseline_value: Decimal | None
    to_value: Decimal | None
    change_percent: Decimal | None
    hidden: bool = False


@dataclass
class GrowthResult:
    instrument: str
    measure: str
    to_year: int
    baseline_year: int | None
    structure_date: dt.date
    rows: list[GrowthRow]
    total_baseline: Decimal | None
    total_to: Decimal | None
    change_percent: Decimal | None
    excluded: list[str]
    unassigned: list[tuple[str, int, list[str]]] = field(default_factory=list)
    illustrative: bool = False
    baseline_note: str = ""  # the base year in words, when it is the programme's common one

    @property
    def instrument_label(self) -> str:
        return str(Instrument(self.instrument).label)

    @property
    def unit(self) -> str:
        return measure_unit_label(self.instrument, self.measure)

    @property
    def baseline_label(self) -> str:
        if self.baseline_year is None:
            return _("året før oppstart")
        return str(self.baseline_year)

    @property
    def title(self) -> str:
        return _("%(instrument)s: endring fra %(baseline)s til %(year)s") % {
            "instrument": self.instrument_label,
            "baseline": self.baseline_label,
            "year": self.to_year,
        }

    def visible_rows(self) -> list[GrowthRow]:
        return [row for row in self.rows if not row.hidden]

    @property
    def has_hidden_rows(self) -> bool:
        return any(row.hidden for row in self.rows)

    def chart(self) -> BarChart:
        rows = self.visible_rows()
        return BarChart(
            title=self.title,
            categories=[row.name for row in rows] + [_("Programmet samlet")],
            series=[
                Series(
                    _("Endring i prosent"), [r.change_percent for r in rows] + [self.change_percent]
                )
            ],
            unit="%",
            category_label=_("Kommune"),
            decimals=1,
        )

    def csv_rows(self) -> list[list]:
        header = [
            _("Kommune"),
            _("Kommunenummer"),
            _("Basisår"),
            _("Verdi basisår"),
            _("Til år"),
            _("Verdi til år"),
            _("Endring (%)"),
        ]
        rows: list[list[Any]] = [header]
        for row in self.visible_rows():
            rows.append(
                [
                    row.name,
                    " ".join(row.codes),
                    row.baseline_year,
                    row.baseline_value,
                    row.to_year,
                    row.to_value,
                    row.change_percent,
                ]
            )
        rows.append(
            [
                _("Programmet samlet"),
                "",
                self.baseline_label,
                self.total_baseline,
                self.to_year,
                self.total_to,
                self.change_percent,
            ]
        )
        return rows


def programme_baseline(programme: Programme | None) -> int | None:
    """The one growth base of the pages and the evaluation report: the year the programme
    started, i.e. the year the first municipality joined (2009 for the 2011 evaluation:
    Arendal in August 2009, the others in 2010)."""
    if programme is None:
        return None
    starts = [p.start_date for p in programme.participations.all() if p.start_date is not None]
    return min(starts).year if starts else None


def baseline_words(year: int) -> str:
    return _(
        "Basisår %(year)s: året programmet startet (den første kommunen ble med). "
        "Evalueringsrapporten regner veksten fra samme år."
    ) % {"year": year}


def growth(
    *,
    programme: Programme,
    instrument: str,
    to_year: int,
    baseline_year: int | None = None,
    as_of: dt.date,
    measure: str = Measure.AMOUNT,
    structure_date: dt.date | None = None,
    participation_id: int | None = None,
) -> GrowthResult:
    """Growth per programme municipality and for the programme. With `participation_id`
    only that municipality's row (and only its figures are read): the totals are then its own."""
    structure_date = structure_date or default_structure_date(to_year)
    mapper = StructureMapper(structure_date)
    units = programme_units(programme, as_of, mapper, participation_id)
    years = {to_year} | (
        {baseline_year} if baseline_year else {u.start_date.year - 1 for u in units}
    )
    targets = None
    if participation_id is not None:
        targets = {code for unit in units for code in unit.codes}
    data = structured_values(instrument, years, measure, mapper, targets)
    rows, excluded = [], []
    total_base, total_to = Decimal(0), Decimal(0)
    for unit in units:
        base_year = baseline_year if baseline_year is not None else unit.start_date.year - 1
        base = sum_codes(data.values, unit.codes, base_year)
        new = sum_codes(data.values, unit.codes, to_year)
        rows.append(
            GrowthRow(
                unit.name,
                unit.codes,
                unit.participation_id,
                base_year,
                to_year,
                base,
                new,
                percent_change(new, base),
            )
        )
        if base is None or new is None:
            excluded.append(unit.name)
            continue
        total_base += base
        total_to += new
    counted = len(units) - len(excluded)
    return GrowthResult(
        instrument=instrument,
        measure=measure,
        to_year=to_year,
        baseline_year=baseline_year,
        structure_date=structure_date,
        rows=rows,
        total_baseline=total_base if counted else None,
        total_to=total_to if counted else None,
        change_percent=percent_change(total_to, total_base) if counted else None,
        excluded=excluded,
        unassigned=data.unassigned,
        illustrative=any_illustrative(instrument, years),
    )


def sum_codes(values: dict, codes: list[str], year: int) -> Decimal | None:
    """Sum over a unit's codes; missing if any code lacks a figure (never a partial sum)."""
    if not codes:
        return None
    found = [values[(code, year)] for code in codes if (code, year) in values]
    if len(found) != len(codes):
        return None
    return sum(found, Decimal(0))
