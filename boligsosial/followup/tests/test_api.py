"""Every follow-up API input is bounded: bad values get a Norwegian 422, never a 500; edits need a version."""

import datetime as dt
import json

import pytest
from django.test import Client

from boligsosial.followup import services
from boligsosial.followup.models import AgreedAction, LearningArena, Meeting

BAD_VALUES = {
    "huge": 10**30,
    "null": None,
    "bad_date": "2011-02-30",
    "unknown": "finnes-ikke",
    "long": "x" * 20_000,
    "nan": "NaN",
    "negative": -5,
    "list": ["a"] * 3,
}


@pytest.fixture
def log(world):
    meeting = services.meeting_save(
        user=world.contact,
        participation=world.drammen_participation,
        kind="status",
        date=dt.date(2011, 5, 3),
        participants=[("programme_leader", "Per")],
    )
    action = services.action_add(
        user=world.contact, meeting=meeting, text="Sende plan", owner="Per"
    )
    arena = services.arena_save(
        user=world.admin,
        programme=world.programme,
        kind="network_meeting",
        title="Nettverkssamling",
        start_date=dt.date(2011, 3, 1),
    )
    return {"meeting": meeting, "action": action, "arena": arena}


def _version(model, pk):
    return model.objects.get(pk=pk).version


def _routes(world, log):
    pp, meeting, action, arena = (
        world.drammen_participation.pk,
        log["meeting"],
        log["action"],
        log["arena"],
    )
    meeting_body = {
        "kind": "status",
        "date": "2011-06-01",
        "place": "Rådhuset",
        "notes": "",
        "participants": [{"role": "programme_leader", "name": "Per"}],
    }
    arena_body = {
        "programme_id": world.programme.pk,
        "kind": "network_meeting",
        "title": "Samling",
        "start_date": "2011-04-01",
        "end_date": "2011-04-02",
        "place": "",
        "topics": ["Bolig"],
    }
    base = "/api/v1/followup"
    return [
        ("post", f"{base}/participations/{pp}/meetings", lambda: dict(meeting_body)),
        (
            "put",
            f"{base}/participations/{pp}/meetings/{meeting.pk}",
            lambda: {**meeting_body, "version": _version(Meeting, meeting.pk)},
        ),
        (
            "post",
            f"{base}/participations/{pp}/meetings/{meeting.pk}/actions",
            lambda: {"text": "Gjøre noe", "owner": "Per", "due_date": "2011-09-01"},
        ),
        (
            "patch",
            f"{base}/participations/{pp}/meetings/{meeting.pk}/actions/{action.pk}",
            lambda: {
                "status": "done",
                "completed_on": "2011-07-01",
                "version": _version(AgreedAction, action.pk),
            },
        ),
        ("post", f"{base}/arenas", lambda: dict(arena_body)),
        (
            "put",
            f"{base}/arenas/{arena.pk}",
            lambda: {**arena_body, "version": _version(LearningArena, arena.pk)},
        ),
        (
            "put",
            f"{base}/arenas/{arena.pk}/attendance",
            lambda: {"participation_id": pp, "persons": 3, "roles": "Bolig"},
        ),
        (
            "post",
            f"{base}/arenas/{arena.pk}/feedback",
            lambda: {"participation_id": pp, "score": 4, "comment": ""},
        ),
    ]


def test_no_bad_value_in_any_followup_write_gives_a_server_error(world, log, report_counts):
    client = Client(raise_request_exception=False)
    client.force_login(world.admin)
    cases, failures = 0, []
    for method, url, body in _routes(world, log):
        for field in body():
            if field == "version":
                continue
            for name, value in BAD_VALUES.items():
                cases += 1
                response = getattr(client, method)(
                    url, json.dumps({**body(), field: value}), content_type="application/json"
                )
                if response.status_code >= 500:
                    failures.append((method, url, field, name))
    report_counts("followup API write probe", cases=cases, server_errors=len(failures))
    assert not failures, failures[:20]
    assert cases > 250


def test_bad_query_parameters_of_the_followup_reads_give_no_server_error(world, log):
    client = Client(raise_request_exception=False)
    client.force_login(world.contact)
    pp = world.drammen_participation.pk
    urls = [
        "/api/v1/followup/participations?as_of=",
        f"/api/v1/followup/participations/{pp}?as_of=",
        f"/api/v1/followup/participations/{pp}/meetings?as_of=",
        f"/api/v1/followup/programmes/{world.programme.pk}/attendance?as_of=",
        "/api/v1/followup/programmes/",
        "/api/v1/followup/participations/",
    ]
    failures = [
        url + value
        for url in urls
        for value in ("99999999999999999999999", "0000-00-00", "x" * 3000, "-1")
        if client.get(url + value).status_code >= 500
    ]
    assert not failures, failures


def test_a_huge_attendance_is_refused_in_norwegian(world, log, client_for):
    response = client_for(world.admin).put(
        f"/api/v1/followup/arenas/{log['arena'].pk}/attendance",
        {"participation_id": world.drammen_participation.pk, "persons": 10**12},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "høyst 1\u00a0000" in response.json()["errors"]["persons"][0]


def test_an_over_long_participant_name_is_refused_and_nothing_is_saved(world, log, client_for):
    response = client_for(world.contact).post(
        f"/api/v1/followup/participations/{world.drammen_participation.pk}/meetings",
        {
            "kind": "status",
            "date": "2011-06-01",
            "participants": [{"role": "programme_leader", "name": "x" * 300}],
        },
        content_type="application/json",
    )
    assert response.status_code == 422 and "200 eller færre tegn" in str(response.json())
    assert Meeting.objects.count() == 1


EDITS = ["meeting", "action", "arena"]


@pytest.mark.parametrize("kind", EDITS)
def test_every_followup_api_edit_needs_the_version_it_is_based_on(world, log, client_for, kind):
    pp = world.drammen_participation.pk
    meeting, action, arena = log["meeting"], log["action"], log["arena"]
    method, url, body, target = {
        "meeting": (
            "put",
            f"/api/v1/followup/participations/{pp}/meetings/{meeting.pk}",
            {"kind": "status", "date": "2011-06-01"},
            meeting,
        ),
        "action": (
            "patch",
            f"/api/v1/followup/participations/{pp}/meetings/{meeting.pk}/actions/{action.pk}",
            {"status": "done"},
            action,
        ),
        "arena": (
            "put",
            f"/api/v1/followup/arenas/{arena.pk}",
            {"kind": "network_meeting", "title": "Ny tittel", "start_date": "2011-03-01"},
            arena,
        ),
    }[kind]
    send = getattr(client_for(world.admin), method)
    missing = send(url, body, content_type="application/json")
    assert missing.status_code == 428 and missing.json()["current_version"] == target.version
    fresh = send(url, {**body, "version": target.version}, content_type="application/json")
    assert fresh.status_code == 200, fresh.content
    stale = send(url, {**body, "version": target.version}, content_type="application/json")
    assert stale.status_code == 409
