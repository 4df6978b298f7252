"""Every follow-up page and API route, for every persona. Outsiders get 404."""

import datetime as dt

import pytest
from django.urls import reverse

from boligsosial.core.testing.urls import page
from boligsosial.followup import services
from boligsosial.followup.models import ArenaKind, MeetingKind

EVERYONE = [
    "admin",
    "contact",
    "other_contact",
    "drammen_leader",
    "drammen_member",
    "skien_leader",
    "evaluator",
    "viewer",
]
READERS = [
    "admin",
    "contact",
    "other_contact",
    "drammen_leader",
    "drammen_member",
    "evaluator",
    "viewer",
]
EDITORS = ["admin", "contact", "drammen_leader", "drammen_member"]
HUSBANKEN = ["admin", "contact", "other_contact"]


@pytest.fixture
def log(world):
    meeting = services.meeting_save(
        user=world.admin,
        participation=world.drammen_participation,
        kind=MeetingKind.STATUS,
        date=dt.date(2011, 1, 4),
        participants=[],
    )
    arena = services.arena_save(
        user=world.admin,
        programme=world.programme,
        kind=ArenaKind.PROGRAMME_GATHERING,
        title="Programsamling",
        start_date=dt.date(2010, 6, 15),
    )
    return {
        "p": world.drammen_participation.pk,
        "meeting": meeting.pk,
        "arena": arena.pk,
        "programme": world.programme.pk,
    }


ROUTES = [
    (page("followup:index"), EVERYONE),
    (page("followup:participation", "p"), READERS),
    (page("followup:meeting_create", "p"), EDITORS),
    (page("followup:meeting", "p", "meeting"), READERS),
    (page("followup:meeting_edit", "p", "meeting"), EDITORS),
    (page("followup:arenas"), EVERYONE),
    (page("followup:arena_create"), HUSBANKEN),
    (page("followup:arena", "arena"), EVERYONE),
    (page("followup:arena_edit", "arena"), HUSBANKEN),
    ("/api/v1/followup/participations", EVERYONE),
    ("/api/v1/followup/participations/{p}", READERS),
    ("/api/v1/followup/participations/{p}/meetings", READERS),
    ("/api/v1/followup/arenas", EVERYONE),
    ("/api/v1/followup/programmes/{programme}/attendance", EVERYONE),
]


@pytest.mark.parametrize("persona", EVERYONE)
def test_each_page_and_read_route_answers_by_role(world, log, client_for, persona):
    client = client_for(getattr(world, persona))
    wrong = []
    for url, allowed in ROUTES:
        status = client.get(url.format(**log)).status_code
        expected = 200 if persona in allowed else 404
        if status != expected:
            wrong.append(f"{url.format(**log)}: {status}, expected {expected}")
    assert not wrong, f"{persona}: " + "; ".join(wrong)


def test_municipal_users_see_only_their_own_municipality_in_the_overview(world, log, client_for):
    rows = client_for(world.skien_leader).get("/api/v1/followup/participations").json()
    assert [r["municipality"] for r in rows] == ["Skien"]
    page = client_for(world.skien_leader).get(reverse("followup:index")).content.decode()
    assert 'data-municipality="Skien"' in page and 'data-municipality="Drammen"' not in page


POSTS = [
    (page("followup:meeting_delete", "p", "meeting"), {}),
    (
        page("followup:action_add", "p", "meeting"),
        {"action-text": "X", "action-owner": "Y", "action-status": "open"},
    ),
]


@pytest.mark.parametrize("url,data", POSTS)
def test_readers_and_other_municipalities_cannot_change_the_log(world, log, client_for, url, data):
    for persona in ("other_contact", "skien_leader", "evaluator", "viewer"):
        assert (
            client_for(getattr(world, persona)).post(url.format(**log), data).status_code == 404
        ), persona
    assert client_for(world.drammen_member).post(url.format(**log), data).status_code == 302


def test_other_municipalities_see_the_score_of_a_learning_arena_feedback_but_not_its_text(
    db, world, client_for
):
    import datetime as dt

    from django.urls import reverse

    from boligsosial.followup.models import ArenaFeedback, ArenaKind, LearningArena

    arena = LearningArena.objects.create(
        programme=world.programme,
        kind=ArenaKind.PROGRAMME_GATHERING,
        title="Nettverkssamling",
        start_date=dt.date(2011, 3, 1),
    )
    ArenaFeedback.objects.create(
        arena=arena,
        participation=world.skien_participation,
        score=2,
        comment="Skiens egen kommentar",
    )
    url = reverse("followup:arena", args=[arena.pk])
    drammen = client_for(world.drammen_leader).get(url).content.decode()
    assert "2/5" in drammen and "Skiens egen kommentar" not in drammen and "(Skien)" not in drammen
    skien = client_for(world.skien_leader).get(url).content.decode()
    assert "Skiens egen kommentar" in skien
    contact = client_for(world.contact).get(url).content.decode()
    assert "Skiens egen kommentar" in contact and "(Skien)" in contact
