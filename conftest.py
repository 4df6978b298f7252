"""Shared fixtures: personas (as in Healthchecks' alice/bob/charlie) and the browser.

Personas, one per role:
  admin            Husbanken administrator
  contact          Husbanken programme contact, follows Drammen (not Skien)
  drammen_leader   municipal programme leader in Drammen
  drammen_member   member of Drammen's programme team
  skien_leader     municipal programme leader in Skien
  evaluator        evaluator (reads all, writes evaluation)
  viewer           read-only viewer
"""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

PASSWORD = "pw-for-tests-1"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    # Tasks run at once in tests; tests of the background worker switch to the database
    # queue (django-tasks-db) and run the real worker.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 costs ~0.3 s per password; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    import datetime as dt

    from boligsosial.accounts.models import Role
    from boligsosial.accounts.tests.factories import UserFactory
    from boligsosial.municipalities.tests.factories import MunicipalityFactory
    from boligsosial.programmes.models import LeaderRank, PhaseKind
    from boligsosial.programmes.tests.factories import (
        OrganisationFactory,
        ParticipationFactory,
        PhaseFactory,
        ProgrammeFactory,
    )

    class World:
        pass

    w = World()
    w.drammen = MunicipalityFactory(code="0602", name="Drammen")
    w.skien = MunicipalityFactory(code="0806", name="Skien")
    w.admin = UserFactory(username="admin", role=Role.HUSBANKEN_ADMIN)
    w.contact = UserFactory(username="contact", role=Role.PROGRAMME_CONTACT)
    w.other_contact = UserFactory(username="other-contact", role=Role.PROGRAMME_CONTACT)
    w.drammen_leader = UserFactory(
        username="drammen-leader", role=Role.MUNICIPAL_LEADER, municipality=w.drammen
    )
    w.drammen_member = UserFactory(
        username="drammen-member", role=Role.MUNICIPAL_MEMBER, municipality=w.drammen
    )
    w.skien_leader = UserFactory(
        username="skien-leader", role=Role.MUNICIPAL_LEADER, municipality=w.skien
    )
    w.evaluator = UserFactory(username="evaluator", role=Role.EVALUATOR)
    w.viewer = UserFactory(username="viewer", role=Role.VIEWER)
    w.programme = ProgrammeFactory()
    w.drammen_participation = ParticipationFactory(
        programme=w.programme,
        municipality=w.drammen,
        programme_contact=w.contact,
        start_date=dt.date(2010, 3, 1),
    )
    w.skien_participation = ParticipationFactory(
        programme=w.programme,
        municipality=w.skien,
        programme_contact=w.other_contact,
        start_date=dt.date(2010, 12, 1),
    )
    OrganisationFactory(
        participation=w.drammen_participation,
        has_steering_group=True,
        steering_group_leader_position="Helse- og sosialdirektør",
        steering_group_leader_rank=LeaderRank.MANAGEMENT_GROUP,
    )
    OrganisationFactory(participation=w.skien_participation, has_steering_group=False)
    PhaseFactory(
        participation=w.drammen_participation,
        kind=PhaseKind.PLANNING,
        start=dt.date(2010, 3, 1),
        planned_end=dt.date(2010, 9, 1),
        actual_end=dt.date(2010, 9, 1),
    )
    PhaseFactory(
        participation=w.drammen_participation,
        kind=PhaseKind.IMPLEMENTATION,
        start=dt.date(2010, 9, 1),
        planned_end=dt.date(2013, 9, 1),
    )
    w.all_users = [
        w.admin,
        w.contact,
        w.other_contact,
        w.drammen_leader,
        w.drammen_member,
        w.skien_leader,
        w.evaluator,
        w.viewer,
    ]
    return w


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client logged in as that user."""
    from django.test import Client

    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make


# Browser ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(_playwright):
    from boligsosial.core.testing.browser import CHROMIUM_ARGS, chromium_path

    browser = _playwright.chromium.launch(
        executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


# Counts that probing tests report (matrix, fuzz, property tests) ---------------------


@pytest.fixture
def report_counts(record_property):
    """report_counts("name", cases=…, server_errors=…, leaks=…, partial_writes=…).

    The counts travel with the test report (also from xdist workers) and are printed in
    the terminal summary under "Probe counts", so a run's output says how much was tried
    and how much failed.
    """

    def report(name: str, **counts: int) -> None:
        record_property(f"counts:{name}", counts)

    return report


def pytest_terminal_summary(terminalreporter):
    lines = []
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "call":
                continue
            for key, value in getattr(report, "user_properties", []):
                if isinstance(key, str) and key.startswith("counts:"):
                    shown = ", ".join(f"{k} {v}" for k, v in value.items())
                    lines.append(f"{key[len('counts:') :]}: {shown}")
    if lines:
        terminalreporter.section("Probe counts")
        for line in sorted(lines):
            terminalreporter.write_line(line)
