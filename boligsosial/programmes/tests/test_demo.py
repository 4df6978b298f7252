import datetime as dt
import importlib

import pytest
from django.test import override_settings
from django.urls import reverse

from boligsosial.core import demo
from boligsosial.programmes import selectors
from boligsosial.programmes.models import AnchoringLevel, Participation

FOUNDATION_LOADERS = [
    "boligsosial.municipalities.demo",
    "boligsosial.accounts.demo",
    "boligsosial.programmes.demo",
]


@pytest.fixture
def demo_world(db):
    ctx: dict = {}
    for path in FOUNDATION_LOADERS:
        importlib.import_module(path).load(ctx)
    return ctx


def test_the_demo_portfolio_shows_the_reports_anchoring_levels(demo_world, client_for):
    rows = selectors.portfolio(demo_world["users"]["admin"], dt.date(2011, 12, 31))
    levels = {row.participation.municipality.name: row.organisation.anchoring_level for row in rows}
    assert levels == {
        "Arendal": AnchoringLevel.RADMANN,
        "Sandefjord": AnchoringLevel.RADMANN,
        "Larvik": AnchoringLevel.RADMANN,
        "Drammen": AnchoringLevel.RADMANN,
        "Porsgrunn": AnchoringLevel.UNIT,
        "Skien": AnchoringLevel.NONE,
    }
    page = (
        client_for(demo_world["users"]["admin"])
        .get(reverse("programmes:portfolio") + "?as_of=2011-12-31")
        .content.decode()
    )
    assert page.count("Rådmannsnivå") == 4 and page.count("Virksomhetsnivå") == 1
    assert "Ingen styringsgruppe" in page


def test_in_december_2011_every_demo_municipality_is_in_implementation(demo_world):
    for participation in Participation.objects.all():
        assert participation.current_phase(dt.date(2011, 12, 31)).kind == "implementation"


def test_arendal_joined_first(demo_world):
    first = Participation.objects.order_by("start_date").first()
    assert first.municipality.name == "Arendal" and first.start_date == dt.date(2009, 8, 1)


def test_every_demo_record_says_where_it_comes_from(demo_world):
    for participation in Participation.objects.all():
        assert participation.data_source == "report" and participation.source_note
        assert participation.organisation.source_note.startswith("Rapporten")
        assert all(p.data_source == "illustrative" for p in participation.phases.all())


def test_every_demo_login_works(demo_world, client):
    for username in demo_world["users"]:
        assert client.login(username=username, password=demo.DEMO_PASSWORD), username


@override_settings(IS_PRODUCTION=True)
def test_demo_users_are_refused_in_production_settings(db):
    from boligsosial.accounts.models import User

    with pytest.raises(demo.DemoRefused, match="produksjon"):
        demo.load_all()
    assert not User.objects.filter(is_demo=True).exists()
