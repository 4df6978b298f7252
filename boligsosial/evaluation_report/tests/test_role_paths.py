"""Each role's main path, by keyboard only, on a desktop and on a 390 px phone (issue 17).

At every Tab stop the focused element must show focus and not be hidden (WCAG 2.4.7, 2.4.11);
every page reached passes axe with the WCAG 2.2 tags and reflows at 320 px; a screenshot of
each page is kept in var/test-artefacts/ (core.testing.browser.ARTEFACTS).

The file lives with the evaluation report because the evaluator's path needs its fixtures and
this is the one app that may import every other.
"""

import pytest

from boligsosial.core.testing.browser import DESKTOP, PHONE, check_page, focus_state_once_on, tab_to
from boligsosial.reporting import services as reporting
from boligsosial.reporting.tests.conftest import ANSWERS, complete_inputs
from boligsosial.reporting.tests.factories import PeriodFactory

pytestmark = pytest.mark.browser

SIZES = pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])


def log_in_by_keyboard(page, url: str, username: str) -> None:
    page.goto(f"{url}/konto/logg-inn/")
    # The log-in page focuses the user name itself; tab there if it has not.
    if focus_state_once_on(page, "id_username").get("id") != "id_username":
        tab_to(page, "id_username")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type("pw-for-tests-1")
    page.keyboard.press("Enter")
    page.wait_for_url("**/program/")


def press_enter_and_wait(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def shot(size: dict, role: str, step: str) -> str:
    return f"{role}-{'phone' if size is PHONE else 'desktop'}-{step}"


@SIZES
def test_a_programme_leader_is_told_the_report_is_due_and_fills_it_in(
    page, live_server, world, size
):
    period = PeriodFactory(programme=world.programme, year=2010, half=2)
    page.set_viewport_size(size)
    log_in_by_keyboard(page, live_server.url, "drammen-leader")
    check_page(page, shot(size, "leader", "1-front-page"))
    tab_to(page, f"Rapporten for {period.label}")
    press_enter_and_wait(page)
    check_page(page, shot(size, "leader", "2-participation"))
    tab_to(page, f"Start rapporten for {period.label}")
    press_enter_and_wait(page)
    assert "Fyll inn" in page.title()
    check_page(page, shot(size, "leader", "3-report-form"))
    # Every field of the long form, down to the send button: never under the save bar.
    page.locator("#value-0").focus()
    page.keyboard.type("førti")
    tab_to(page, "Lagre og send inn", max_tabs=400)
    press_enter_and_wait(page)
    # Refused ("førti" is not a number): focus is on the error summary, not on <body>.
    state = focus_state_once_on(page, "form-errors")
    assert state.get("id") == "form-errors", state
    assert "Rapporten er ikke lagret" in page.locator("#form-errors").inner_text()
    check_page(page, shot(size, "leader", "4-refused"))


@SIZES
def test_a_programme_contact_reviews_a_report_and_returning_it_needs_a_comment(
    page, live_server, world, size
):
    period = PeriodFactory(programme=world.programme, year=2010, half=2)
    report = reporting.report_start(
        user=world.drammen_leader, participation=world.drammen_participation, period=period
    )
    reporting.report_save(
        user=world.drammen_leader,
        report=report,
        version=None,
        values=complete_inputs(),
        answers=ANSWERS,
    )
    reporting.report_submit(user=world.drammen_leader, report=report)
    page.set_viewport_size(size)
    log_in_by_keyboard(page, live_server.url, "contact")
    check_page(page, shot(size, "contact", "1-front-page"))
    tab_to(page, "1 rapport venter på at du godkjenner")
    press_enter_and_wait(page)
    check_page(page, shot(size, "contact", "2-report"))
    tab_to(page, "Returner til kommunen")
    press_enter_and_wait(page)  # the comment is empty: the app answers, not the browser
    assert "Skriv en kommentar som forteller kommunen hva som må rettes." in page.content()
    assert "Please fill out this field" not in page.content()
    check_page(page, shot(size, "contact", "3-return-refused"))


@SIZES
def test_an_evaluator_goes_from_the_evaluation_to_its_report(page, live_server, report_world, size):
    page.set_viewport_size(size)
    log_in_by_keyboard(page, live_server.url, "evaluator")
    check_page(page, shot(size, "evaluator", "1-front-page"))
    tab_to(page, "Evaluering")
    press_enter_and_wait(page)
    check_page(page, shot(size, "evaluator", "2-evaluations"))
    tab_to(page, report_world.evaluation.title)
    press_enter_and_wait(page)
    check_page(page, shot(size, "evaluator", "3-evaluation"))
    tab_to(page, f"Evalueringsrapporten «{report_world.report.title}»")
    press_enter_and_wait(page)
    assert report_world.report.title in page.title()
    check_page(page, shot(size, "evaluator", "4-report"))


@SIZES
def test_a_viewer_reads_a_municipality_as_it_stood_on_a_date(page, live_server, world, size):
    page.set_viewport_size(size)
    log_in_by_keyboard(page, live_server.url, "viewer")
    check_page(page, shot(size, "viewer", "1-front-page"))
    assert "Ingenting har frist for deg nå." in page.content()
    tab_to(page, "Drammen")
    press_enter_and_wait(page)
    check_page(page, shot(size, "viewer", "2-participation"))
    tab_to(page, "as-of-date", reverse=False)
    page.keyboard.press("Control+A")
    page.keyboard.type("31.12.2011")
    press_enter_and_wait(page)
    assert page.locator("#as-of-date").input_value() == "31.12.2011"
    assert "per 31.12.2011" in page.content()
    check_page(page, shot(size, "viewer", "3-as-of"))
    # Typing that is not a date is quoted back and kept, and the date shown stays.
    tab_to(page, "as-of-date")
    page.keyboard.press("Control+A")
    page.keyboard.type("31.12.22011")
    press_enter_and_wait(page)
    assert "Datoen «31.12.22011» er ikke en gyldig dato" in page.content()
    assert page.locator("#as-of-date").input_value() == "31.12.22011"
    check_page(page, shot(size, "viewer", "4-as-of-refused"))
