"""Mapping figures filed under any kommunenummer to one municipal structure.

Structure: figures are stored under the kommunenummer they were filed under. Each analysis
maps every code to the structure valid at `structure_date` (default 31 December of the last
year analysed) through `municipalities.selectors.codes_valid_at`, so merged municipalities
are compared like with like. A code that maps to several codes (a split) cannot be
apportioned and is reported in `.unassigned`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from boligsosial.instruments.models import (
    InstrumentFigure,
    Measure,
)
from boligsosial.municipalities.models import Municipality, Population
from boligsosial.municipalities.selectors import (
    CodeError,
    CodeHistory,
    codes_valid_at,
    load_code_history,
)
from boligsosial.programmes.models import Programme, RegionMunicipality
from boligsosial.programmes.region_models import served_at


class StructureMapper:
    """Map kommunenummer to the codes valid at `at`, through the registry's one mapping
    function. The code history is read once (two queries) and results are cached for the
    lifetime of one analysis, so the number of queries does not grow with the number of
    municipalities (issue 14)."""

    def __init__(self, at: dt.date, history: CodeHistory | None = None) -> None:
        self.at = at
        self.history = history or load_code_history()
        self._cache: dict[str, list[str]] = {}
        self._names: dict[str, str] = {}
        self._spans = self.history.spans
        self._constituents: dict[tuple[str, int], list[str]] = {}

    def map(self, code: str) -> list[str]:
        if code not in self._cache:
            try:
                self._cache[code] = codes_valid_at(code, self.at, history=self.history)
            except CodeError:
                self._cache[code] = []
        return self._cache[code]

    def valid_in(self, code: str, day: dt.date) -> bool:
        return any(
            start <= day and (end is None or day < end) for start, end in self._spans.get(code, [])
        )

    def constituents(self, target: str, year: int) -> list[str]:
        """The codes valid in `year` that together make up `target` (mid-year)."""
        key = (target, year)
        if key not in self._constituents:
            day = dt.date(year, 7, 1)
            if self.valid_in(target, day):
                self._constituents[key] = [target]
            else:
                try:
                    self._constituents[key] = codes_valid_at(target, day, history=self.history)
                except CodeError:
                    self._constituents[key] = []
        return self._constituents[key]

    def name(self, code: str) -> str:
        if code not in self._names:
            self._names[code] = self.history.name_at(code, self.at) or code
        return self._names[code]


def code_names() -> dict[str, str]:
    """The latest name of every kommunenummer in the registry."""
    names: dict[str, str] = {}
    for code, name in Municipality.objects.order_by("valid_from").values_list("code", "name"):
        names[code] = name
    return names


# Figures ------------------------------------------------------------------------------


def check_measure(measure: str) -> None:
    """Refuse anything but amount or count (the value becomes a column name in a query)."""
    if measure not in Measure.values:
        raise ValidationError(
            {
                "measure": _("Ukjent mål «%(value)s». Velg beløp (amount) eller antall (count).")
                % {"value": str(measure)[:100]}
            }
        )


def yearly_values(
    instrument: str,
    years: Iterable[int],
    measure: str = Measure.AMOUNT,
    codes: Iterable[str] | None = None,
) -> dict[tuple[str, int], Decimal]:
    """{(filed code, year): value} for an instrument. A yearly row wins; otherwise twelve
    monthly rows are summed. Incomplete months or a missing value give no entry (missing).

    `measure` names a column, so only the closed choices of `Measure` are accepted."""
    check_measure(measure)
    qs = InstrumentFigure.objects.filter(instrument=instrument, year__in=list(years))
    if codes is not None:
        qs = qs.filter(code__in=list(codes))
    annual: dict[tuple[str, int], Decimal | None] = {}
    monthly: dict[tuple[str, int], dict[int, Decimal | None]] = defaultdict(dict)
    for code, year, month, value in qs.values_list("code", "year", "month", measure):
        if month is None:
            annual[(code, year)] = value
        else:
            monthly[(code, year)][month] = value
    result: dict[tuple[str, int], Decimal] = {}
    for key, months in monthly.items():
        known = [v for v in months.values() if v is not None]
        if len(months) == 12 and len(known) == 12:
            result[key] = sum(known, Decimal(0))
    for key, value in annual.items():
        if value is not None:
            result[key] = Decimal(value)
        else:
            result.pop(key, None)
    return result


@dataclass
class Structured:
    """Values per (target code, year). A value is present only when every code that made up
    the target that year has a figure (or the figure was filed under a code covering all of
    it); otherwise the target-year is in `incomplete` with the codes that lack figures."""

    values: dict[tuple[str, int], Decimal]
    parts: dict[tuple[str, int], list[tuple[str, Decimal]]]
    unassigned: list[tuple[str, int, list[str]]]
    incomplete: dict[tuple[str, int], list[str]]


def _structure(
    records: Iterable[tuple[str, int, Decimal | int]], mapper: StructureMapper
) -> Structured:
    sums: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    parts: dict[tuple[str, int], list[tuple[str, Decimal]]] = defaultdict(list)
    unassigned = []
    for code, year, value in sorted(records):
        targets = mapper.map(code)
        if len(targets) != 1:
            unassigned.append((code, year, targets))
            continue
        sums[(targets[0], year)] += Decimal(value)
        parts[(targets[0], year)].append((code, Decimal(value)))
    values, incomplete = {}, {}
    for (target, year), total in sums.items():
        filed = {code for code, _value in parts[(target, year)]}
        expected = set(mapper.constituents(target, year))
        missing = sorted(expected - filed)
        if missing and not (filed - expected):
            incomplete[(target, year)] = missing
        else:
            values[(target, year)] = total
    return Structured(values, dict(parts), unassigned, incomplete)


def structured_values(
    instrument: str,
    years: Iterable[int],
    measure: str,
    mapper: StructureMapper,
    targets: Iterable[str] | None = None,
) -> Structured:
    """Figures summed per code of the target structure, remembering which filed codes made them.

    With `targets`, only the figures filed under codes that make up those target codes in
    the years asked for are read (one municipality's page reads its own figures only)."""
    years = list(years)
    codes = None
    if targets is not None:
        codes = {
            code
            for target in targets
            for year in years
            for code in mapper.constituents(target, year)
        }
        codes |= set(targets)
    records = [
        (code, year, value)
        for (code, year), value in yearly_values(instrument, years, measure, codes).items()
    ]
    return _structure(records, mapper)


def structured_population(
    years: Iterable[int], mapper: StructureMapper
) -> dict[tuple[str, int], int]:
    """Population per target code and year (complete units only, never undercounted)."""
    records = Population.objects.filter(year__in=list(years)).values_list("code", "year", "value")
    return {key: int(value) for key, value in _structure(records, mapper).values.items()}


# Programme units ------------------------------------------------------------------------


@dataclass
class Unit:
    """A programme municipality in the analysed structure."""

    codes: list[str]
    name: str
    participation_id: int
    registered_code: str
    start_date: dt.date


def programme_units(
    programme: Programme,
    as_of: dt.date,
    mapper: StructureMapper,
    participation_id: int | None = None,
) -> list[Unit]:
    units = []
    participations = programme.participations.select_related("municipality").filter(
        start_date__isnull=False, start_date__lte=as_of
    )
    if participation_id is not None:
        participations = participations.filter(pk=participation_id)
    for participation in participations.order_by("municipality__name"):
        assert participation.start_date is not None  # filtered above
        codes = mapper.map(participation.municipality.code)
        name = (
            " + ".join(mapper.name(c) for c in codes) if codes else participation.municipality.name
        )
        units.append(
            Unit(
                codes,
                name,
                participation.pk,
                participation.municipality.code,
                participation.start_date,
            )
        )
    return units


def region_codes(region_key: str, mapper: StructureMapper, at: dt.date) -> set[str]:
    """The codes (on the mapper's structure) of the municipalities the region served on `at`."""
    served = RegionMunicipality.objects.filter(served_at(at), region__key=region_key)
    codes: set[str] = set()
    for code in served.values_list("code", flat=True):
        codes.update(mapper.map(code))
    return codes
