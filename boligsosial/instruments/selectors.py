"""Reading instrument figures and computing the programme's analyses (report §4.3).

Every aggregate is computed here from the stored figures each time it is asked for; none is
stored. The evaluation report calls these functions; their signatures are stable:

    growth(programme=, instrument=, to_year=, baseline_year=None, as_of=, measure="amount",
           structure_date=None) -> GrowthResult
        Growth in the use of an instrument for the programme as a whole and per municipality.
        `baseline_year=None` means "the year before joining" for each municipality (report:
        "since the programme started"); a number compares every municipality with that year.
        `.change_percent` is the programme's growth: (sum of to-year − sum of baselines) /
        sum of baselines, over the municipalities with both figures. `.rows` holds the
        numbers behind it; `.excluded` names municipalities left out for missing figures.

    frame_share(programme=, instrument=, year=, as_of=) -> ShareResult
        The programme municipalities' part of the region's frame for a grant in a year, with
        the region's target (`.target_percent`) and how much of the frame the programme's
        decided applications have committed (`.committed`).

    share_series(programme=, instrument=, years=, as_of=) -> list[ShareResult]

    comparison(programme=, instrument=, years=, as_of=, measure=..., structure_date=None)
        -> ComparisonResult: programme municipalities against the rest of the region, per
        1 000 inhabitants, year by year.

    did_estimate(programme=, instrument=, pre_years=, post_years=, as_of=, measure=...,
                 per_thousand=True, structure_date=None, cov_type="cluster") -> DidResult
        Difference-in-differences: OLS of y on treated, post and treated×post (statsmodels);
        `.estimate` is the interaction coefficient with `.ci_low`/`.ci_high` (95 %), and
        `.note` says in plain Norwegian what a handful of municipalities can and cannot show.

    series_in_structure(code=, instrument=, years=, structure_date=, measure="amount")
        -> SeriesResult: one municipality's series in the municipal structure valid at
        `structure_date`, with the old codes that make up each year (e.g. Sandefjord 3907
        2015–2016 = 0706 + 0719 + 0720).

Structure: figures are stored under the kommunenummer they were filed under. Each analysis
maps every code to the structure valid at `structure_date` (default 31 December of the last
year analysed) through `municipalities.selectors.codes_valid_at`, so merged municipalities
are compared like with like. A code that maps to several codes (a split) cannot be
apportioned and is reported in `.unassigned`.

Missing figures are None and are never counted as 0: a municipality without both figures is
left out of a total and named in `.excluded`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _

from boligsosial.core.charts import BarChart, LineChart, Series
from boligsosial.core.formatting import format_number
from boligsosial.instruments.models import (
    ApplicationStatus,
    ContextStatistic,
    GrantApplication,
    Instrument,
    InstrumentFigure,
    Measure,
    RegionalFrame,
    RegionMember,
    measure_unit_label,
)
from boligsosial.municipalities.models import Municipality, Population
from boligsosial.municipalities.selectors import CodeError, codes_valid_at, municipality_at

HUNDRED = Decimal(100)
THOUSAND = Decimal(1000)


def _percent(new: Decimal | None, old: Decimal | None) -> Decimal | None:
    if new is None or old is None or old == 0:
        return None
    return ((Decimal(new) - Decimal(old)) / Decimal(old) * HUNDRED).quantize(Decimal("0.1"))


def _share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if part is None or whole in (None, 0):
        return None
    return (Decimal(part) / Decimal(whole) * HUNDRED).quantize(Decimal("0.1"))


def default_structure_date(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def any_illustrative(instrument: str, years) -> bool:
    """Whether any figure behind an analysis is demonstration data (shown on every page)."""
    from boligsosial.core.models import DataSource

    return InstrumentFigure.objects.filter(
        instrument=instrument, year__in=list(years), data_source=DataSource.ILLUSTRATIVE
    ).exists()


class StructureMapper:
    """Map kommunenummer to the codes valid at `at`, through the registry's one mapping
    function. Results are cached for the lifetime of one analysis."""

    def __init__(self, at: dt.date):
        self.at = at
        self._cache: dict[str, list[str]] = {}
        self._names: dict[str, str] = {}
        self._spans: dict[str, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
        self._constituents: dict[tuple[str, int], list[str]] = {}
        for code, name, start, end in Municipality.objects.values_list(
            "code", "name", "valid_from", "valid_to"
        ):
            self._spans[code].append((start, end))
            if start <= at and (end is None or at < end):
                self._cache[code] = [code]
                self._names[code] = name

    def map(self, code: str) -> list[str]:
        if code not in self._cache:
            try:
                self._cache[code] = codes_valid_at(code, self.at)
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
                    self._constituents[key] = codes_valid_at(target, day)
                except CodeError:
                    self._constituents[key] = []
        return self._constituents[key]

    def name(self, code: str) -> str:
        if code not in self._names:
            row = (
                municipality_at(code, self.at)
                or Municipality.objects.filter(code=code).order_by("-valid_from").first()
            )
            self._names[code] = row.name if row else code
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
    instrument: str, years, measure: str = Measure.AMOUNT, codes=None
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
        if len(months) == 12 and all(v is not None for v in months.values()):
            result[key] = Decimal(sum(months.values()))
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


def _structure(records, mapper: StructureMapper) -> Structured:
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


def structured_values(instrument: str, years, measure: str, mapper: StructureMapper) -> Structured:
    """Figures summed per code of the target structure, remembering which filed codes made them."""
    records = [
        (code, year, value)
        for (code, year), value in yearly_values(instrument, years, measure).items()
    ]
    return _structure(records, mapper)


def structured_population(years, mapper: StructureMapper) -> dict[tuple[str, int], int]:
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


def programme_units(programme, as_of: dt.date, mapper: StructureMapper) -> list[Unit]:
    units = []
    participations = programme.participations.select_related("municipality").filter(
        start_date__isnull=False, start_date__lte=as_of
    )
    for participation in participations.order_by("municipality__name"):
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


def region_codes(region: str, mapper: StructureMapper) -> set[str]:
    codes: set[str] = set()
    for code in RegionMember.objects.filter(region=region).values_list("code", flat=True):
        codes.update(mapper.map(code))
    return codes


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
        rows = [header]
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


def growth(
    *,
    programme,
    instrument: str,
    to_year: int,
    baseline_year: int | None = None,
    as_of: dt.date,
    measure: str = Measure.AMOUNT,
    structure_date: dt.date | None = None,
) -> GrowthResult:
    structure_date = structure_date or default_structure_date(to_year)
    mapper = StructureMapper(structure_date)
    units = programme_units(programme, as_of, mapper)
    years = {to_year} | (
        {baseline_year} if baseline_year else {u.start_date.year - 1 for u in units}
    )
    data = structured_values(instrument, years, measure, mapper)
    rows, excluded = [], []
    total_base, total_to = Decimal(0), Decimal(0)
    for unit in units:
        base_year = baseline_year if baseline_year is not None else unit.start_date.year - 1
        base = _sum_codes(data.values, unit.codes, base_year)
        new = _sum_codes(data.values, unit.codes, to_year)
        rows.append(
            GrowthRow(
                unit.name,
                unit.codes,
                unit.participation_id,
                base_year,
                to_year,
                base,
                new,
                _percent(new, base),
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
        change_percent=_percent(total_to, total_base) if counted else None,
        excluded=excluded,
        unassigned=data.unassigned,
        illustrative=any_illustrative(instrument, years),
    )


def _sum_codes(values: dict, codes: list[str], year: int) -> Decimal | None:
    """Sum over a unit's codes; missing if any code lacks a figure (never a partial sum)."""
    if not codes:
        return None
    found = [values.get((code, year)) for code in codes]
    if any(v is None for v in found):
        return None
    return sum(found, Decimal(0))


# Frame share ----------------------------------------------------------------------------


@dataclass
class ShareRow:
    name: str
    codes: list[str]
    amount: Decimal | None
    share_percent: Decimal | None
    hidden: bool = False


@dataclass
class ShareResult:
    instrument: str
    year: int
    region: str
    frame: RegionalFrame | None
    target_percent: Decimal | None
    programme_amount: Decimal | None
    share_percent: Decimal | None
    rows: list[ShareRow]
    excluded: list[str]
    committed: Decimal
    committed_percent: Decimal | None
    illustrative: bool = False

    @property
    def frame_amount(self) -> Decimal | None:
        return self.frame.amount if self.frame else None

    @property
    def instrument_label(self) -> str:
        return str(Instrument(self.instrument).label)

    @property
    def meets_target(self) -> bool | None:
        if self.share_percent is None or self.target_percent is None:
            return None
        return self.share_percent >= self.target_percent

    def visible_rows(self) -> list[ShareRow]:
        return [row for row in self.rows if not row.hidden]

    @property
    def has_hidden_rows(self) -> bool:
        return any(row.hidden for row in self.rows)

    def csv_rows(self) -> list[list]:
        rows = [
            [_("Kommune"), _("Kommunenummer"), _("År"), _("Beløp (kr)"), _("Andel av rammen (%)")]
        ]
        for row in self.visible_rows():
            rows.append([row.name, " ".join(row.codes), self.year, row.amount, row.share_percent])
        rows.append(
            [_("Programmet samlet"), "", self.year, self.programme_amount, self.share_percent]
        )
        rows.append([_("Regional ramme"), "", self.year, self.frame_amount, None])
        rows.append([_("Måltall (%)"), "", self.year, None, self.target_percent])
        return rows


def frame_share(*, programme, instrument: str, year: int, as_of: dt.date) -> ShareResult:
    mapper = StructureMapper(default_structure_date(year))
    units = programme_units(programme, as_of, mapper)
    data = structured_values(instrument, [year], Measure.AMOUNT, mapper)
    frame = RegionalFrame.objects.filter(
        region=programme.owner_region, instrument=instrument, year=year
    ).first()
    frame_amount = frame.amount if frame else None
    rows, excluded, total = [], [], Decimal(0)
    for unit in units:
        amount = _sum_codes(data.values, unit.codes, year)
        rows.append(ShareRow(unit.name, unit.codes, amount, _share(amount, frame_amount)))
        if amount is None:
            excluded.append(unit.name)
        else:
            total += amount
    counted = len(units) - len(excluded)
    committed = GrantApplication.objects.filter(
        participation__programme__owner_region=programme.owner_region,
        instrument=instrument,
        year=year,
        status=ApplicationStatus.GRANTED,
    ).aggregate(total=Sum("amount_granted"))["total"] or Decimal(0)
    return ShareResult(
        instrument=instrument,
        year=year,
        region=programme.owner_region,
        frame=frame,
        target_percent=frame.programme_target_percent if frame else None,
        programme_amount=total if counted else None,
        share_percent=_share(total, frame_amount) if counted else None,
        rows=rows,
        excluded=excluded,
        committed=committed,
        committed_percent=_share(committed, frame_amount),
        illustrative=any_illustrative(instrument, [year])
        or bool(frame and frame.data_source == "illustrative"),
    )


def share_series(*, programme, instrument: str, years, as_of: dt.date) -> list[ShareResult]:
    return [
        frame_share(programme=programme, instrument=instrument, year=year, as_of=as_of)
        for year in years
    ]


def share_chart(results: list[ShareResult]) -> BarChart:
    targets = [r.target_percent for r in results if r.target_percent is not None]
    target = targets[-1] if targets else None
    label = results[0].instrument_label if results else ""
    return BarChart(
        title=_("Programkommunenes andel av rammen for %(instrument)s")
        % {"instrument": label.lower()},
        categories=[str(r.year) for r in results],
        series=[Series(_("Andel av rammen"), [r.share_percent for r in results])],
        unit="%",
        category_label=_("År"),
        decimals=1,
        target_line=float(target) if target is not None else None,
        target_label=_("Måltall %(value)s %%") % {"value": format_number(target)}
        if target is not None
        else "",
    )


# Frames and commitments ------------------------------------------------------------------


@dataclass
class FrameRow:
    frame: RegionalFrame
    committed: Decimal
    applied: Decimal
    remaining: Decimal
    committed_percent: Decimal | None


def frame_overview(*, region: str | None = None, year: int | None = None) -> list[FrameRow]:
    frames = RegionalFrame.objects.all()
    if region:
        frames = frames.filter(region=region)
    if year:
        frames = frames.filter(year=year)
    granted = defaultdict(Decimal)
    applied = defaultdict(Decimal)
    for (
        region_code,
        instrument,
        app_year,
        status,
        amount_applied,
        amount_granted,
    ) in GrantApplication.objects.values_list(
        "participation__programme__owner_region",
        "instrument",
        "year",
        "status",
        "amount_applied",
        "amount_granted",
    ):
        key = (region_code, instrument, app_year)
        if status == ApplicationStatus.GRANTED and amount_granted is not None:
            granted[key] += amount_granted
        if status in (ApplicationStatus.SUBMITTED, ApplicationStatus.GRANTED):
            applied[key] += amount_applied
    rows = []
    for frame in frames:
        key = (frame.region, frame.instrument, frame.year)
        rows.append(
            FrameRow(
                frame,
                granted[key],
                applied[key],
                frame.amount - granted[key],
                _share(granted[key], frame.amount),
            )
        )
    return rows


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
        return _percent(known[-1], known[0]) if len(known) >= 2 else None

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
        rows = [
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


def _groups(programme, as_of: dt.date, mapper: StructureMapper) -> tuple[set[str], set[str]]:
    treated: set[str] = set()
    for unit in programme_units(programme, as_of, mapper):
        treated.update(unit.codes)
    rest = region_codes(programme.owner_region, mapper) - treated
    return treated, rest


def comparison(
    *,
    programme,
    instrument: str,
    years,
    as_of: dt.date,
    measure: str = Measure.COUNT,
    structure_date: dt.date | None = None,
) -> ComparisonResult:
    years = sorted(years)
    structure_date = structure_date or default_structure_date(years[-1])
    mapper = StructureMapper(structure_date)
    treated, rest = _groups(programme, as_of, mapper)
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
        programme.owner_region,
        structure_date,
        rows,
        len(treated),
        len(rest),
        left_out,
        any_illustrative(instrument, years),
    )


# Difference in differences -------------------------------------------------------------


@dataclass
class DidResult:
    instrument: str
    measure: str
    per_thousand: bool
    pre_years: list[int]
    post_years: list[int]
    structure_date: dt.date
    estimate: float | None
    std_error: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    n_obs: int
    n_treated: int
    n_control: int
    cov_type: str
    cell_means: dict[str, float | None]
    panel: list[dict]
    note: str
    yearly_means: dict[int, tuple[float | None, float | None]] = field(default_factory=dict)
    illustrative: bool = False

    @property
    def instrument_label(self) -> str:
        return str(Instrument(self.instrument).label)

    @property
    def unit(self) -> str:
        unit = measure_unit_label(self.instrument, self.measure)
        return _("%(unit)s per 1 000 innbyggere") % {"unit": unit} if self.per_thousand else unit

    def chart(self) -> LineChart:
        years = sorted(self.yearly_means)
        return LineChart(
            title=_("%(instrument)s: gjennomsnitt per kommune, programkommuner og øvrige kommuner")
            % {"instrument": self.instrument_label},
            categories=[str(y) for y in years],
            series=[
                Series(_("Programkommunene"), [self.yearly_means[y][0] for y in years]),
                Series(_("Øvrige kommuner i regionen"), [self.yearly_means[y][1] for y in years]),
            ],
            unit=self.unit,
            category_label=_("År"),
            decimals=2,
        )

    def csv_rows(self) -> list[list]:
        rows = [
            [_("Kommunenummer"), _("Kommune"), _("År"), _("Programkommune"), _("Etter"), _("Verdi")]
        ]
        for obs in self.panel:
            rows.append(
                [
                    obs["code"],
                    obs["name"],
                    obs["year"],
                    int(obs["treated"]),
                    int(obs["post"]),
                    obs["y"],
                ]
            )
        return rows


def did_estimate(
    *,
    programme,
    instrument: str,
    pre_years,
    post_years,
    as_of: dt.date,
    measure: str = Measure.AMOUNT,
    per_thousand: bool = True,
    structure_date: dt.date | None = None,
    cov_type: str = "cluster",
) -> DidResult:
    pre_years, post_years = sorted(pre_years), sorted(post_years)
    years = pre_years + post_years
    structure_date = structure_date or default_structure_date(years[-1])
    mapper = StructureMapper(structure_date)
    treated, rest = _groups(programme, as_of, mapper)
    data = structured_values(instrument, years, measure, mapper)
    population = structured_population(years, mapper) if per_thousand else {}
    panel = []
    for code in sorted(treated | rest):
        for year in years:
            value = data.values.get((code, year))
            if value is None:
                continue
            if per_thousand:
                people = population.get((code, year))
                if not people:
                    continue
                value = value / Decimal(people) * THOUSAND
            panel.append(
                {
                    "code": code,
                    "name": mapper.name(code),
                    "year": year,
                    "treated": code in treated,
                    "post": year in post_years,
                    "y": float(value),
                }
            )
    result = did_from_panel(
        panel,
        instrument=instrument,
        measure=measure,
        per_thousand=per_thousand,
        pre_years=pre_years,
        post_years=post_years,
        structure_date=structure_date,
        cov_type=cov_type,
    )
    result.illustrative = any_illustrative(instrument, years)
    return result


def did_from_panel(
    panel: list[dict],
    *,
    instrument: str,
    measure: str,
    per_thousand: bool,
    pre_years,
    post_years,
    structure_date: dt.date,
    cov_type: str = "cluster",
) -> DidResult:
    """Fit y = a + b·treated + c·post + d·treated·post by OLS; d is the estimate."""
    import numpy as np
    import statsmodels.api as sm

    def mean(treated: bool, post: bool) -> float | None:
        ys = [o["y"] for o in panel if o["treated"] == treated and o["post"] == post]
        return sum(ys) / len(ys) if ys else None

    cells = {
        "treated_pre": mean(True, False),
        "treated_post": mean(True, True),
        "control_pre": mean(False, False),
        "control_post": mean(False, True),
    }
    yearly = {}
    for year in sorted(set(pre_years) | set(post_years)):
        t = [o["y"] for o in panel if o["year"] == year and o["treated"]]
        c = [o["y"] for o in panel if o["year"] == year and not o["treated"]]
        yearly[year] = (sum(t) / len(t) if t else None, sum(c) / len(c) if c else None)
    n_treated = len({o["code"] for o in panel if o["treated"]})
    n_control = len({o["code"] for o in panel if not o["treated"]})
    result = DidResult(
        instrument,
        measure,
        per_thousand,
        list(pre_years),
        list(post_years),
        structure_date,
        None,
        None,
        None,
        None,
        None,
        len(panel),
        n_treated,
        n_control,
        cov_type,
        cells,
        panel,
        "",
        yearly,
    )
    if any(v is None for v in cells.values()) or len(panel) <= 4:
        result.note = _(
            "Estimatet kan ikke beregnes: det trengs tall for både programkommuner og andre kommuner, "
            "før og etter, og flere observasjoner enn de fire gjennomsnittene."
        )
        return result
    y = np.array([o["y"] for o in panel])
    treated = np.array([1.0 if o["treated"] else 0.0 for o in panel])
    post = np.array([1.0 if o["post"] else 0.0 for o in panel])
    X = np.column_stack([np.ones(len(panel)), treated, post, treated * post])
    model = sm.OLS(y, X)
    if cov_type == "cluster" and n_treated + n_control > 1:
        index = {code: i for i, code in enumerate(sorted({o["code"] for o in panel}))}
        groups = np.array([index[o["code"]] for o in panel])
        fit = model.fit(cov_type="cluster", cov_kwds={"groups": groups})
    else:
        result.cov_type = "nonrobust"
        fit = model.fit()
    low, high = fit.conf_int(alpha=0.05)[3]
    result.estimate = float(fit.params[3])
    result.std_error = float(fit.bse[3])
    result.ci_low, result.ci_high = float(low), float(high)
    result.p_value = float(fit.pvalues[3])
    result.note = did_note(result)
    return result


def did_note(result: DidResult) -> str:
    """A plain Norwegian note on what the estimate can and cannot show."""
    parts = [
        _(
            "Estimatet sammenligner endringen fra før til etter i programkommunene med endringen i de "
            "øvrige kommunene i regionen (forskjell i forskjeller). Det forutsetter at de to gruppene ville "
            "ha utviklet seg likt uten programmet."
        ),
        _(
            "Med %(treated)s programkommuner og %(control)s andre kommuner er usikkerheten stor: "
            "95 %%-konfidensintervallet går fra %(low)s til %(high)s %(unit)s."
        )
        % {
            "treated": result.n_treated,
            "control": result.n_control,
            "low": format_number(round(result.ci_low, 2)),
            "high": format_number(round(result.ci_high, 2)),
            "unit": result.unit,
        },
    ]
    if result.ci_low <= 0 <= result.ci_high:
        parts.append(
            _(
                "Intervallet inneholder null, så tallene kan ikke skille en programeffekt fra tilfeldig variasjon."
            )
        )
    else:
        parts.append(
            _(
                "Intervallet inneholder ikke null, men det er ikke bevis for at programmet er årsaken."
            )
        )
    parts.append(
        _(
            "Programkommunene ble ikke trukket tilfeldig: de er de største kommunene i regionen og ble "
            "prioritert ved tildelingen av virkemidler, og nytt regelverk (for eksempel for bostøtte) kan "
            "virke ulikt i store og små kommuner. Tallene kan vise om utviklingen var ulik, ikke hvorfor."
        )
    )
    if result.cov_type == "cluster":
        parts.append(
            _(
                "Standardfeilen er gruppert per kommune; med så få kommuner kan også den være for optimistisk."
            )
        )
    return " ".join(parts)


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
        rows = [
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
    *, code: str, instrument: str, years, structure_date: dt.date, measure: str = Measure.AMOUNT
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
        parts, missing, total = [], [], Decimal(0)
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


# Lists for pages -----------------------------------------------------------------------


def figures_table(
    *, instrument: str, years, codes=None, measure: str = Measure.AMOUNT
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
    """Years with figures for at least half as many codes as the best-covered year."""
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


def applications_for_participation(participation) -> list[GrantApplication]:
    return list(
        participation.grant_applications.prefetch_related("payments").order_by(
            "-year", "instrument"
        )
    )
