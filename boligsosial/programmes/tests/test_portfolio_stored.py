"""The portfolio is served from a stored computation (issue 14): a write through any path
shows on the next visit, one reader's stored rows never reach a reader who may see other
municipalities, and every filter, page, date and language is stored apart."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html as lxml_html

from boligsosial.accounts.models import User
from boligsosial.followup import services as followup
from boligsosial.followup.models import MeetingKind
from boligsosial.municipalities.models import Municipality
from boligsosial.municipalities.tests.factories import MunicipalityFactory
from boligsosial.programmes import services
from boligsosial.programmes.models import Phase, PhaseKind
from boligsosial.programmes.phases import PhaseData
from boligsosial.programmes.tests.factories import (
    OrganisationFactory,
    ParticipationFactory,
    PhaseFactory,
)

AS_OF = "31.12.2011"
MEETING_DUE = "Årsmøte med Husbanken for 2011 er ikke holdt ennå."


def _get(client, **params):
    query = "&".join(f"{k}={v}" for k, v in {"as_of": AS_OF, **params}.items())
    response = client.get(reverse("programmes:portfolio") + "?" + query)
    assert response.status_code == 200
    return response


def _page(client, **params):
    return lxml_html.fromstring(_get(client, **params).content)


def _rows(page) -> dict[str, str]:
    """Municipality name -> the row's text (phase, months, anchoring, contact, alerts)."""
    return {
        row.xpath("./th")[0].text_content().strip(): " ".join(row.text_content().split())
        for row in page.xpath("//table//tbody/tr[th]")
    }


def _count(page) -> str:
    return " ".join(page.xpath("//*[@data-testid='portfolio-count']")[0].text_content().split())


def _more_municipalities(world, n: int, first: int = 0) -> None:
    for number in range(first, first + n):
        participation = ParticipationFactory(
            programme=world.programme,
            municipality=MunicipalityFactory(code=f"{7000 + number}", name=f"Ekstra {number:02d}"),
            programme_contact=world.contact,
        )
        OrganisationFactory(participation=participation, has_steering_group=True)
        PhaseFactory(
            participation=participation,
            kind=PhaseKind.PLANNING,
            start=dt.date(2011, 9, 1),
            planned_end=dt.date(2012, 2, 1),
        )


@pytest.fixture
def admin(world, client_for):
    return client_for(world.admin)


def test_a_second_visit_is_served_from_the_store_in_the_same_few_queries_at_any_size(world, admin):
    def warm_queries() -> int:
        _get(admin)  # computed and stored
        with CaptureQueriesContext(connection) as warm:
            _get(admin)
        return len(warm)

    _get(admin)  # the session's as-of date
    with CaptureQueriesContext(connection) as computed:
        _get(admin, fase=PhaseKind.PLANNING)
    computing = len(computed)  # now: the next request empties the connection's query log
    few = warm_queries()
    assert few < computing
    _more_municipalities(world, 60)
    assert warm_queries() == few


def test_a_new_phase_through_the_service_shows_on_the_next_visit(world, admin):
    assert _count(_page(admin, fase=PhaseKind.PLANNING)) == "Viser 0 av 2 programkommuner."
    assert "Ikke startet" in _rows(_page(admin))["Skien"]
    services.phase_save(
        user=world.admin,
        participation=world.skien_participation,
        data=PhaseData(
            kind=PhaseKind.PLANNING, start=dt.date(2011, 9, 1), planned_end=dt.date(2012, 2, 1)
        ),
    )
    planning = _page(admin, fase=PhaseKind.PLANNING)
    assert _count(planning) == "Viser 1 av 2 programkommuner."
    assert list(_rows(planning)) == ["Skien"]
    assert "Planfase" in _rows(_page(admin))["Skien"]


def test_an_annual_meeting_through_the_followup_service_clears_the_alert(world, admin):
    assert MEETING_DUE in _rows(_page(admin))["Drammen"]
    assert list(_rows(_page(admin, varsler="any"))) == ["Drammen"]
    followup.meeting_save(
        user=world.admin,
        participation=world.drammen_participation,
        kind=MeetingKind.ANNUAL,
        date=dt.date(2011, 5, 4),
        participants=[],
    )
    assert MEETING_DUE not in _rows(_page(admin))["Drammen"]
    assert list(_rows(_page(admin, varsler="any"))) == []


def test_bulk_and_raw_writes_show_on_the_next_visit(world, admin):
    drammen = _rows(_page(admin, varsler="danger"))
    assert "Drammen" not in drammen
    # An update() of the phases (no signals, no save()): the implementation phase overdue.
    Phase.objects.filter(
        participation=world.drammen_participation, kind=PhaseKind.IMPLEMENTATION
    ).update(planned_end=dt.date(2011, 6, 1))
    assert "Drammen" in _rows(_page(admin, varsler="danger"))
    # Raw SQL on the registry, then on the users' names.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Municipality._meta.db_table} SET name = %s WHERE id = %s",
            ["Drammen by", world.drammen.pk],
        )
    assert "Drammen by" in _rows(_page(admin, varsler="danger"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {User._meta.db_table} SET first_name = %s, last_name = %s WHERE id = %s",
            ["Kari", "Kontakt", world.contact.pk],
        )
    assert "Kari Kontakt" in _rows(_page(admin, varsler="danger"))["Drammen by"]
    # bulk_create of a participation.
    ParticipationFactory._meta.model.objects.bulk_create(
        [
            ParticipationFactory.build(
                programme=world.programme,
                municipality=MunicipalityFactory(code="7999", name="Masseinnlest"),
            )
        ]
    )
    assert "Masseinnlest" in _rows(_page(admin))


def test_a_municipal_reader_never_gets_the_rows_stored_for_husbanken(world, admin, client_for):
    assert list(_rows(_page(admin))) == ["Drammen", "Skien"]
    assert list(_rows(_page(client_for(world.drammen_leader)))) == ["Drammen"]
    assert list(_rows(_page(client_for(world.skien_leader)))) == ["Skien"]
    assert list(_rows(_page(admin))) == ["Drammen", "Skien"]


def test_husbanken_never_gets_the_rows_stored_for_a_municipal_reader(world, client_for):
    assert list(_rows(_page(client_for(world.drammen_member)))) == ["Drammen"]
    assert list(_rows(_page(client_for(world.viewer)))) == ["Drammen", "Skien"]
    assert list(_rows(_page(client_for(world.admin)))) == ["Drammen", "Skien"]


def test_filters_pages_dates_and_languages_are_stored_apart(world, admin):
    _more_municipalities(world, 60)
    first, second = _page(admin), _page(admin, side=2)
    assert _count(first) == "Viser 62 av 62 programkommuner. Side 1 av 2."
    assert _count(second) == "Viser 62 av 62 programkommuner. Side 2 av 2."
    assert set(_rows(first)).isdisjoint(_rows(second))
    assert list(_rows(_page(admin, side="tull"))) == list(_rows(first))
    filtered = _page(admin, fase=PhaseKind.IMPLEMENTATION)
    assert list(_rows(filtered)) == ["Drammen"]
    assert list(_rows(_page(admin, navn="Skien"))) == ["Skien"]
    assert list(_rows(_page(admin, varsler="danger"))) == []
    # Before the extra municipalities' planning phases started.
    earlier = _page(admin, as_of="01.06.2011", fase=PhaseKind.PLANNING)
    assert _count(earlier) == "Viser 0 av 62 programkommuner."
    assert "Gjennomføringsfase" in _get(admin).text
    admin.cookies["django_language"] = "en"
    assert "Implementation phase" in _get(admin).text


def _due(client) -> str:
    section = _page(client, as_of="").xpath("//section[@aria-labelledby='due-h']")[0]
    return " ".join(section.text_content().split())


def test_what_is_due_is_stored_per_person_and_a_submitted_report_shows_at_once(world, client_for):
    from boligsosial.reporting import services as reporting
    from boligsosial.reporting.models import Report, ReportStatus
    from boligsosial.reporting.tests.conftest import ANSWERS, complete_inputs
    from boligsosial.reporting.tests.factories import PeriodFactory

    waiting = "1 rapport venter på at du godkjenner eller returnerer den."
    contact, other = client_for(world.contact), client_for(world.other_contact)
    assert waiting not in _due(contact) and waiting not in _due(other)
    report = reporting.report_start(
        user=world.drammen_leader,
        participation=world.drammen_participation,
        period=PeriodFactory(programme=world.programme, year=2010, half=2),
    )
    reporting.report_save(
        user=world.drammen_leader,
        report=report,
        version=None,
        values=complete_inputs(),
        answers=ANSWERS,
    )
    report.refresh_from_db()
    reporting.report_submit(user=world.drammen_leader, report=report)
    # Drammen's contact and the administrator review it; Skien's contact does not.
    assert waiting in _due(contact)
    assert waiting in _due(client_for(world.admin))
    assert waiting not in _due(other)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.DRAFT)
    assert waiting not in _due(contact)
