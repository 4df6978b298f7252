"""The national synthetic data set: marked synthetic, refused in production, real code
histories, every participation reporting through its code changes."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from boligsosial.core.models import DataSource
from boligsosial.followup.models import Meeting
from boligsosial.instruments.models import InstrumentFigure
from boligsosial.municipalities import services as registry
from boligsosial.municipalities.selectors import codes_valid_at
from boligsosial.ops import synthetic
from boligsosial.ops.synthetic.structure import NOTE
from boligsosial.plans.models import Goal, Measure
from boligsosial.programmes.models import Participation, Programme
from boligsosial.reporting.models import Report, ReportStatus, ReportValue

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def shipped(db):
    registry.load_shipped_registry()


def test_refused_with_production_settings(shipped, settings):
    settings.IS_PRODUCTION = True
    with pytest.raises(synthetic.SyntheticRefused, match="produksjonsinnstillinger"):
        synthetic.load(municipalities=3, years=2)
    with pytest.raises(CommandError, match="BOLIGSOSIAL_ENV=production"):
        call_command("load_synthetic", "--municipalities", "3", "--years", "2")
    assert not Programme.objects.exists() and not Report.objects.exists()


def test_bounds_are_refused_in_norwegian(shipped):
    with pytest.raises(synthetic.SyntheticRefused, match="Antall kommuner må være 1–500"):
        synthetic.load(municipalities=0, years=2)
    with pytest.raises(synthetic.SyntheticRefused, match="Antall år må være 1–20"):
        synthetic.load(municipalities=3, years=99)


def test_small_national_set_through_the_reforms_of_2017_2020(shipped):
    # 2016–2021: Sandefjord 2017, Trøndelag 2018 and the county reform of 2020 (Arendal
    # 0906 → 4203) fall inside the window.
    loaded = synthetic.load(municipalities=10, years=6, first_year=2016, seed=7)
    assert loaded.participations == 10
    assert loaded.changed == 2  # about one in five
    participations = list(Participation.objects.select_related("municipality"))
    changed = [
        p for p in participations
        if codes_valid_at(p.municipality.code, dt.date(2021, 12, 31)) != [p.municipality.code]
    ]  # fmt: skip
    assert len(changed) >= 2
    # Every participation reported all twelve half-years, also after its code changed.
    assert Report.objects.count() == 10 * 12
    for p in changed:
        reported = Report.objects.filter(participation=p, period__start__year=2021).count()
        assert reported == 2, p.municipality
    assert not Report.objects.exclude(status=ReportStatus.APPROVED).exists()
    assert ReportValue.objects.count() == loaded.values > 10 * 12 * 30
    # Marked synthetic everywhere.
    assert loaded.programme.name.startswith("SYNTETISK")
    for model in (Participation, Report, ReportValue, Goal, Measure, Meeting):
        rows = model.objects.all()
        assert rows.exists(), model
        assert not rows.exclude(data_source=DataSource.ILLUSTRATIVE, source_note=NOTE).exists()
    # 48 follow-up meetings in ten years: 29 in six.
    assert Meeting.objects.filter(participation=participations[0]).count() == 29
    # Instrument figures under the code valid each year, for every municipality.
    new_code = codes_valid_at(changed[0].municipality.code, dt.date(2021, 7, 1))[0]
    assert InstrumentFigure.objects.filter(code=new_code, year=2021).exists()
    assert not InstrumentFigure.objects.filter(code=new_code, year=2016).exists() or (
        new_code == changed[0].municipality.code
    )


def test_second_load_needs_reset_and_reset_removes_only_synthetic_data(shipped, world):
    out = io.StringIO()
    call_command("load_synthetic", "--municipalities", "3", "--years", "1", stdout=out)
    assert "Syntetiske skaldata lastet" in out.getvalue()
    with pytest.raises(CommandError, match="--reset"):
        call_command("load_synthetic", "--municipalities", "3", "--years", "1")
    call_command(
        "load_synthetic", "--municipalities", "4", "--years", "1", "--reset",
        stdout=out,
    )  # fmt: skip
    assert Programme.objects.filter(name__startswith="SYNTETISK").count() == 1
    assert Participation.objects.filter(programme__name__startswith="SYNTETISK").count() == 4
    # The world's own programme is untouched.
    assert Participation.objects.filter(programme=world.programme).count() == 2


def test_each_region_serves_its_counties_so_the_portfolio_filter_selects_on_synthetic_data(
    shipped,
):
    from boligsosial.programmes.models import Region, RegionMunicipality
    from boligsosial.programmes.portfolio import PortfolioFilters, portfolio_page

    synthetic.load(municipalities=10, years=6, first_year=2016, seed=7)
    admin = get_user_model().objects.get(username="syntetisk-admin")
    assert set(RegionMunicipality.objects.values_list("region__key", flat=True)) == set(
        Region.objects.values_list("key", flat=True)
    )
    at = dt.date(2021, 12, 31)
    offices = ["ost", "sor", "vest", "midt", "bodo", "hammerfest"]
    selected = {}
    for key in [*offices, "nord"]:
        page = portfolio_page(admin, at, PortfolioFilters(region=Region.objects.get(key=key)))
        selected[key] = {row.participation.pk for row in page.rows}
    every = set(Participation.objects.values_list("pk", flat=True))
    assert set().union(*(selected[k] for k in offices)) == every  # each in an office's region
    assert sum(len(selected[k]) for k in offices) == len(every)  # and in one only
    assert selected["nord"] == selected["bodo"] | selected["hammerfest"]
    # Arendal (0906 until 2020, 4203 since) is Region sør's whichever number it had.
    served = RegionMunicipality.objects.filter(region__key="sor")
    assert {"0906", "4203"} <= set(served.values_list("code", flat=True))
    assert all(r.data_source == DataSource.ILLUSTRATIVE and r.source_note == NOTE for r in served)
    synthetic.reset()
    assert not RegionMunicipality.objects.exists()
