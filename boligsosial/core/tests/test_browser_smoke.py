import pytest

from boligsosial.core.testing.browser import assert_accessible, login

pytestmark = pytest.mark.browser


def test_the_login_page_is_accessible_and_logs_a_leader_in(page, live_server, world):
    page.goto(f"{live_server.url}/konto/logg-inn/")
    assert_accessible(page)
    login(page, live_server.url, "drammen-leader")
    assert page.get_by_role("heading", name="Programkommuner").is_visible()
    assert_accessible(page)
