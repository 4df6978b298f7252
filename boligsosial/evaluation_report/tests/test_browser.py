"""The report pages in a browser: axe-clean (WCAG 2.1 A/AA), keyboard-reachable evidence, and
a file generated in the background with its progress shown."""

import pytest
from django.urls import reverse

from boligsosial.core.testing.browser import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_evaluator_reviews_decides_and_generates_a_pdf_on_accessible_pages(
    page, live_server, report_world
):
    w = report_world
    login(page, live_server.url, "evaluator")
    page.goto(live_server.url + reverse("evaluation_report:index"))
    assert_accessible(page)
    page.get_by_role("link", name="Rapport 2011").first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Rapport 2011", level=1).is_visible()
    assert_accessible(page)

    # A number in a finding links to its evidence, on the evidence page of the draft.
    link = page.locator("a[data-figure='anchoring.radmann']").first
    target = link.get_attribute("href")
    assert target.startswith(reverse("evaluation_report:evidence", args=[w.report.pk]) + "#")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#" + target.split("#", 1)[1]).is_visible()
    assert_accessible(page)
    page.go_back()
    page.wait_for_load_state("networkidle")

    page.get_by_role("link", name="Anbefalinger: vurder forslagene").click()
    assert_accessible(page)
    form = page.locator("#rule-steering_group form")
    form.get_by_label("Godtatt med endret tekst").check()
    form.get_by_label("Endret tekst (bare ved endring)").fill(
        "Skien bør raskt etablere en styringsgruppe ledet av rådmannen."
    )
    form.get_by_label("Begrunnelse").fill("Presisert for Skien.")
    form.get_by_role("button", name="Lagre vurderingen").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Vurderingen er lagret.").is_visible()
    assert_accessible(page)

    page.goto(live_server.url + reverse("evaluation_report:report", args=[w.report.pk]))
    page.locator("form.bs-generate").get_by_label("PDF").check()
    page.locator("form.bs-generate").get_by_role("button", name="Lag fil").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Last ned PDF").wait_for()
    assert page.locator("progress").get_attribute("value") == "100"
    assert_accessible(page)


def test_a_municipal_leader_reads_the_published_version_on_an_accessible_page(
    page, live_server, report_world
):
    w = report_world
    login(page, live_server.url, "skien-leader")
    page.goto(live_server.url + reverse("evaluation_report:report", args=[w.report.pk]))
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(reverse("evaluation_report:version", args=[w.report.pk, 1]))
    assert page.get_by_test_id("version-info").is_visible()
    assert_accessible(page)
    response = page.goto(
        live_server.url + reverse("evaluation_report:recommendations", args=[w.report.pk])
    )
    assert response.status == 404  # the draft's recommendations are not for municipal readers


def test_the_rules_and_narrative_pages_are_accessible(page, live_server, report_world):
    w = report_world
    login(page, live_server.url, "evaluator")
    page.goto(live_server.url + reverse("evaluation_report:rules", args=[w.programme.pk]))
    assert_accessible(page)
    page.goto(live_server.url + reverse("evaluation_report:narratives", args=[w.report.pk]))
    assert_accessible(page)
    page.goto(
        live_server.url + reverse("evaluation_report:narrative_edit", args=[w.report.pk, "2"])
    )
    page.get_by_label("Tekst").fill("Bakgrunnen for **programmet**.")
    page.get_by_role("button", name="Lagre teksten").click()
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    page.goto(live_server.url + reverse("evaluation_report:report", args=[w.report.pk]))
    assert page.locator("[data-narrative='2'] strong").inner_text() == "programmet"


def test_a_group_of_implausible_figures_loads_when_opened_by_keyboard(
    page, live_server, report_world
):
    """The draft lists the groups only; opening one loads its figures (htmx), announced by
    a status line, and the page stays axe-clean."""
    from boligsosial.instruments.models import Instrument, InstrumentFigure

    w = report_world
    code = w.drammen_participation.municipality.code
    for year in range(2000, 2012):
        InstrumentFigure.objects.create(
            instrument=Instrument.START_LOAN,
            code=code,
            year=year,
            amount=282_915_100 if year == 2011 else 80_000_000 + year * 10_000,
            count=79,
        )
    login(page, live_server.url, "evaluator")
    page.goto(live_server.url + reverse("evaluation_report:report", args=[w.report.pk]))
    page.wait_for_load_state("networkidle")
    group = page.locator("details.bs-implausible-group").first
    assert group.locator("[data-testid='implausible-figures']").count() == 0
    group.locator("summary").focus()
    page.keyboard.press("Enter")
    items = group.locator("[data-testid='implausible-figures'] li")
    items.first.wait_for()
    assert "Startlån" in items.first.text_content()
    assert group.get_by_role("status").text_content().startswith("Viser 1–")
    assert_accessible(page)


# Twelve municipalities added to the programme, none with meetings registered: the meetings
# recommendation then names more than ten (LONG_LIST) and lists them under a <details>.
# Real names, some long, so the list has to wrap at 320 px.
MANY = [
    "Aurskog-Høland",
    "Nordre Follo",
    "Midt-Telemark",
    "Sør-Aurdal",
    "Kautokeino",
    "Porsanger",
    "Nord-Fron",
    "Indre Østfold",
    "Hammerfest",
    "Stange",
    "Vestvågøy",
    "Øystre Slidre",
]


def test_a_long_list_of_municipalities_opens_by_keyboard_on_an_accessible_page(
    page, live_server, report_world
):
    """A proposal naming more than ten municipalities lists them under a <details>: the page
    passes axe closed and open, the first such summary is reached with Tab (focus visible and
    not hidden at every stop, the decision forms' radio buttons on the way included) and opened
    with Enter, the names are then shown, and the page reflows at 320 px with the list open."""
    from boligsosial.core.testing.browser import assert_focus_shown, assert_reflows, tab_to
    from boligsosial.programmes.tests.factories import ParticipationFactory

    w = report_world
    for name in MANY:
        ParticipationFactory(programme=w.programme, municipality__name=name)
    login(page, live_server.url, "evaluator")
    page.goto(live_server.url + reverse("evaluation_report:recommendations", args=[w.report.pk]))
    page.wait_for_load_state("networkidle")
    meetings = page.locator("#rule-regular_meetings details.bs-named")
    assert meetings.locator("summary").inner_text().startswith("Kommunene forslaget gjelder (")
    assert not meetings.locator(":scope > :not(summary)").is_visible()  # closed until opened
    assert_accessible(page)
    assert_reflows(page)

    state = tab_to(page, "Kommunene forslaget gjelder", max_tabs=200)
    assert state["tag"] == "SUMMARY"
    details = page.locator("details.bs-named:has(> summary:focus)")
    assert details.count() == 1
    page.keyboard.press("Enter")
    assert details.get_attribute("open") is not None
    names = details.locator(":scope > :not(summary)")
    names.wait_for(state="visible")
    assert all(name in names.inner_text() for name in MANY)
    assert_focus_shown(page)  # still on the summary, its focus ring shown and not covered
    assert_accessible(page)
    assert_reflows(page)
    page.set_viewport_size({"width": 320, "height": 844})
    names.scroll_into_view_if_needed()
    box = names.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320
    summary = details.locator("summary")
    summary.scroll_into_view_if_needed()
    assert_focus_shown(page)
    page.keyboard.press("Enter")  # and closes again by keyboard
    assert details.get_attribute("open") is None


def test_a_national_drafts_municipalities_open_by_keyboard_on_accessible_pages(
    page, live_server, report_world, monkeypatch
):
    """With a national report's thresholds (lowered here), chapter 5 is a list of links: the
    draft page and a municipality's page pass axe and reflow at 320 px, a municipality's link
    is reached with Tab (focus shown) and opened with Enter, and its page leads on to the
    next municipality."""
    from boligsosial.core import stored
    from boligsosial.evaluation_report.rendering import national

    monkeypatch.setattr(national, "NATIONAL_FROM", 1)
    monkeypatch.setattr(national, "LONG", 1)
    stored.forget_memory()  # pages stored by other tests under the thresholds
    try:
        _read_national_draft(page, live_server, report_world)
    finally:
        stored.forget_memory()


def _read_national_draft(page, live_server, w) -> None:
    from boligsosial.core.testing.browser import assert_focus_shown, assert_reflows, tab_to

    login(page, live_server.url, "evaluator")
    page.goto(live_server.url + reverse("evaluation_report:report", args=[w.report.pk]))
    page.wait_for_load_state("networkidle")
    assert page.locator("#kommunene").inner_text() == "Kommunene"
    assert_accessible(page)
    assert_reflows(page)
    state = tab_to(page, "5.1 Drammen", max_tabs=400)
    assert state["tag"] == "A"
    assert_focus_shown(page)
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "5.1 Drammen"
    assert_accessible(page)
    assert_reflows(page)
    page.get_by_role("link", name="Neste: 5.2 Skien").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "5.2 Skien"
