"""The reporting flow in a real browser, by keyboard where a person would type, axe on every page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from boligsosial.core.testing.browser import assert_accessible, login
from boligsosial.reporting import services
from boligsosial.reporting.models import Report
from boligsosial.reporting.tests.conftest import COMPLETE

pytestmark = pytest.mark.browser


def login_as(page, live_server, user):
    """Log in by session cookie (the log-in form itself is tested in core); faster than typing."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _leader_finishes_and_submits(page, url, world, period) -> Report:
    # Most figures were typed into the draft earlier; the leader finishes it in the browser.
    login(page, url, "drammen-leader")  # once through the real log-in form
    page.goto(url + reverse("reporting:index"))
    assert_accessible(page)
    page.get_by_role("button", name="Start rapporten for 2010 2. halvår").click()
    report = Report.objects.get(period=period, participation=world.drammen_participation)
    rest = {
        k: v
        for k, v in COMPLETE.items()
        if k not in ("homeless_persons", "temp_accommodation_households")
    }
    services.report_save(
        user=world.drammen_leader,
        report=report,
        version=None,
        values=[services.ValueInput(k, raw=v) for k, v in rest.items()],
    )
    page.reload()
    expect(
        page.get_by_role("heading", name=re.compile("Fyll inn Rapport 2010 2. halvår for Drammen"))
    ).to_be_visible()
    assert_accessible(page)

    # Keyboard: type a value, Tab past its "not available / comment" toggle, type the next.
    page.locator("#value-0").focus()
    page.keyboard.type("40")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "value-1"
    page.keyboard.type("15")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("25")
    temp = page.get_by_label(re.compile(r"^Husstander i midlertidig botilbud \(husstander\)"))
    temp.fill("12")
    for code, text in (
        ("status", "Delprosjektene er i gang."),
        ("succeeded", "Samarbeidet med NAV."),
        ("challenges", "For få boliger."),
        ("next_steps", "Boligskole."),
    ):
        page.locator(f"#answer-{code}").fill(text)
    page.locator("#value-0").press("Enter")  # Enter saves the draft
    expect(page.get_by_text("Utkastet er lagret.")).to_be_visible()
    page.get_by_role("button", name="Lagre og send inn").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Sendt inn")
    assert_accessible(page)
    return report


def _contact_returns(page, live_server, world, report) -> None:
    login_as(page, live_server, world.contact)
    page.goto(live_server.url + reverse("reporting:report", args=[report.pk]))
    assert_accessible(page)
    page.get_by_label("Kommentar til kommunen").fill("Kommenter hvorfor utkastelsene har økt.")
    page.get_by_role("button", name="Returner til kommunen").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Returnert med kommentar")


def _leader_comments_and_resubmits(page, live_server, world, report) -> None:
    login_as(page, live_server, world.drammen_leader)
    page.goto(live_server.url + reverse("reporting:report", args=[report.pk]))
    expect(page.get_by_text("Kommenter hvorfor utkastelsene har økt.").first).to_be_visible()
    page.get_by_role("link", name="Fyll inn eller rett rapporten").click()
    row = page.locator(".rp-row", has=page.get_by_label(re.compile(r"^Gjennomførte utkastelser")))
    row.locator("summary").click()
    row.get_by_label("Kommentar").fill("To familier med store restanser.")
    page.get_by_role("button", name="Lagre og send inn").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Sendt inn på nytt")


def _contact_approves_and_the_history_shows_every_step(page, live_server, world, report) -> None:
    login_as(page, live_server, world.contact)
    page.goto(live_server.url + reverse("reporting:report", args=[report.pk]))
    page.get_by_role("button", name="Godkjenn rapporten").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Godkjent")
    assert_accessible(page)
    steps = page.get_by_test_id("report-steps").locator("li")
    expect(steps).to_have_count(5)
    for text in (
        "Utkast",
        "Utkast → Sendt inn",
        "Sendt inn → Returnert med kommentar",
        "Returnert med kommentar → Sendt inn på nytt",
        "Sendt inn på nytt → Godkjent",
    ):
        expect(page.get_by_test_id("report-steps").get_by_text(text, exact=True)).to_have_count(1)
    expect(
        page.get_by_test_id("report-steps").get_by_text(
            "Kommentar: Kommenter hvorfor utkastelsene har økt."
        )
    ).to_be_visible()


def test_leader_submits_husbanken_returns_leader_resubmits_husbanken_approves_and_the_report_locks(
    page, live_server, world, period
):
    report = _leader_finishes_and_submits(page, live_server.url, world, period)
    _contact_returns(page, live_server, world, report)
    _leader_comments_and_resubmits(page, live_server, world, report)
    _contact_approves_and_the_history_shows_every_step(page, live_server, world, report)

    login_as(page, live_server, world.drammen_leader)
    page.goto(live_server.url + reverse("reporting:report", args=[report.pk]))
    expect(page.get_by_role("link", name="Fyll inn eller rett rapporten")).to_have_count(0)
    page.goto(live_server.url + reverse("reporting:report_edit", args=[report.pk]))
    expect(page.get_by_text("kan ikke endres nå")).to_be_visible()
    assert report.values.get(indicator__code="homeless_persons", option__code="under25").value == 15


def test_the_trend_table_catalogue_and_import_pages_are_accessible(
    page, live_server, world, period
):
    report = services.report_start(
        user=world.drammen_leader, participation=world.drammen_participation, period=period
    )
    services.report_save(
        user=world.drammen_leader,
        report=report,
        version=None,
        values=[services.ValueInput(k, raw=v) for k, v in COMPLETE.items()],
        answers={"status": "a", "succeeded": "b", "challenges": "c", "next_steps": "d"},
    )
    services.report_approve(
        user=world.contact, report=services.report_submit(user=world.drammen_leader, report=report)
    )
    login_as(page, live_server, world.admin)
    for path in (
        reverse("reporting:trend", args=[world.drammen_participation.pk])
        + "?indikator=homeless_persons&as_of=2012-01-01",
        reverse("reporting:programme_table", args=[world.programme.pk])
        + "?indikator=homeless_persons",
        reverse("reporting:catalogue"),
        reverse("reporting:indicator", args=["homeless_persons"]),
        reverse("reporting:periods", args=[world.programme.pk]),
        reverse("reporting:csv_import", args=[world.programme.pk]),
        reverse("reporting:export", args=[world.programme.pk]),
        reverse("programmes:participation", args=[world.drammen_participation.pk]),
    ):
        page.goto(live_server.url + path)
        assert_accessible(page)
    page.goto(
        live_server.url
        + reverse("reporting:trend", args=[world.drammen_participation.pk])
        + "?indikator=homeless_persons&as_of=2012-01-01"
    )
    expect(page.locator("svg.bs-chart")).to_be_visible()
    page.get_by_text("Tabell: ").click()
    expect(page.get_by_role("cell", name="40")).to_be_visible()
    # The programme table's numbers line up on the right, as every number cell does (its
    # cells carry no class of their own: 7 000 of them at national scale).
    page.goto(
        live_server.url
        + reverse("reporting:programme_table", args=[world.programme.pk])
        + "?indikator=homeless_persons"
    )
    body, foot = (
        page.locator(f"[data-testid=programme-table] {part} td").first
        for part in ("tbody", "tfoot")
    )
    for cell in (body, foot):
        assert cell.evaluate("c => getComputedStyle(c).textAlign") == "right"
        assert cell.evaluate("c => getComputedStyle(c).fontVariantNumeric") == "tabular-nums"
