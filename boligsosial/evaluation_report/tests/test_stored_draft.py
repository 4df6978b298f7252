"""The draft report page reads a stored computation; any change to what it is built from
makes the next visit build it again (issue 14 item 3, issue 17 item 3)."""

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boligsosial.followup.models import Meeting, MeetingKind
from boligsosial.plans.models import Goal, GoalLevel


def _visit(client, url) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(captured.captured_queries)


def _without_tokens(page: str) -> str:
    return re.sub(r"[A-Za-z0-9]{64}", "", page)  # CSRF tokens differ per response


def test_a_repeat_visit_reads_the_stored_draft(report_world, client_for):
    w = report_world
    client = client_for(w.evaluator)
    url = reverse("evaluation_report:report", args=[w.report.pk])
    first, built = _visit(client, url)
    again, stored = _visit(client, url)
    assert "Et <strong>forord</strong>." in again
    assert _without_tokens(again) == _without_tokens(first)
    assert stored < built / 3, (stored, built)


def test_changes_to_the_inputs_are_shown_on_the_next_visit(report_world, client_for):
    w = report_world
    client = client_for(w.evaluator)
    url = reverse("evaluation_report:report", args=[w.report.pk])
    assert "Færre unge i midlertidig bolig" not in _visit(client, url)[0]
    # A goal saved outside any service (the fingerprint sees the new row) …
    goal = Goal.objects.create(
        participation=w.drammen_participation,
        level=GoalLevel.MAIN,
        title="Færre unge i midlertidig bolig",
    )
    assert "Færre unge i midlertidig bolig" in _visit(client, url)[0]
    # … renamed (its updated_at) …
    goal.title = "Ingen unge i midlertidig bolig"
    goal.save()
    page = _visit(client, url)[0]
    assert "Ingen unge i midlertidig bolig" in page and "Færre unge" not in page
    # … and removed (the row count).
    goal.delete()
    assert "Ingen unge i midlertidig bolig" not in _visit(client, url)[0]
    # A narrative edited through the page.
    edit = reverse("evaluation_report:narrative_edit", args=[w.report.pk, "foreword"])
    version = w.report.narratives.get(key="foreword").version
    response = client.post(edit, {"markdown": "Et nytt forord.", "version": str(version)})
    assert response.status_code == 302
    assert "Et nytt forord." in _visit(client, url)[0]


def test_an_annual_meeting_changes_the_stored_findings(report_world, client_for):
    w = report_world
    client = client_for(w.evaluator)
    api = f"/api/v1/evaluation-reports/{w.report.pk}/findings"
    before = client.get(api)
    assert before.status_code == 200
    held = before.json()["annual_meetings"]["figures"]["held"]["value"]
    Meeting.objects.create(
        participation=w.drammen_participation, kind=MeetingKind.ANNUAL, date=dt.date(2011, 6, 1)
    )
    after = client.get(api).json()["annual_meetings"]["figures"]["held"]["value"]
    assert after == held + 1


def _start_loans_2011(w, amount=282_915_100):
    from boligsosial.instruments.models import Instrument, InstrumentFigure

    code = w.drammen_participation.municipality.code
    for year in range(2000, 2012):
        InstrumentFigure.objects.update_or_create(
            instrument=Instrument.START_LOAN,
            code=code,
            year=year,
            defaults={
                "amount": amount if year == 2011 else 80_000_000 + year * 10_000,
                "count": 79,
            },
        )


def _group_list(client, report, number: int, *, htmx: bool = True):
    url = reverse("evaluation_report:implausible_figures", args=[report.pk])
    headers = {"HX-Request": "true"} if htmx else {}
    return client.get(f"{url}?gruppe={number}", headers=headers)


def test_implausible_figures_are_summarised_by_group_and_loaded_when_opened(
    report_world, client_for
):
    """Issue 14: at national scale the builder listed about 18 000 flagged figures (4,5 MB)
    on the draft page. The page shows each group with its number; the group's figures load
    when it is opened (htmx), or on their own page (a plain link without JavaScript)."""
    from lxml import html as lxml_html

    w = report_world
    _start_loans_2011(w)
    client = client_for(w.evaluator)
    url = reverse("evaluation_report:report", args=[w.report.pk])
    body = _visit(client, url)[0]
    page = lxml_html.fromstring(body)
    groups = page.xpath("//details[contains(@class,'bs-implausible-group')]")
    assert groups, "no group of implausible figures"
    summary = groups[0].xpath("./summary")[0].text_content()
    assert summary.startswith("Startlån (kr): ") and summary.endswith(" tall"), summary
    assert "tall i alt, gruppert etter hva de måler" in (
        page.xpath("//section[contains(@class,'bs-checks')]")[0].text_content()
    )
    # The figures themselves are not in the page, only the way to them.
    assert 'data-testid="implausible-figures"' not in body
    fallback = groups[0].xpath(".//a")[0].get("href")
    assert groups[0].get("hx-get") == fallback
    number = int(groups[0].get("data-group"))

    fragment = _group_list(client, w.report, number)
    assert fragment.status_code == 200
    listed = [
        li.text_content() for li in lxml_html.fromstring(fragment.content.decode()).xpath("//ul/li")
    ]
    name = w.drammen_participation.municipality.name
    assert any(item.startswith(f"Startlån, {name}, 2011 (kr)") for item in listed), listed
    assert b"<html" not in fragment.content  # a fragment for the <details>, not a page
    full = client.get(fallback)
    assert full.status_code == 200 and f"Startlån, {name}, 2011 (kr)" in full.content.decode()
    assert b"<html" in full.content


def test_only_the_drafts_readers_open_the_implausible_figures(report_world, client_for):
    w = report_world
    _start_loans_2011(w)
    assert _group_list(client_for(w.evaluator), w.report, 1).status_code == 200
    # A municipal reader never sees the draft (nor its checks); an outsider gets 404 too.
    for user in (w.drammen_leader, w.outsider, w.viewer):
        assert _group_list(client_for(user), w.report, 1).status_code == 404
        assert _group_list(client_for(user), w.report, 1, htmx=False).status_code == 404
    assert _group_list(client_for(w.evaluator), w.report, 99).status_code == 404


def test_a_corrected_figure_leaves_the_list_on_the_next_request(report_world, client_for):
    from boligsosial.instruments.models import InstrumentFigure

    w = report_world
    _start_loans_2011(w)
    client = client_for(w.evaluator)
    flagged = f"Startlån, {w.drammen_participation.municipality.name}, 2011 (kr)"
    assert flagged in _group_list(client, w.report, 1).content.decode()
    # Corrected outside any service (a bulk update): the change log sees it.
    InstrumentFigure.objects.filter(code=w.drammen_participation.municipality.code).update(
        amount=80_000_000
    )
    assert flagged not in _group_list(client, w.report, 1).content.decode()


def test_opening_a_group_costs_the_same_queries_at_two_sizes(report_world, client_for):
    """A stored group is read in a constant number of queries, whatever it holds."""
    from boligsosial.instruments.models import Instrument, InstrumentFigure

    w = report_world
    _start_loans_2011(w)
    client = client_for(w.evaluator)
    _group_list(client, w.report, 1)
    with CaptureQueriesContext(connection) as small:
        _group_list(client, w.report, 1)
    code = w.skien_participation.municipality.code
    for year in range(2000, 2012):
        InstrumentFigure.objects.create(
            instrument=Instrument.START_LOAN,
            code=code,
            year=year,
            amount=990_000_000 if year == 2011 else 50_000_000 + year,
            count=60,
        )
    _group_list(client, w.report, 1)
    with CaptureQueriesContext(connection) as large:
        response = _group_list(client, w.report, 1)
    assert response.content.decode().count("<li>") > 1
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_evidence_list_is_a_page_of_its_own_linked_from_every_figure(report_world, client_for):
    """Issue 14: appendix 4 (a megabyte at national scale) is not in the draft page; each
    figure links to its line on the evidence page, which holds the whole list."""
    from lxml import html as lxml_html

    w = report_world
    client = client_for(w.evaluator)
    body = _visit(client, reverse("evaluation_report:report", args=[w.report.pk]))[0]
    evidence_url = reverse("evaluation_report:evidence", args=[w.report.pk])
    assert 'class="ds-list bs-evidence"' not in body
    page = lxml_html.fromstring(body)
    figure_links = [a.get("href") for a in page.xpath("//a[@class='bs-evidence-link']")]
    assert figure_links and all(h.startswith(evidence_url + "#ev-") for h in figure_links)
    assert page.xpath(f"//a[@href='{evidence_url}']"), "no link to the evidence page"

    evidence = lxml_html.fromstring(_visit(client, evidence_url)[0])
    anchors = {e.get("id") for e in evidence.xpath("//*[@id]")}
    assert {h.split("#", 1)[1] for h in figure_links} <= anchors
    # A published version keeps its evidence list inline.
    version = client.get(reverse("evaluation_report:version", args=[w.report.pk, 1]))
    assert 'class="ds-list bs-evidence"' in version.content.decode()


def test_only_the_drafts_readers_open_the_evidence_page(report_world, client_for):
    w = report_world
    url = reverse("evaluation_report:evidence", args=[w.report.pk])
    assert client_for(w.evaluator).get(url).status_code == 200
    for user in (w.drammen_leader, w.outsider, w.viewer):
        assert client_for(user).get(url).status_code == 404


def test_the_evidence_page_shows_a_new_meeting_at_once(report_world, client_for):
    w = report_world
    client = client_for(w.evaluator)
    url = reverse("evaluation_report:evidence", args=[w.report.pk])
    before = _visit(client, url)[0]
    Meeting.objects.bulk_create(  # a bulk path: no signal, the change log sees it
        [
            Meeting(
                participation=w.drammen_participation,
                kind=MeetingKind.ANNUAL,
                date=dt.date(2011, 6, 1),
            )
        ]
    )
    assert _without_tokens(_visit(client, url)[0]) != _without_tokens(before)
