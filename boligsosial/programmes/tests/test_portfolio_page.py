"""The portfolio at national scale (issue 14): filters by region, phase, alerts and name, a
summary of the selection, and pages of 50 rows instead of one table of every municipality."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from boligsosial.municipalities.models import CodeChange
from boligsosial.municipalities.tests.factories import MunicipalityFactory
from boligsosial.programmes.models import HusbankenRegion, PhaseKind
from boligsosial.programmes.region_models import RegionMunicipality, ensure_start_regions
from boligsosial.programmes.tests.factories import (
    OrganisationFactory,
    ParticipationFactory,
    PhaseFactory,
)

AS_OF = "31.12.2011"


@pytest.fixture
def national(world):
    """The world's two municipalities and 60 more: the first 20 in their planning phase
    (ended on time), the next 20 in an implementation phase already overdue, the rest not
    started; number 7 renumbered in 2020 (registered under its old code)."""
    for n in range(60):
        municipality = MunicipalityFactory(code=f"{7000 + n}", name=f"Testkommune {n:02d}")
        participation = ParticipationFactory(
            programme=world.programme, municipality=municipality, programme_contact=world.contact
        )
        OrganisationFactory(participation=participation, has_steering_group=True)
        if n < 20:
            PhaseFactory(
                participation=participation,
                kind=PhaseKind.PLANNING,
                start=dt.date(2011, 9, 1),
                planned_end=dt.date(2012, 2, 1),
            )
        elif n < 40:
            PhaseFactory(
                participation=participation,
                kind=PhaseKind.IMPLEMENTATION,
                start=dt.date(2011, 1, 1),
                planned_end=dt.date(2011, 6, 1),
            )
    MunicipalityFactory(code="7907", name="Testkommune 07", valid_from=dt.date(2020, 1, 1))
    CodeChange.objects.create(
        old_code="7007",
        old_name="Testkommune 07",
        new_code="7907",
        new_name="Testkommune 07",
        changed_on=dt.date(2020, 1, 1),
    )
    return world


def _page(client, **params):
    query = "&".join(f"{k}={v}" for k, v in {"as_of": AS_OF, **params}.items())
    response = client.get(reverse("programmes:portfolio") + "?" + query)
    assert response.status_code == 200
    return lxml_html.fromstring(response.content)


def _names(page) -> list[str]:
    return [a.text_content().strip() for a in page.xpath("//table//tbody//th[@scope='row']/a")]


def _count(page) -> str:
    return " ".join(page.xpath("//*[@data-testid='portfolio-count']")[0].text_content().split())


def test_the_portfolio_shows_fifty_rows_a_page_and_says_how_many_there_are(national, client_for):
    client = client_for(national.admin)
    first = _page(client)
    assert len(_names(first)) == 50
    assert _count(first) == "Viser 62 av 62 programkommuner. Side 1 av 2."
    second = _page(client, side=2)
    assert len(_names(second)) == 12
    assert set(_names(first)).isdisjoint(_names(second))
    assert "Testkommune 59" in _names(second)
    pages = first.xpath("//*[@data-testid='portfolio-pages']//a/@href")
    assert any(href.endswith("side=2") for href in pages), pages
    # Out of range: the last page, not an error.
    assert _names(_page(client, side=99)) == _names(second)


def test_the_summary_counts_phases_and_alerts_of_the_whole_selection(national, client_for):
    page = _page(client_for(national.admin))
    summary = " ".join(
        page.xpath("//*[@data-testid='portfolio-summary']")[0].text_content().split()
    )
    assert "Planfase: 20" in summary
    # The world's Drammen and Skien are in implementation too.
    assert re.search(r"Gjennomføringsfase: 2\d", summary), summary
    assert "Med alvorlige varsler:" in summary


def test_the_portfolio_filters_by_phase_alerts_and_name(national, client_for):
    client = client_for(national.admin)
    planning = _page(client, fase=PhaseKind.PLANNING)
    assert len(_names(planning)) == 20 and all(
        n.startswith("Testkommune") for n in _names(planning)
    )
    assert _count(planning) == "Viser 20 av 62 programkommuner."
    not_started = _names(_page(client, fase="none"))
    assert "Testkommune 45" in not_started and "Testkommune 05" not in not_started
    overdue = _names(_page(client, varsler="danger"))
    assert "Testkommune 25" in overdue and "Testkommune 05" not in overdue
    assert _names(_page(client, navn="kommune 3")) == [f"Testkommune 3{n}" for n in range(10)]
    empty = _page(client, navn="Finnes ikke")
    assert "Ingen programkommuner passer filtrene." in empty.text_content()


def test_the_portfolio_filters_by_husbanken_region_through_code_changes(national, client_for):
    region = ensure_start_regions()[HusbankenRegion.VEST]
    # The region serves the municipality under its new number; the participation has the old.
    RegionMunicipality.objects.create(region=region, code="7907")
    RegionMunicipality.objects.create(region=region, code="7010", valid_to=dt.date(2011, 1, 1))
    names = _names(_page(client_for(national.admin), region=region.key))
    assert names == ["Testkommune 07"]


def test_an_unknown_filter_value_is_named_and_ignored(national, client_for):
    page = _page(client_for(national.admin), fase="ferdig", region="atlantis")
    text = page.text_content()
    assert "Ukjent fase «ferdig»; viser alle faser." in text
    assert "Fant ingen region «atlantis»; viser alle regioner." in text
    assert len(_names(page)) == 50


def test_a_municipal_user_sees_no_filters_and_only_its_own(national, client_for):
    page = _page(client_for(national.drammen_leader))
    assert _names(page) == ["Drammen"]
    assert not page.xpath("//*[@data-testid='portfolio-filters']")


@pytest.mark.browser
def test_the_filters_and_pages_pass_axe_and_work_by_keyboard(page, live_server, national):
    from playwright.sync_api import expect

    from boligsosial.core.testing.browser import assert_accessible, login

    login(page, live_server.url, "admin")
    page.goto(live_server.url + reverse("programmes:portfolio") + "?as_of=2011-12-31")
    assert_accessible(page)
    page.get_by_label("Fase", exact=True).select_option(PhaseKind.PLANNING.value)
    page.get_by_label("Kommunenavn").focus()
    page.keyboard.type("Testkommune 1")
    with page.expect_navigation():  # Enter submits the filter form: read the answer, not the form
        page.keyboard.press("Enter")
    expect(page.get_by_test_id("portfolio-count")).to_have_text(
        "Viser 10 av 62 programkommuner.", use_inner_text=True
    )
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Fjern filtrene").click()
    pages = page.get_by_role("navigation", name="Sider i porteføljen")
    with page.expect_navigation():
        pages.get_by_role("link", name="2").click()
    expect(page.get_by_test_id("portfolio-count")).to_contain_text("Side 2 av 2.")
    assert_accessible(page)


def test_the_summary_and_filters_judge_every_row_as_the_rows_texts_do(national):
    """The page judges every participation from plain rows and writes texts only for the
    rows it shows: its counts must be those of the full rows (`selectors.portfolio`, the
    API's), over overdue, ending, too long with and without a reason, no contact, no
    organisation and an organisation history with a gap, at several dates."""
    from boligsosial.programmes import portfolio as page_module
    from boligsosial.programmes import selectors
    from boligsosial.programmes.models import OrganisationPeriod

    # Each case with one reason for an alert (a contact is set but in the last).
    cases = [
        dict(kind=PhaseKind.PLANNING, start=dt.date(2011, 1, 1), planned_end=dt.date(2012, 6, 1)),
        dict(
            kind=PhaseKind.PLANNING,
            start=dt.date(2011, 1, 1),
            planned_end=dt.date(2012, 6, 1),
            overrun_reason="Kommunevalg",
        ),
        dict(kind=PhaseKind.PLANNING, start=dt.date(2011, 10, 1), planned_end=dt.date(2012, 2, 1)),
        dict(kind=PhaseKind.PHASE_OUT, start=dt.date(2011, 1, 1), planned_end=dt.date(2012, 6, 1)),
        dict(kind=PhaseKind.PHASE_OUT, start=dt.date(2011, 1, 1), planned_end=dt.date(2012, 6, 1)),
        None,
    ]
    for n, phase in enumerate(cases):
        participation = ParticipationFactory(
            programme=national.programme,
            municipality=MunicipalityFactory(code=f"{7100 + n}", name=f"Særtilfelle {n}"),
            programme_contact=national.contact if phase else None,
        )
        if phase:
            PhaseFactory(participation=participation, **phase)
        # Without a steering group now; for number 3 a history with a gap in 2011 decides.
        OrganisationFactory(participation=participation, has_steering_group=n != 4)
        if n == 3:
            OrganisationPeriod.objects.create(
                participation=participation,
                valid_from=dt.date(2011, 1, 1),
                valid_to=dt.date(2011, 6, 1),
                has_steering_group=False,
            )
            OrganisationPeriod.objects.create(
                participation=participation,
                valid_from=dt.date(2012, 1, 1),
                has_steering_group=False,
            )
    for as_of in (dt.date(2011, 3, 1), dt.date(2011, 9, 1), dt.date(2011, 12, 31)):
        rows = selectors.portfolio(national.admin, as_of)
        page = page_module.portfolio_page(national.admin, as_of, page_module.PortfolioFilters())
        assert page.with_alerts == sum(1 for r in rows if r.due), as_of
        alerts = page_module.PortfolioFilters(alerts=page_module.ALERTS_ANY, page="2")
        shown = page_module.portfolio_page(national.admin, as_of, alerts).rows
        start = (shown.number - 1) * page_module.PAGE_SIZE  # page 2, or the last one
        due = [r.participation.pk for r in rows if r.due]
        assert [r.participation.pk for r in shown] == due[start : start + 50], as_of
        assert page.with_danger == sum(
            1 for r in rows if any(d.severity == "danger" for d in r.due)
        ), as_of
        kinds = [r.phase.kind if r.phase else page_module.NOT_STARTED for r in rows]
        assert [(v, n) for v, _l, n in page.phase_counts] == [
            (v, kinds.count(v)) for v, _l, _n in page.phase_counts
        ], as_of
        danger = page_module.PortfolioFilters(alerts=page_module.ALERTS_DANGER, page="1")
        shown = page_module.portfolio_page(national.admin, as_of, danger).rows
        assert [r.participation.pk for r in shown] == [
            r.participation.pk for r in rows if any(d.severity == "danger" for d in r.due)
        ][: page_module.PAGE_SIZE], as_of
        assert all(r.due for r in shown)
