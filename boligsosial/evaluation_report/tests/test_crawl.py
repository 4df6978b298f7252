"""Every page each role can reach, by following links (issue 17): axe with the WCAG 2.2 tags
and reflow at 320 px on each, on the whole demonstration data (so pages show their tables and
charts), as each persona: Husbanken administrator, a programme contact, a municipal programme
leader, a member of a municipal team, an evaluator in the evaluation's team and a reader.

The crawl (core.testing.browser.crawl) starts at the front page and follows every same-origin
link breadth-first, GET only, each URL name once (plus once with a query string or as-of
date), skipping log-out, the admin, the API and file downloads. A link answering 4xx/5xx or
leading to the log-in page is a failure too. Every failure of every role is collected and
the test fails once at the end with the full list (role, address, rule, targets).

One test for all six roles: the live server flushes the database after each test, and the
demonstration data takes longer to load than a role's crawl takes to run.
"""

import os
import time

import pytest

from boligsosial.core.demo import DEMO_PASSWORD, load_all
from boligsosial.core.testing.browser import crawl, login

pytestmark = pytest.mark.browser

START = "/program/"
AS_OF = "31.12.2011"  # the demonstration data's evaluation date: every table has rows
AS_OF_VARIANT = "30.06.2010"  # and once more, earlier, on each page with an as-of field

COMMON = {
    "programmes:portfolio",
    "programmes:participation",
    "programmes:programme",
    "municipalities:index",
    "accounts:profile",
}
READ_ALL = COMMON | {
    "reporting:overview",
    "reporting:report",
    "plans:participation",
    "plans:library",
    "followup:overview",
    "followup:participation",
    "instruments:index",
}
# Each role: (demo username, the URL names its crawl must at least reach).
ROLES = {
    "administrator": ("admin", READ_ALL | {"evaluation:index", "evaluation_report:index"}),
    "programme contact": ("kontakt-vest", READ_ALL),
    "programme leader": (
        "leder-drammen",
        COMMON | {"reporting:report", "plans:participation", "followup:participation"},
    ),
    "team member": (
        "medlem-drammen",
        COMMON | {"reporting:report", "plans:participation", "followup:participation"},
    ),
    "evaluator": (
        "evaluator",
        READ_ALL
        | {
            "evaluation:index",
            "evaluation:detail",
            "evaluation:results",
            "evaluation:interviews",
            "evaluation:codebook",
            "evaluation_report:index",
            "evaluation_report:report",
            "evaluation_report:version",
        },
    ),
    "reader": ("lesetilgang", READ_ALL),
}


@pytest.fixture
def demo_site(live_server, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    started = time.monotonic()
    load_all()
    return time.monotonic() - started


def test_every_page_each_role_reaches_passes_axe_and_reflows(
    browser, live_server, demo_site, record_property
):
    failures: list[str] = []
    coverage: list[str] = []
    checked: set[str] = set()  # <main> contents axe has checked, over all roles
    only = os.environ.get("BOLIGSOSIAL_CRAWL_ROLES")  # while working on one role's pages
    for role, (username, must_reach) in ROLES.items():
        if only and role not in only.split(","):
            continue
        # At 320 px throughout: reflow is read without a new layout, axe sees the phone layout.
        context = browser.new_context(locale="nb-NO", viewport={"width": 320, "height": 844})
        page = context.new_page()
        page.set_default_timeout(30000)
        try:
            login(page, live_server.url, username, DEMO_PASSWORD)
            page.goto(f"{live_server.url}{START}?as_of={AS_OF}")
            result = crawl(
                page,
                live_server.url,
                role,
                start=START,
                as_of_variant=AS_OF_VARIANT,
                checked=checked,
            )
        finally:
            context.close()
        failures += result.failures
        missing = sorted(must_reach - result.names)
        if missing:
            failures.append(f"[{role}] nådde ikke: {', '.join(missing)}")
        coverage.append(
            f"{role}: {len(result.visited)} sider, {len(result.names)} URL-navn på "
            f"{result.seconds:.0f} s: {', '.join(sorted(result.names))}"
        )
        slowest = sorted(result.timings, reverse=True, key=lambda t: t[0] + t[1])[:8]
        coverage += [f"  {load:.1f} s + {checks:.1f} s: {where}" for load, checks, where in slowest]
    record_property("crawl", "\n".join(coverage))
    print(f"\nDemodata lastet på {demo_site:.0f} s\n" + "\n".join(coverage))
    assert not failures, f"{len(failures)} feil i gjennomgangen:\n" + "\n".join(failures)
