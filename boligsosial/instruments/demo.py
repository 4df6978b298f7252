"""Demonstration data for instruments (issue 5, point 7).

- Region: the 83 municipalities of Buskerud (06), Vestfold (07), Telemark (08), Aust-Agder
  (09) and Vest-Agder (10) valid on 1 January 2011, i.e. Husbanken Region sør in 2011.
  Codes and names come from the shipped registry, which copies SSB KLASS classification 131
  version 475 «Kommuneinndeling 2008» (see municipalities/data/klass/SOURCES.md).
- Figures 2008–2012 for every instrument and municipality are ILLUSTRATIVE (DataSource
  .ILLUSTRATIVE, each with a source note). They are built so that the report's §4.3
  aggregates hold when computed: start loans for the programme municipalities up more than
  50 % from 2009 to 2011, establishment grants up more than 25 %, the programme's share of
  the competence-grant frame between 75 and 80 % (the region's target, 75 %). The
  aggregates themselves are not stored; `check()` recomputes them after loading.
- Population: the shipped SSB/report values are kept; the (code, year) pairs they lack are
  filled with ILLUSTRATIVE values through the same JSON-stat import a real SSB file uses.
- Sandefjord's start loans 2015–2018 filed under 0706/0719/0720 (2015–2016) and 0710
  (2017–2018), so the series can be shown in the 2020 structure (3907).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal

from boligsosial.core.models import DataSource
from boligsosial.instruments import selectors, services
from boligsosial.instruments.models import (
    ApplicationStatus,
    ContextStatistic,
    FinalReportStatus,
    GrantApplication,
    Instrument,
    InstrumentFigure,
    Payment,
    RegionalFrame,
)
from boligsosial.municipalities.models import Municipality, Population
from boligsosial.programmes.models import HusbankenRegion, RegionMunicipality

YEARS = range(2008, 2013)
REGION_COUNTIES = ("06", "07", "08", "09", "10")
FIGURE_NOTE = (
    "Illustrativt tall (demonstrasjonsdata), laget slik at rapportens kap. 4.3-aggregater holder"
)
REGION_NOTE = (
    "Husbanken Region sør 2011: kommunene i Buskerud, Vestfold, Telemark, Aust-Agder og Vest-Agder "
    "per 1.1.2011, koder og navn fra SSB KLASS 131 versjon 475 (municipalities/data/klass/SOURCES.md)"
)
POPULATION_SOURCE = "Illustrativt folketall (demonstrasjonsdata, ikke fra SSB)"
KOSTRA_SOURCE = "Illustrative KOSTRA-nøkkeltall (demonstrasjonsdata, ikke fra SSB)"

# Rough illustrative sizes for municipalities the shipped population file lacks (2011).
ROUGH_SIZE = {
    "0602": 63582,
    "0706": 43648,
    "0709": 42412,
    "0604": 25000,
    "0605": 29000,
    "0624": 17000,
    "0625": 23000,
    "0626": 24000,
    "0627": 19000,
    "0628": 9000,
    "0623": 13000,
    "0704": 40000,
    "0701": 26000,
    "0722": 21000,
    "0723": 4800,
    "0702": 10000,
    "0716": 9000,
    "0720": 11000,
    "0719": 5500,
    "0711": 6500,
    "0713": 8500,
    "0714": 3000,
    "0728": 2400,
}
# Programme municipalities' growth in start loans 2009→2011 (illustrative, per municipality).
START_LOAN_GROWTH = {
    "0906": 1.58,
    "0706": 1.66,
    "0805": 1.55,
    "0602": 1.72,
    "0709": 1.49,
    "0806": 1.41,
}
ESTABLISHMENT_GROWTH = {
    "0906": 1.31,
    "0706": 1.36,
    "0805": 1.27,
    "0602": 1.38,
    "0709": 1.22,
    "0806": 1.29,
}
COMPETENCE_FRAME = {
    2008: 4_000_000,
    2009: 5_000_000,
    2010: 5_500_000,
    2011: 6_000_000,
    2012: 6_000_000,
}
# 2009–2011 within the report's 75–80 % (§4.3: "ligger mellom 75-80 prosent").
COMPETENCE_PROGRAMME_SHARE = {2008: 0.30, 2009: 0.755, 2010: 0.765, 2011: 0.78, 2012: 0.772}


def reset() -> None:
    GrantApplication.objects.filter(data_source=DataSource.ILLUSTRATIVE).delete()
    InstrumentFigure.objects.filter(data_source=DataSource.ILLUSTRATIVE).delete()
    RegionalFrame.objects.filter(data_source=DataSource.ILLUSTRATIVE).delete()
    ContextStatistic.objects.filter(data_source=DataSource.ILLUSTRATIVE).delete()
    RegionMunicipality.objects.filter(region__key=HusbankenRegion.SOR).delete()
    Population.objects.filter(
        data_source=DataSource.ILLUSTRATIVE, source_note__contains=POPULATION_SOURCE
    ).delete()


def region_codes_2011() -> dict[str, str]:
    day = dt.date(2011, 1, 1)
    rows = Municipality.objects.filter(valid_from__lte=day).exclude(valid_to__lte=day)
    return {m.code: m.name for m in rows if m.code[:2] in REGION_COUNTIES}


def _sizes(codes) -> dict[str, int]:
    rng = random.Random(2011)
    known: dict[str, dict[int, int]] = {}
    for code, year, value in Population.objects.filter(code__in=codes).values_list(
        "code", "year", "value"
    ):
        known.setdefault(code, {})[year] = value
    sizes = {}
    for code in sorted(codes):
        if code in known:
            year, value = min(known[code].items(), key=lambda kv: abs(kv[0] - 2011))
            sizes[code] = int(value * (1.009 ** (2011 - year)))
        else:
            sizes[code] = ROUGH_SIZE.get(code) or rng.randint(1200, 8000)
    return sizes


def _population(codes, sizes) -> None:
    """Fill missing population through the JSON-stat import (table 07459 shape)."""
    existing = set(Population.objects.filter(code__in=codes).values_list("code", "year"))
    codes = sorted(codes)
    years = [str(y) for y in YEARS]
    values = []
    for code in codes:
        for year in YEARS:
            values.append(
                None if (code, year) in existing else int(sizes[code] * (1.009 ** (year - 2011)))
            )
    if all(v is None for v in values):
        return
    dataset = {
        "version": "2.0",
        "class": "dataset",
        "label": "07459: Befolkning (illustrativ)",
        "source": POPULATION_SOURCE,
        "updated": "2011-12-01T00:00:00Z",
        "id": ["Region", "ContentsCode", "Tid"],
        "size": [len(codes), 1, len(years)],
        "dimension": {
            "Region": {
                "label": "region",
                "category": {"index": {c: i for i, c in enumerate(codes)}},
            },
            "ContentsCode": {
                "label": "statistikkvariabel",
                "category": {
                    "index": {"Personer1": 0},
                    "label": {"Personer1": "Personer"},
                    "unit": {"Personer1": {"base": "personer", "decimals": 0}},
                },
            },
            "Tid": {"label": "år", "category": {"index": {y: i for i, y in enumerate(years)}}},
        },
        "value": values,
        "role": {"time": ["Tid"], "metric": ["ContentsCode"], "geo": ["Region"]},
        "extension": {"px": {"tableid": "07459"}},
    }
    services.population_import_jsonstat(
        user=None,
        content=json.dumps(dataset),
        file_name="demo-folketall.json",
        data_source=DataSource.ILLUSTRATIVE,
        only_missing=True,
    )


def _figure(instrument, code, year, amount, count, rows):
    rows.append(
        InstrumentFigure(
            instrument=instrument,
            code=code,
            year=year,
            amount=Decimal(round(amount)),
            count=count,
            data_source=DataSource.ILLUSTRATIVE,
            source_note=FIGURE_NOTE,
        )
    )


def _figures(codes, sizes, programme_codes) -> None:
    rng = random.Random(4_3)
    rows: list[InstrumentFigure] = []
    rest_competence = [c for c in sorted(codes) if c not in programme_codes and sizes[c] > 9000]
    people_in = {
        "programme": sum(sizes[c] for c in programme_codes),
        "rest": sum(sizes[c] for c in rest_competence),
    }
    for code in sorted(codes):
        noise = rng.uniform(0.85, 1.15)
        for year in YEARS:
            indices = _indices(code, year, code in programme_codes, rng)
            _municipality_year(
                code, year, sizes[code], noise, indices, code in programme_codes, rows
            )
            _competence(code, year, sizes[code], programme_codes, rest_competence, people_in, rows)
    _sandefjord(rows)
    InstrumentFigure.objects.bulk_create(rows)


def _indices(code: str, year: int, in_programme: bool, rng: random.Random) -> tuple:
    """(start loan, establishment grant, housing allowance) index against 2009."""
    if in_programme:
        g, e = START_LOAN_GROWTH[code], ESTABLISHMENT_GROWTH[code]
        loan = {2008: 0.97, 2009: 1.0, 2010: 1 + (g - 1) * 0.45, 2011: g, 2012: g * 1.04}
        grant = {2008: 0.98, 2009: 1.0, 2010: 1 + (e - 1) * 0.5, 2011: e, 2012: e * 1.02}
        allowance = {2008: 0.95, 2009: 1.0, 2010: 1.12, 2011: 1.24, 2012: 1.27}
        return loan[year], grant[year], allowance[year]
    loan = {2008: 0.98, 2009: 1.0, 2010: 1.04, 2011: 1.09, 2012: 1.12}
    grant = {2008: 0.99, 2009: 1.0, 2010: 1.02, 2011: 1.05, 2012: 1.06}
    allowance = {2008: 0.96, 2009: 1.0, 2010: 1.09, 2011: 1.16, 2012: 1.18}
    return (
        loan[year] * rng.uniform(0.95, 1.05),
        grant[year] * rng.uniform(0.96, 1.04),
        allowance[year] * rng.uniform(0.97, 1.03),
    )


def _municipality_year(code, year, people, noise, indices, in_programme, rows) -> None:
    """Start loans, establishment, adaptation and rental grants and housing allowance."""
    loan_index, grant_index, allowance_index = indices
    start_loan = people * 880 * noise * loan_index
    count = max(1, round(start_loan / 1_050_000))
    _figure(Instrument.START_LOAN, code, year, start_loan, count, rows)
    establishment = people * 95 * noise * grant_index
    count = max(1, round(establishment / 150_000))
    _figure(Instrument.ESTABLISHMENT_GRANT, code, year, establishment, count, rows)
    adaptation = people * 18 * noise * (1 + 0.03 * (year - 2009))
    count = max(1, round(adaptation / 60_000))
    _figure(Instrument.ADAPTATION_GRANT, code, year, adaptation, count, rows)
    rental = people * 40 * noise * (1.2 if in_programme and year >= 2010 else 1.0)
    _figure(
        Instrument.RENTAL_HOUSING_GRANT, code, year, rental, max(0, round(rental / 400_000)), rows
    )
    people_year = people * (1.009 ** (year - 2011))
    households = round(people_year / 1000 * 24 * noise * allowance_index)
    _figure(Instrument.HOUSING_ALLOWANCE, code, year, households * 23_500, households, rows)


def _competence(code, year, people, programme_codes, rest_competence, people_in, rows) -> None:
    frame, share = COMPETENCE_FRAME[year], COMPETENCE_PROGRAMME_SHARE[year]
    if code in programme_codes:
        competence = frame * share * people / people_in["programme"]
    elif code in rest_competence:
        competence = frame * (0.97 - share) * people / people_in["rest"]
    else:
        competence = 0
    _figure(Instrument.COMPETENCE_GRANT, code, year, competence, 1 if competence else 0, rows)


def _sandefjord(rows) -> None:
    """Sandefjord before and after the 2017 merger (for the 2020-structure series)."""
    for code, share in (("0706", 0.80), ("0719", 0.08), ("0720", 0.12)):
        for year in (2015, 2016):
            amount = 62_000_000 * share * (1 + 0.05 * (year - 2015))
            count = max(1, round(amount / 1_400_000))
            _figure(Instrument.START_LOAN, code, year, amount, count, rows)
    for year in (2017, 2018):
        amount = 62_000_000 * (1 + 0.05 * (year - 2015))
        _figure(Instrument.START_LOAN, "0710", year, amount, round(amount / 1_400_000), rows)


def _frames(codes) -> None:
    totals: dict[tuple[str, int], Decimal] = {}
    for instrument, year, amount in InstrumentFigure.objects.filter(
        code__in=codes, year__in=list(YEARS)
    ).values_list("instrument", "year", "amount"):
        totals[(instrument, year)] = totals.get((instrument, year), Decimal(0)) + (amount or 0)
    frames = []
    for year in YEARS:
        for instrument in (
            Instrument.ESTABLISHMENT_GRANT,
            Instrument.ADAPTATION_GRANT,
            Instrument.RENTAL_HOUSING_GRANT,
        ):
            amount = round(totals[(instrument, year)] * Decimal("1.04"), -3)
            frames.append(
                RegionalFrame(
                    region_id=HusbankenRegion.SOR, instrument=instrument, year=year, amount=amount
                )
            )
        frames.append(
            RegionalFrame(
                region_id=HusbankenRegion.SOR,
                instrument=Instrument.COMPETENCE_GRANT,
                year=year,
                amount=COMPETENCE_FRAME[year],
                programme_target_percent=Decimal(75) if year >= 2010 else None,
            )
        )
        frames.append(
            RegionalFrame(
                region_id=HusbankenRegion.SOR,
                instrument=Instrument.PROGRAMME_GRANT,
                year=year,
                amount=Decimal(8_000_000),
            )
        )
    for frame in frames:
        frame.data_source, frame.source_note = DataSource.ILLUSTRATIVE, FIGURE_NOTE
    RegionalFrame.objects.bulk_create(frames)


def _applications(ctx) -> None:
    note = "Illustrativ søknad og vedtak (demonstrasjonsdata)"
    now = dt.datetime(2011, 12, 1, 12, tzinfo=dt.UTC)
    admin = ctx["users"].get("admin")
    apps, payments = [], []
    for index, (name, participation) in enumerate(sorted(ctx["participations"].items())):
        start = participation.start_date
        base = GrantApplication(
            participation=participation,
            instrument=Instrument.PLANNING_GRANT,
            year=start.year,
            amount_applied=Decimal(400_000),
            amount_granted=Decimal(300_000),
            purpose="Planfase: strategi, forankring og organisering av programmet.",
            status=ApplicationStatus.GRANTED,
            submitted_at=now,
            decided_at=now,
            decided_by=admin,
            commitment_letter_date=start,
            conditions="Sluttrapport innen seks måneder etter planfasen.",
            final_report_status=FinalReportStatus.APPROVED,
            final_report_date=start + dt.timedelta(days=240),
            data_source=DataSource.ILLUSTRATIVE,
            source_note=note,
        )
        apps.append(base)
        yearly = GrantApplication(
            participation=participation,
            instrument=Instrument.PROGRAMME_GRANT,
            year=2011,
            amount_applied=Decimal(1_500_000 + 100_000 * index),
            purpose="Gjennomføringsfase: delprosjekter og programledelse i 2011.",
            data_source=DataSource.ILLUSTRATIVE,
            source_note=note,
        )
        if name == "Skien":
            yearly.status, yearly.submitted_at = ApplicationStatus.SUBMITTED, now
        else:
            yearly.status, yearly.submitted_at, yearly.decided_at, yearly.decided_by = (
                ApplicationStatus.GRANTED,
                now,
                now,
                admin,
            )
            yearly.amount_granted = Decimal(1_200_000 + 100_000 * index)
            yearly.commitment_letter_date = dt.date(2011, 3, 15)
            yearly.conditions = "Årlig møte med Husbanken og statusrapport."
        apps.append(yearly)
    GrantApplication.objects.bulk_create(apps)
    for application in apps:
        if application.status == ApplicationStatus.GRANTED:
            assert application.amount_granted and application.commitment_letter_date
            first = (
                application.amount_granted
                if application.instrument == Instrument.PLANNING_GRANT
                else application.amount_granted / 2
            )
            payments.append(
                Payment(
                    application=application,
                    paid_on=application.commitment_letter_date + dt.timedelta(days=30),
                    amount=first,
                    data_source=DataSource.ILLUSTRATIVE,
                    source_note=note,
                )
            )
    Payment.objects.bulk_create(payments)


def _kostra(programme_codes, sizes) -> None:
    codes = sorted(programme_codes)
    years = ["2010", "2011"]
    values = []
    for code in codes:
        for index, _contents in enumerate(("KommBolig", "MidlBo")):
            for year in years:
                base = 18.5 + (int(code) % 7) if index == 0 else sizes[code] / 2500
                values.append(round(base * (1.02 if year == "2011" else 1.0), 1))
    # JSON-stat order is Region, ContentsCode, Tid (row-major).
    dataset = {
        "version": "2.0",
        "class": "dataset",
        "label": "KOSTRA bolig: utvalgte nøkkeltall (illustrativ)",
        "source": KOSTRA_SOURCE,
        "updated": "2012-06-15T06:00:00Z",
        "id": ["Region", "ContentsCode", "Tid"],
        "size": [len(codes), 2, 2],
        "dimension": {
            "Region": {
                "label": "region",
                "category": {"index": {c: i for i, c in enumerate(codes)}},
            },
            "ContentsCode": {
                "label": "statistikkvariabel",
                "category": {
                    "index": {"KommBolig": 0, "MidlBo": 1},
                    "label": {
                        "KommBolig": "Kommunalt disponerte boliger per 1 000 innbyggere",
                        "MidlBo": "Husstander i midlertidig botilbud",
                    },
                    "unit": {
                        "KommBolig": {"base": "boliger per 1 000 innbyggere", "decimals": 1},
                        "MidlBo": {"base": "husstander", "decimals": 0},
                    },
                },
            },
            "Tid": {"label": "år", "category": {"index": {y: i for i, y in enumerate(years)}}},
        },
        "value": values,
        "extension": {"px": {"tableid": "KOSTRA-DEMO"}},
    }
    services.statistics_import_jsonstat(
        user=None,
        content=json.dumps(dataset),
        file_name="demo-kostra.json",
        data_source=DataSource.ILLUSTRATIVE,
    )


def load(ctx: dict) -> None:
    reset()  # the demo is rebuilt from scratch each time; it only touches illustrative records
    region = region_codes_2011()
    services.region_members_set(
        user=None,
        region=HusbankenRegion.SOR,
        codes=sorted(region),
        data_source=DataSource.OFFICIAL,
        source_note=REGION_NOTE,
    )
    programme_codes = {p.municipality.code for p in ctx["participations"].values()}
    sizes = _sizes(region)
    _population(region, sizes)
    _figures(region, sizes, programme_codes)
    _frames(region)
    _applications(ctx)
    _kostra(programme_codes, sizes)
    check(ctx["programme"])


def check(programme) -> dict:
    """Recompute the report's §4.3 aggregates on the demo data; refuse a demo that breaks them."""
    as_of = dt.date(2011, 12, 31)
    start_loans = selectors.growth(
        programme=programme,
        instrument=Instrument.START_LOAN,
        baseline_year=2009,
        to_year=2011,
        as_of=as_of,
    )
    establishment = selectors.growth(
        programme=programme,
        instrument=Instrument.ESTABLISHMENT_GRANT,
        baseline_year=2009,
        to_year=2011,
        as_of=as_of,
    )
    share = selectors.frame_share(
        programme=programme, instrument=Instrument.COMPETENCE_GRANT, year=2011, as_of=as_of
    )
    assert start_loans.change_percent and start_loans.change_percent > 50, (
        start_loans.change_percent
    )
    assert establishment.change_percent and establishment.change_percent > 25, (
        establishment.change_percent
    )
    assert share.share_percent and 75 <= share.share_percent <= 80, share.share_percent
    return {"start_loans": start_loans, "establishment": establishment, "share": share}
