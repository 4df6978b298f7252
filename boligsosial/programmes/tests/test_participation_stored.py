"""The participation page's sections are stored (issue 14, `programmes.stored_sections`): a
change through a service or a bulk or raw write is shown on the next request, a reader never
gets a section stored for a reader with other rights, the as-of date is part of every
section, and no CSRF token is ever stored."""

import base64
import datetime as dt
import pickle
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boligsosial.core import changes
from boligsosial.core.formatting import format_date
from boligsosial.core.stored_pages import CSRF_PLACEHOLDER

ANNUAL_DAY = dt.date(2012, 5, 4)


def _url(participation, as_of: str = "2013-12-31") -> str:
    return reverse("programmes:participation", args=[participation.pk]) + f"?as_of={as_of}"


def _page(client, participation, as_of: str = "2013-12-31") -> str:
    response = client.get(_url(participation, as_of))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def admin(client_for, world):
    return client_for(world.admin)


def _raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_second_visit_is_served_from_the_store(admin, world):
    participation = world.drammen_participation
    _page(admin, participation)
    with CaptureQueriesContext(connection) as warm:
        first = _page(admin, participation)
    changes.install()  # records a change of every table: the next visit computes again
    with CaptureQueriesContext(connection) as computed:
        again = _page(admin, participation)
    assert len(warm) + 10 < len(computed)
    assert _without_csrf(first) == _without_csrf(again)


def _between(page: str, start: str, end: str) -> str:
    """The part of the page from `start` to `end` (one section: the history below repeats
    what changed)."""
    return page[page.index(start) : page.index(end, page.index(start))]


def _agreement(page: str) -> str:
    return _between(page, 'id="agreement-h"', "</section>")


def _plans(page: str) -> str:
    return _between(page, 'data-testid="plans-section"', 'id="reporting-h"')


def _without_csrf(html: str) -> str:
    return re.sub(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]*"', r"\1", html)


# A write through each section's service ------------------------------------------------


def test_the_agreement_changed_through_the_service_is_shown_at_once(admin, world):
    from boligsosial.programmes import services

    participation = world.drammen_participation
    signed = dt.date(2011, 2, 3)
    assert format_date(signed) not in _agreement(_page(admin, participation))
    services.participation_update(
        user=world.admin, participation=participation, version=None, agreement_signed=signed
    )
    assert format_date(signed) in _agreement(_page(admin, participation))


def test_a_goal_saved_through_the_service_is_shown_at_once(admin, world):
    from boligsosial.plans.models import GoalLevel
    from boligsosial.plans.services.goals import goal_save

    participation = world.drammen_participation
    assert "Færre bostedsløse i Drammen" not in _plans(_page(admin, participation))
    goal_save(
        user=world.admin,
        participation=participation,
        level=GoalLevel.MAIN,
        title="Færre bostedsløse i Drammen",
    )
    assert "Færre bostedsløse i Drammen" in _plans(_page(admin, participation))


def test_a_report_started_through_the_service_is_shown_at_once(admin, world):
    from boligsosial.reporting.services import report_start
    from boligsosial.reporting.tests.factories import PeriodFactory

    participation = world.drammen_participation
    period = PeriodFactory(programme=world.programme, year=2010, half=2)
    assert "Start rapporten for" in _page(admin, participation)
    report = report_start(user=world.admin, participation=participation, period=period)
    page = _page(admin, participation)
    assert reverse("reporting:report", args=[report.pk]) in page
    assert "Start rapporten for" not in page


def test_a_meeting_saved_through_the_service_is_shown_at_once(admin, world):
    from boligsosial.followup.models import Meeting, MeetingKind
    from boligsosial.followup.services import meeting_save

    participation = world.drammen_participation
    _page(admin, participation)
    meeting_save(
        user=world.admin, participation=participation, kind=MeetingKind.STATUS, date=ANNUAL_DAY
    )
    meeting = Meeting.objects.get(participation=participation)
    assert reverse("followup:meeting", args=[participation.pk, meeting.pk]) in _page(
        admin, participation
    )


def test_an_application_created_through_the_service_is_shown_at_once(admin, world):
    from boligsosial.instruments.models import Instrument
    from boligsosial.instruments.services.applications import application_create

    participation = world.drammen_participation
    assert "Ingen søknader om tilskudd er registrert." in _page(admin, participation)
    application = application_create(
        user=world.admin,
        participation=participation,
        instrument=Instrument.COMPETENCE_GRANT,
        year=2012,
        amount_applied=Decimal("100000"),
        purpose="Kurs for programteamet",
    )
    page = _page(admin, participation)
    assert reverse("instruments:application", args=[application.pk]) in page


# A bulk or raw write -------------------------------------------------------------------


def test_a_raw_update_of_the_participation_and_its_contact_s_name_is_shown_at_once(admin, world):
    from boligsosial.accounts.models import User
    from boligsosial.programmes.models import Participation

    participation = world.drammen_participation
    revised = dt.date(2012, 8, 9)
    _page(admin, participation)
    _raw(
        f"UPDATE {Participation._meta.db_table} SET agreement_revised = %s WHERE id = %s",
        [revised, participation.pk],
    )
    _raw(
        f"UPDATE {User._meta.db_table} SET first_name = %s, last_name = %s WHERE id = %s",
        ["Kari", "Kontaktsen", world.contact.pk],
    )
    agreement = _agreement(_page(admin, participation))
    assert format_date(revised) in agreement
    assert "Kari Kontaktsen" in agreement


def test_a_bulk_update_of_the_goals_is_shown_at_once(admin, world):
    from boligsosial.plans.models import Goal
    from boligsosial.plans.tests.factories import GoalFactory

    participation = world.drammen_participation
    GoalFactory(participation=participation, title="Gammel tittel")
    assert "Gammel tittel" in _page(admin, participation)
    Goal.objects.filter(participation=participation).update(title="Ny tittel")
    plans = _plans(_page(admin, participation))
    assert "Ny tittel" in plans and "Gammel tittel" not in plans


def test_bulk_created_periods_and_meetings_are_shown_at_once(admin, world):
    from boligsosial.followup.models import Meeting, MeetingKind
    from boligsosial.reporting.models import PeriodKind, ReportingPeriod
    from boligsosial.reporting.tests.factories import current_template

    participation = world.drammen_participation
    assert "Programmet har ingen rapporteringsperioder ennå." in _page(admin, participation)
    ReportingPeriod.objects.bulk_create(
        [
            ReportingPeriod(
                programme=world.programme,
                kind=PeriodKind.HALF_YEAR,
                start=dt.date(2011, 1, 1),
                end=dt.date(2011, 6, 30),
                deadline=dt.date(2011, 8, 31),
                template=current_template(),
            )
        ]
    )
    (meeting,) = Meeting.objects.bulk_create(
        [Meeting(participation=participation, kind=MeetingKind.ANNUAL, date=ANNUAL_DAY)]
    )
    page = _page(admin, participation)
    assert "Programmet har ingen rapporteringsperioder ennå." not in page
    assert "Start rapporten for" in page
    assert reverse("followup:meeting", args=[participation.pk, meeting.pk]) in page


def test_a_raw_update_of_an_application_is_shown_at_once(admin, world):
    from boligsosial.instruments.models import GrantApplication, Instrument

    participation = world.drammen_participation
    application = GrantApplication.objects.create(
        participation=participation,
        instrument=Instrument.COMPETENCE_GRANT,
        year=2012,
        amount_applied=Decimal("100000"),
        purpose="Kurs",
    )
    assert "Kompetansetilskudd 2012" in _page(admin, participation)
    _raw(
        f"UPDATE {GrantApplication._meta.db_table} SET year = 2013 WHERE id = %s",
        [application.pk],
    )
    page = _page(admin, participation)
    assert "Kompetansetilskudd 2013" in page and "Kompetansetilskudd 2012" not in page


# Readers -------------------------------------------------------------------------------

EDIT_LINKS = (
    "Rediger avtale og datoer",
    "Legg til fase",
    "Rediger organisering",
    "Registrer møte eller kontakt",
    "Ny søknad om tilskudd",
    "Start rapporten for",
)


@pytest.fixture
def drafts_and_periods(world):
    from boligsosial.plans.tests.factories import make_measure
    from boligsosial.reporting.tests.factories import PeriodFactory

    make_measure(world.drammen_participation, name="Utkast til boligskole", published=False)
    make_measure(world.drammen_participation, name="Publisert boligskole", published=True)
    PeriodFactory(programme=world.programme, year=2010, half=2)


@pytest.mark.parametrize("admin_first", [True, False])
def test_a_reader_with_fewer_rights_never_gets_the_sections_stored_for_the_administrator(
    client_for, world, drafts_and_periods, admin_first
):
    participation = world.drammen_participation
    visits = [world.admin, world.viewer] if admin_first else [world.viewer, world.admin]
    pages = {user.username: _page(client_for(user), participation) for user in visits}
    for link in EDIT_LINKS:
        assert link in pages["admin"], link
        assert link not in pages["viewer"], link
    assert "Utkast til boligskole" in pages["admin"]
    assert "Utkast til boligskole" not in pages["viewer"]
    assert "Publisert boligskole" in pages["viewer"]


def test_of_two_programme_contacts_only_the_participation_s_own_may_edit(
    client_for, world, drafts_and_periods
):
    participation = world.drammen_participation
    own = _page(client_for(world.contact), participation)  # stored with the edit links
    other = _page(client_for(world.other_contact), participation)
    for link in ("Rediger avtale og datoer", "Rediger organisering", "Ny søknad om tilskudd"):
        assert link in own and link not in other, link


def test_the_municipality_s_own_leader_sees_its_drafts_and_may_start_reports(
    client_for, world, drafts_and_periods
):
    participation = world.drammen_participation
    _page(client_for(world.viewer), participation)
    leader = client_for(world.drammen_leader)
    page = _page(leader, participation)
    assert "Utkast til boligskole" in page
    assert "Start rapporten for" in page and "Rediger organisering" in page
    assert "Rediger avtale og datoer" not in page  # Husbanken's side of the agreement
    assert client_for(world.skien_leader).get(_url(participation)).status_code == 404


# Dates and tokens ----------------------------------------------------------------------


def test_each_as_of_date_has_its_own_sections(admin, world):
    from boligsosial.followup.models import Meeting, MeetingKind

    participation = world.drammen_participation
    meeting = Meeting.objects.create(
        participation=participation, kind=MeetingKind.ANNUAL, date=ANNUAL_DAY
    )
    link = reverse("followup:meeting", args=[participation.pk, meeting.pk])
    before, after = "2012-01-31", "2012-12-31"
    assert link not in _page(admin, participation, before)
    assert link in _page(admin, participation, after)
    assert link not in _page(admin, participation, before)
    # The due items: the annual meeting of 2012 is held by the end of 2012, not in January.
    assert "Til oppfølging per 31.01.2012" in _page(admin, participation, before)
    assert "Til oppfølging per 31.12.2012" not in _page(admin, participation, after)


def _stored_texts() -> list[str]:
    from django.conf import settings

    table = settings.CACHES["default"]["LOCATION"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {table}")
        rows = [value for (value,) in cursor.fetchall()]
    texts = []
    for value in rows:
        stored = pickle.loads(pickle.loads(base64.b64decode(value)))  # noqa: S301 (our own cache)
        if isinstance(stored, str):
            texts.append(stored)
    return texts


def test_the_report_forms_get_each_request_s_token_and_none_is_stored(client_for, world):
    from boligsosial.reporting.tests.factories import PeriodFactory

    PeriodFactory(programme=world.programme, year=2010, half=2)
    participation = world.drammen_participation
    tokens = []
    for _visit in range(2):
        page = _page(client_for(world.drammen_leader), participation)
        (token,) = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
        assert token in re.findall(r'"X-CSRFToken": "([^"]+)"', page)
        assert CSRF_PLACEHOLDER not in page
        tokens.append(token)
    assert tokens[0] != tokens[1]
    texts = _stored_texts()
    assert any(CSRF_PLACEHOLDER in text for text in texts)
    assert not any(token in text for text in texts for token in tokens)


def test_a_warm_visit_reads_as_much_at_two_sizes(admin, world):
    from boligsosial.municipalities.tests.factories import MunicipalityFactory
    from boligsosial.plans.tests.factories import GoalFactory, make_measure
    from boligsosial.programmes.tests.factories import ParticipationFactory

    participation = world.drammen_participation

    def warm_count() -> int:
        _page(admin, participation)
        with CaptureQueriesContext(connection) as warm:
            _page(admin, participation)
        return len(warm)

    few = warm_count()
    for n in range(8):
        other = ParticipationFactory(
            programme=world.programme,
            municipality=MunicipalityFactory(code=f"{4600 + n}", name=f"Kommune {n}"),
        )
        GoalFactory(participation=other)
        make_measure(other, name=f"Tiltak {n}", published=True)
    assert warm_count() == few


def test_each_language_has_its_own_sections(client_for, world):
    participation = world.drammen_participation
    client = client_for(world.admin)
    norwegian = _page(client, participation)
    assert "Oppfølging fra Husbanken" in norwegian and "Faser i rammemodellen" in norwegian
    client.cookies["django_language"] = "en"
    english = _page(client, participation)
    assert "Follow-up from Husbanken" in english and "Phases in the framework model" in english
    assert "Oppfølging fra Husbanken" not in english


def test_a_code_change_written_in_bulk_is_shown_at_once(admin, world):
    from boligsosial.municipalities.models import CodeChange, Municipality
    from boligsosial.municipalities.tests.factories import MunicipalityFactory

    participation = world.drammen_participation
    reform = dt.date(2020, 1, 1)
    assert 'data-testid="code-then-and-now"' not in _page(admin, participation, "2021-06-30")
    MunicipalityFactory(code="3005", name="Drammen", valid_from=reform)
    Municipality.objects.filter(pk=world.drammen.pk).update(valid_to=reform)
    CodeChange.objects.bulk_create(
        [
            CodeChange(
                old_code="0602",
                old_name="Drammen",
                new_code="3005",
                new_name="Drammen",
                changed_on=reform,
            )
        ]
    )
    page = _page(admin, participation, "2021-06-30")
    note = _between(page, 'data-testid="code-then-and-now"', "</p>")
    assert reverse("municipalities:detail", args=["3005"]) in note
    assert 'data-testid="code-then-and-now"' not in _page(admin, participation, "2019-06-30")


def test_a_name_that_spells_the_placeholder_is_shown_as_written(client_for, world):
    from boligsosial.municipalities.models import Municipality
    from boligsosial.reporting.tests.factories import PeriodFactory

    PeriodFactory(programme=world.programme, year=2010, half=2)
    participation = world.drammen_participation
    Municipality.objects.filter(pk=participation.municipality_id).update(
        name=f"Drammen {CSRF_PLACEHOLDER}"
    )
    page = _page(client_for(world.drammen_leader), participation)
    (token,) = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
    assert f"Rapporter fra Drammen {CSRF_PLACEHOLDER} per periode" in page
    assert f"Drammen {token}" not in page
