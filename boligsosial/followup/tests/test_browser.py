import datetime as dt
import re

import pytest
from django.urls import reverse

from boligsosial.core.testing.browser import assert_accessible, login
from boligsosial.followup import services
from boligsosial.followup.models import ArenaKind, MeetingKind

pytestmark = pytest.mark.browser


@pytest.fixture
def log(world):
    meeting = services.meeting_save(
        user=world.admin,
        participation=world.drammen_participation,
        kind=MeetingKind.ANNUAL,
        date=dt.date(2011, 2, 8),
        participants=[("programme_leader", "Programleder")],
    )
    services.action_add(
        user=world.admin,
        meeting=meeting,
        text="Sende søknad",
        owner="Programleder",
        due_date=dt.date(2011, 3, 1),
    )
    arena = services.arena_save(
        user=world.admin,
        programme=world.programme,
        kind=ArenaKind.STUDY_TRIP,
        title="Studietur til Finland om Housing First",
        start_date=dt.date(2011, 4, 11),
    )
    services.attendance_set(
        user=world.admin, arena=arena, participation=world.drammen_participation, persons=3
    )
    services.feedback_add(
        user=world.admin, arena=arena, participation=world.drammen_participation, score=5
    )
    return {"p": world.drammen_participation.pk, "meeting": meeting.pk, "arena": arena.pk}


def test_every_followup_page_passes_axe(page, live_server, world, log):
    login(page, live_server.url, "contact")
    for path in [
        reverse("followup:index") + "?as_of=2011-12-31",
        reverse("followup:participation", args=[log["p"]]) + "?as_of=2011-12-31",
        reverse("followup:meeting_create", args=[log["p"]]),
        reverse("followup:meeting", args=[log["p"], log["meeting"]]),
        reverse("followup:meeting_edit", args=[log["p"], log["meeting"]]),
        reverse("followup:arenas") + "?as_of=2011-12-31",
        reverse("followup:arena_create"),
        reverse("followup:arena", args=[log["arena"]]),
        reverse("followup:arena_edit", args=[log["arena"]]),
    ]:
        page.goto(live_server.url + path)
        assert_accessible(page)


def test_a_programme_contact_logs_a_status_meeting_by_keyboard(page, live_server, world, log):
    login(page, live_server.url, "contact")
    page.goto(live_server.url + reverse("followup:participation", args=[log["p"]]))
    page.get_by_role("link", name="Registrer møte eller kontakt").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/moter/nytt/")
    page.locator("#id_kind").select_option("status")
    page.locator("#id_date").fill("2011-02-22")
    page.get_by_label("Referat og notater").focus()
    page.keyboard.type("Gjennomgang av boligskolen.")
    page.locator("#id_p-0-role").select_option("programme_contact")
    page.locator("#id_p-0-name").fill("Kari")
    page.get_by_role("button", name="Lagre møtet").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/moter/\d+/$"))
    assert "Møtet er lagret." in page.content()
    assert_accessible(page)
    page.goto(
        live_server.url + reverse("followup:participation", args=[log["p"]]) + "?as_of=2011-12-31"
    )
    assert page.get_by_test_id("cadence").inner_text() == "14"


def test_a_municipal_member_gives_feedback_by_keyboard(page, live_server, world, log):
    login(page, live_server.url, "drammen-member")
    page.goto(live_server.url + reverse("followup:arena", args=[log["arena"]]))
    page.get_by_role("radio", name="4").focus()
    page.keyboard.press("Space")
    page.get_by_label("Kommentar").focus()
    page.keyboard.type("Nyttig å se Housing First i praksis.")
    page.get_by_role("button", name="Send tilbakemelding").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Takk for tilbakemeldingen." in page.content()
    assert "Nyttig å se Housing First i praksis." in page.content()
