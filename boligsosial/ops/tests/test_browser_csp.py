"""Content-Security-Policy: the header is sent and representative pages break no rule.

Chromium reports every blocked inline script or style as a `securitypolicyviolation`
event and a console error; both are collected while the pages load.
"""

import pytest

from boligsosial.core.testing.browser import login
from boligsosial.instruments.models import Instrument, InstrumentFigure

pytestmark = pytest.mark.browser

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline")
    + " " + (event.sourceFile || "") + ":" + event.lineNumber);
});
"""


def test_representative_pages_send_the_policy_and_violate_nothing(page, live_server, world):
    for code, amount in (("0602", 40_000_000), ("0806", 30_000_000)):
        for year in (2009, 2011):
            InstrumentFigure.objects.create(
                instrument=Instrument.START_LOAN, code=code, year=year, amount=amount
            )
    console = []
    page.on(
        "console",
        lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.add_init_script(COLLECT_VIOLATIONS)
    response = page.goto(f"{live_server.url}/konto/logg-inn/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    login(page, live_server.url, "admin")
    pk = world.drammen_participation.pk
    pages = [
        "/konto/logg-inn/",  # a form, logged out
        "/program/",  # the layout with navigation
        f"/program/programkommuner/{pk}/",  # the phase timeline
        f"/program/programkommuner/{pk}/organisering/",  # a form, logged in
        "/virkemidler/?baseline=2009&to_year=2011",  # an SVG chart
        "/virkemidler/serie/?code=0602&to_year=2011",  # a chart with its table
        f"/plan/programkommuner/{pk}/",  # the goal tree
        "/konto/passord/",
    ]
    found = {}
    for path in pages:
        answer = page.goto(live_server.url + path)
        assert answer.status < 400, path
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.__cspViolations")
        if violations:
            found[path] = violations
    assert found == {}
    assert console == []
