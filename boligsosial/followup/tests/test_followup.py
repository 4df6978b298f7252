"""Follow-up meetings, cadence, the no-contact flag, the annual-meeting rule and learning arenas."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from boligsosial.followup import selectors, services
from boligsosial.followup.models import ActionStatus, ArenaKind, MeetingKind
from boligsosial.programmes.selectors import due_items

D = dt.date


def _meet(world, date, kind=MeetingKind.STATUS, participation=None):
    return services.meeting_save(
        user=world.contact,
        participation=participation or world.drammen_participation,
        kind=kind,
        date=date,
        participants=[("programme_contact", "Kari"), ("programme_leader", "Per")],
    )


def test_cadence_is_the_median_of_days_between_contacts_on_distinct_days(world):
    for date in (D(2011, 1, 1), D(2011, 1, 11), D(2011, 1, 11), D(2011, 1, 25), D(2011, 3, 1)):
        _meet(world, date)
    # Gaps 10, 14, 35 → median 14; two meetings the same day are one contact.
    assert selectors.cadence_days(world.drammen_participation, as_of=D(2011, 12, 31)) == 14
    assert selectors.cadence_days(world.drammen_participation, as_of=D(2011, 1, 12)) == 10
    assert selectors.cadence_days(world.drammen_participation, as_of=D(2011, 1, 5)) is None


def test_the_no_contact_flag_uses_the_programmes_number_of_days(world, client_for):
    _meet(world, D(2011, 1, 10))
    world.programme.no_contact_flag_days = 30
    world.programme.save()
    assert not selectors.contact_status(world.drammen_participation, D(2011, 2, 8)).flagged
    assert selectors.contact_status(world.drammen_participation, D(2011, 2, 9)).flagged
    page = (
        client_for(world.contact)
        .get(
            reverse("followup:participation", args=[world.drammen_participation.pk])
            + "?as_of=2011-03-01"
        )
        .content.decode()
    )
    assert "Ingen kontakt på 30 dager eller mer" in page
    quiet = (
        client_for(world.contact)
        .get(
            reverse("followup:participation", args=[world.drammen_participation.pk])
            + "?as_of=2011-01-20"
        )
        .content.decode()
    )
    assert "Ingen kontakt på 30 dager eller mer" not in quiet


def test_the_annual_meeting_rule_is_checked_per_implementation_year_and_feeds_the_due_items(world):
    # Drammen's implementation phase starts 01.09.2010 in the world fixture.
    _meet(world, D(2011, 2, 8), MeetingKind.ANNUAL)
    rows = selectors.annual_meetings(world.drammen_participation, as_of=D(2012, 3, 1))
    assert [(r.year, r.state) for r in rows] == [(2010, "missed"), (2011, "held"), (2012, "due")]
    participation = world.drammen_participation
    assert "annual_meeting_due" in [i.code for i in due_items(participation, D(2012, 3, 1))]
    assert "annual_meeting_due" not in [i.code for i in due_items(participation, D(2011, 3, 1))]
    assert "annual_meeting_due" in [i.code for i in due_items(participation, D(2011, 1, 15))]


def test_meetings_record_participants_by_role_and_actions_with_owner_due_date_and_status(
    world, client_for
):
    client = client_for(world.drammen_leader)
    response = client.post(
        reverse("followup:meeting_create", args=[world.drammen_participation.pk]),
        {
            "kind": "steering_group",
            "date": "2011-05-03",
            "place": "Rådhuset",
            "notes": "Boligskolen drøftet.",
            "p-TOTAL_FORMS": "3",
            "p-INITIAL_FORMS": "0",
            "p-0-role": "programme_contact",
            "p-0-name": "Kari Programkontakt",
            "p-1-role": "steering_group",
            "p-1-name": "Helse- og sosialdirektør",
            "p-2-role": "",
            "p-2-name": "",
        },
    )
    assert response.status_code == 302
    meeting = world.drammen_participation.meetings.get()
    assert [str(p) for p in meeting.participants.all()] == [
        "Programkontakt i Husbanken: Kari Programkontakt",
        "Styringsgruppen: Helse- og sosialdirektør",
    ]
    url = reverse("followup:meeting", args=[world.drammen_participation.pk, meeting.pk])
    client.post(
        url + "oppfolgingspunkter/",
        {
            "action-text": "Sende prosjektplan",
            "action-owner": "Programleder",
            "action-due_date": "2011-06-01",
            "action-status": "open",
        },
    )
    action = meeting.actions.get()
    assert action.is_overdue(D(2011, 6, 2)) and not action.is_overdue(D(2011, 5, 31))
    client.post(
        url + f"oppfolgingspunkter/{action.pk}/status/",
        {"status": "done", "version": action.version},
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.completed_on is not None
    page = client.get(url).content.decode()
    assert "Sende prosjektplan" in page and "Programleder" in page


def test_an_action_without_owner_is_refused_with_an_explanation(world):
    meeting = _meet(world, D(2011, 5, 3))
    with pytest.raises(ValidationError) as error:
        services.action_add(user=world.contact, meeting=meeting, text="Noe", owner=" ")
    assert "hvem som er ansvarlig" in str(error.value)


def test_the_api_logs_a_meeting_and_reports_cadence_and_annual_meetings(world, client_for):
    client = client_for(world.contact)
    url = f"/api/v1/followup/participations/{world.drammen_participation.pk}"
    for date in ("2011-01-04", "2011-01-18", "2011-02-01"):
        created = client.post(
            url + "/meetings",
            {
                "kind": "annual" if date == "2011-01-18" else "status",
                "date": date,
                "participants": [{"role": "programme_leader", "name": "Per"}],
            },
            content_type="application/json",
        )
        assert created.status_code == 201
    summary = client.get(url, {"as_of": "2011-12-31"}).json()
    assert summary["cadence_days"] == 14 and summary["last_contact"] == "2011-02-01"
    assert [(a["year"], a["state"]) for a in summary["annual_meetings"]] == [
        (2010, "missed"),
        (2011, "held"),
    ]
    assert client_for(world.skien_leader).get(url).status_code == 404
    refused = client_for(world.viewer).post(
        url + "/meetings", {"kind": "status", "date": "2011-03-01"}, content_type="application/json"
    )
    assert refused.status_code == 404


def test_attendance_per_municipality_over_time_keeps_absence_apart_from_zero(world, client_for):
    arena = services.arena_save(
        user=world.admin,
        programme=world.programme,
        kind=ArenaKind.PROGRAMME_GATHERING,
        title="Programsamling",
        start_date=D(2010, 6, 15),
    )
    later = services.arena_save(
        user=world.admin,
        programme=world.programme,
        kind=ArenaKind.STUDY_TRIP,
        title="Studietur til Finland om Housing First",
        start_date=D(2011, 4, 11),
    )
    services.attendance_set(
        user=world.admin, arena=arena, participation=world.drammen_participation, persons=4
    )
    services.attendance_set(
        user=world.admin, arena=later, participation=world.drammen_participation, persons=3
    )
    services.attendance_set(
        user=world.admin, arena=later, participation=world.skien_participation, persons=2
    )
    services.feedback_add(
        user=world.drammen_leader, arena=later, participation=world.drammen_participation, score=5
    )
    services.feedback_add(
        user=world.skien_leader,
        arena=later,
        participation=world.skien_participation,
        score=4,
        comment="Nyttig",
    )
    data = selectors.attendance(world.programme, as_of=D(2011, 12, 31))
    names = [p.municipality.name for p in data.participations]
    assert data.years == [2010, 2011]
    assert data.per_year[world.drammen_participation.pk] == [4, 3]
    assert data.per_year[world.skien_participation.pk] == [None, 2]
    assert data.arenas[0].persons[names.index("Skien")] is None
    assert data.arenas[1].feedback_average == 4.5
    page = (
        client_for(world.viewer)
        .get(reverse("followup:arenas") + "?as_of=2011-12-31")
        .content.decode()
    )
    assert "Studietur til Finland om Housing First" in page and "4,5" in page
    api = (
        client_for(world.skien_leader)
        .get(
            f"/api/v1/followup/programmes/{world.programme.pk}/attendance", {"as_of": "2011-12-31"}
        )
        .json()
    )
    skien = next(r for r in api["per_year"] if r["municipality"] == "Skien")
    assert skien["years"] == {"2010": None, "2011": 2}


def test_feedback_is_one_to_five_and_only_for_ones_own_municipality(world, client_for):
    arena = services.arena_save(
        user=world.admin,
        programme=world.programme,
        kind=ArenaKind.LEADER_GATHERING,
        title="Programledersamling",
        start_date=D(2011, 5, 17),
    )
    with pytest.raises(ValidationError) as error:
        services.feedback_add(
            user=world.drammen_leader,
            arena=arena,
            participation=world.drammen_participation,
            score=6,
        )
    assert "fra 1" in str(error.value)
    refused = client_for(world.skien_leader).post(
        f"/api/v1/followup/arenas/{arena.pk}/feedback",
        {"participation_id": world.drammen_participation.pk, "score": 3},
        content_type="application/json",
    )
    assert refused.status_code == 404
    response = client_for(world.drammen_member).post(
        reverse("followup:feedback_add", args=[arena.pk]),
        {"fb-participation": world.drammen_participation.pk, "fb-score": "4", "fb-comment": "Bra"},
    )
    assert response.status_code == 302 and arena.feedback.get().score == 4


def test_only_husbanken_creates_arenas_and_registers_attendance(world, client_for):
    for persona in ("drammen_leader", "skien_leader", "evaluator", "viewer"):
        assert (
            client_for(getattr(world, persona)).get(reverse("followup:arena_create")).status_code
            == 404
        )
    response = client_for(world.contact).post(
        reverse("followup:arena_create") + f"?programme={world.programme.pk}",
        {
            "kind": "network_meeting",
            "title": "Nettverksmøte om ungdom",
            "start_date": "2011-12-06",
            "topics": "Boligskole\nHKH",
        },
    )
    assert response.status_code == 302
    arena = world.programme.learning_arenas.get()
    assert arena.topic_list() == ["Boligskole", "HKH"]
    assert (
        client_for(world.drammen_leader)
        .post(
            reverse("followup:attendance_set", args=[arena.pk]),
            {"att-participation": world.drammen_participation.pk, "att-persons": "3"},
        )
        .status_code
        == 404
    )
