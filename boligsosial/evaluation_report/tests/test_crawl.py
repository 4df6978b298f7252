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

from boligsosial.core.demo import DEMO_PASSWORD
from boligsosial.core.testing.browser import crawl, login, prepare_axe
from boligsosial.evaluation_report.tests.demo_data import load_seeded_demo

pytestmark = pytest.mark.browser

START = "/program/"
AS_OF = "31.12.2011"  # the demonstration data's evaluation date: every table has rows
AS_OF_VARIANT = "30.06.2010"  # and once more, earlier, on each page with an as-of field

# What every role's crawl must at least reach (a broken link graph cannot pass by visiting
# nothing): the front page, a participation with its plan, reports, follow-up and meetings,
# the instruments' analyses, the municipality register and the published evaluation report.
COMMON = {
    "programmes:portfolio",
    "programmes:participation",
    "municipalities:list",
    "municipalities:detail",
    "reporting:index",
    "reporting:report",
    "reporting:programme_table",
    "plans:participation",
    "plans:measure",
    "plans:library",
    "followup:index",
    "followup:participation",
    "followup:meeting",
    "instruments:index",
    "instruments:did",
    "evaluation_report:version",
    "jobs:list",
    "accounts:password_change",
}
MUNICIPAL = COMMON | {
    "reporting:report_edit",
    "reporting:csv_import",
    "plans:goal_edit",
    "plans:measure_edit",
    "followup:meeting_edit",
    "programmes:organisation_edit",
}
# Each role: (demo username, the URL names its crawl must at least reach).
ROLES = {
    "administrator": (
        "admin",
        COMMON
        | {
            "programmes:participation_edit",
            "programmes:phase_edit",
            "programmes:region_edit",
            "reporting:export",
            "instruments:frame_edit",
            "evaluation:detail",
            "evaluation_report:narratives",
        },
    ),
    "programme contact": (
        "kontakt-vest",
        COMMON | {"reporting:export", "programmes:region", "evaluation:detail"},
    ),
    "programme leader": ("leder-drammen", MUNICIPAL),
    "team member": ("medlem-drammen", MUNICIPAL),
    "evaluator": (
        "evaluator",
        COMMON
        | {
            "evaluation:detail",
            "evaluation:results",
            "evaluation:interviews",
            "evaluation:interview",
            "evaluation:codebook",
            "evaluation:matrix",
            "evaluation_report:report",
            "evaluation_report:narrative_edit",
            "evaluation_report:rules",
        },
    ),
    "reader": ("lesetilgang", COMMON),
}


@pytest.fixture
def demo_site(live_server, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    started = time.monotonic()
    load_seeded_demo()
    return time.monotonic() - started


def test_every_page_each_role_reaches_passes_axe_and_reflows(
    browser, live_server, demo_site, record_property
):
    failures: list[str] = []
    coverage: list[str] = []
    checked: set[str] = set()  # pages and parts axe has checked, over all roles
    only = os.environ.get("BOLIGSOSIAL_CRAWL_ROLES")  # while working on one role's pages
    for role, (username, must_reach) in ROLES.items():
        if only and role not in only.split(","):
            continue
        # At 320 px throughout: reflow is read without a new layout, axe sees the phone layout.
        context = browser.new_context(locale="nb-NO", viewport={"width": 320, "height": 844})
        prepare_axe(context)  # axe-core in every page as it loads, not sent to each
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
