import re

import pytest
from django.core import mail

from boligsosial.core.testing.browser import assert_accessible, login

pytestmark = pytest.mark.browser


def test_password_pages_are_accessible_and_a_reset_works_in_the_browser(page, live_server, world):
    world.drammen_leader.email = "leder@drammen.example"
    world.drammen_leader.save()
    page.goto(f"{live_server.url}/konto/logg-inn/")
    page.get_by_role("link", name="Glemt passordet?").click()
    assert_accessible(page)
    page.get_by_label("E-postadresse").fill("leder@drammen.example")
    page.get_by_role("button", name="Send lenke").click()
    page.get_by_role("heading", name="Sjekk e-posten din").wait_for()
    assert_accessible(page)

    link = re.search(r"http://[^/]+(/konto/nytt-passord/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(f"{live_server.url}{link}")
    page.get_by_role("button", name="Lagre nytt passord").click()  # empty: errors shown
    page.get_by_role("heading", name="Skjemaet er ikke lagret. Rett opp dette:").wait_for()
    assert_accessible(page)
    page.get_by_label("Nytt passord (påkrevd)", exact=True).fill("Vinter-i-Drammen-2026")
    page.get_by_label("Gjenta nytt passord").fill("Vinter-i-Drammen-2026")
    page.get_by_role("button", name="Lagre nytt passord").click()
    page.get_by_role("heading", name="Nytt passord er lagret").wait_for()
    assert_accessible(page)

    login(page, live_server.url, "drammen-leader", "Vinter-i-Drammen-2026")
    page.get_by_role("link", name="Endre passord").click()
    page.get_by_role("heading", name="Endre passord").wait_for()
    assert_accessible(page)


def test_the_lockout_page_is_accessible(page, live_server, world):
    for n in range(10):
        page.goto(f"{live_server.url}/konto/logg-inn/")
        page.get_by_label("Brukernavn").fill("drammen-leader")
        page.get_by_label("Passord").fill(f"feil-{n}")
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_load_state()
    page.get_by_role("heading", name="Innloggingen er midlertidig sperret").wait_for()
    assert_accessible(page)
