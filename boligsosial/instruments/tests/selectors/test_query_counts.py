"""Issue 14: the analyses read the code history once, so their query count does not grow
with the number of municipalities (3 against 30, half of them renumbered mid-series)."""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from boligsosial.instruments import selectors
from boligsosial.instruments.models import Instrument, InstrumentFigure
from boligsosial.municipalities.models import CodeChange, Municipality, Population
from boligsosial.programmes.models import Region, RegionMunicipality
from boligsosial.programmes.tests.factories import ParticipationFactory, ProgrammeFactory

REFORM = dt.date(2010, 1, 1)
YEARS = range(2008, 2012)


def _national(size: int, offset: int = 0):
    """`size` programme municipalities and as many others in the region; every second one
    renumbered on 1 January 2010, with figures and population under the code of each year."""
    programme = ProgrammeFactory()
    figures, people, members = [], [], []
    for index in range(2 * size):
        old, new = f"{5000 + offset + index:04d}", f"{7000 + offset + index:04d}"
        renumbered = index % 2 == 0
        if renumbered:
            Municipality.objects.create(
                code=old, name=f"Gamle {index}", valid_from=dt.date(1977, 1, 1), valid_to=REFORM
            )
            municipality = Municipality.objects.create(
                code=new, name=f"Nye {index}", valid_from=REFORM
            )
            CodeChange.objects.create(
                old_code=old,
                old_name=f"Gamle {index}",
                new_code=new,
                new_name=f"Nye {index}",
                changed_on=REFORM,
            )
        else:
            municipality = Municipality.objects.create(
                code=old, name=f"Kommune {index}", valid_from=dt.date(1977, 1, 1)
            )
        members.append(
            RegionMunicipality(region=Region.objects.get(key="sor"), code=municipality.code)
        )
        if index < size:
            ParticipationFactory(
                programme=programme, municipality=municipality, start_date=dt.date(2010, 3, 1)
            )
        for year in YEARS:
            code = new if renumbered and year >= 2010 else old
            figures.append(
                InstrumentFigure(
                    instrument=Instrument.START_LOAN,
                    code=code,
                    year=year,
                    amount=Decimal(1_000_000 + 1000 * index + year),
                    count=10 + index,
                )
            )
            people.append(Population(code=code, year=year, value=10_000 + index))
    InstrumentFigure.objects.bulk_create(figures)
    Population.objects.bulk_create(people)
    RegionMunicipality.objects.bulk_create(members)
    return programme


def _queries(programme, analysis) -> int:
    with CaptureQueriesContext(connection) as captured:
        analysis(programme)
    return len(captured.captured_queries)


ANALYSES = {
    "growth": lambda p: selectors.growth(
        programme=p, instrument=Instrument.START_LOAN, to_year=2011, as_of=dt.date(2011, 12, 31)
    ),
    "frame share": lambda p: selectors.frame_share(
        programme=p, instrument=Instrument.START_LOAN, year=2011, as_of=dt.date(2011, 12, 31)
    ),
    "comparison": lambda p: selectors.comparison(
        programme=p, instrument=Instrument.START_LOAN, years=YEARS, as_of=dt.date(2011, 12, 31)
    ),
    "effect": lambda p: selectors.did_estimate(
        programme=p,
        instrument=Instrument.START_LOAN,
        pre_years=[2008, 2009],
        post_years=[2010, 2011],
        as_of=dt.date(2011, 12, 31),
    ),
    "series": lambda p: selectors.series_in_structure(
        code=p.participations.order_by("pk").first().municipality.code,
        instrument=Instrument.START_LOAN,
        years=YEARS,
        structure_date=dt.date(2011, 12, 31),
    ),
}


def test_the_analyses_do_not_query_per_municipality(db, report_counts):
    small = _national(3)
    small_counts = {name: _queries(small, run) for name, run in ANALYSES.items()}
    for model in (InstrumentFigure, Population, RegionMunicipality):
        model.objects.all().delete()
    large = _national(30, offset=100)
    large_counts = {name: _queries(large, run) for name, run in ANALYSES.items()}
    result = selectors.did_estimate(
        programme=large,
        instrument=Instrument.START_LOAN,
        pre_years=[2008, 2009],
        post_years=[2010, 2011],
        as_of=dt.date(2011, 12, 31),
    )
    assert (result.n_treated, result.n_control) == (30, 30)  # renumbered ones mapped, not lost
    for name in ANALYSES:
        report_counts(
            f"instruments {name} queries (3 vs 30 municipalities)",
            small=small_counts[name],
            large=large_counts[name],
        )
    assert large_counts == small_counts
