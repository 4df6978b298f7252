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


def test_implausible_figures_are_listed_grouped_and_drawn_once(report_world, client_for):
    """Issue 14: at national scale the builder listed about 18 000 flagged figures one by one
    and drew that list on every visit (seconds). It is drawn once under the draft's inputs
    fingerprint, grouped by what the figures measure, each group with its number."""
    from lxml import html as lxml_html

    from boligsosial.evaluation_report import stored
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
    client = client_for(w.evaluator)
    url = reverse("evaluation_report:report", args=[w.report.pk])
    page = lxml_html.fromstring(_visit(client, url)[0])
    groups = page.xpath("//details[contains(@class,'bs-implausible-group')]")
    assert groups, "no group of implausible figures"
    summary = groups[0].xpath("./summary")[0].text_content()
    assert summary.startswith("Startlån (kr): ") and summary.endswith(" tall"), summary
    listed = [li.text_content() for li in groups[0].xpath(".//li")]
    assert any(
        item.startswith(f"Startlån, {w.drammen_participation.municipality.name}, 2011 (kr)")
        for item in listed
    ), listed
    assert (
        "tall i alt, gruppert etter hva de måler"
        in page.xpath("//section[contains(@class,'bs-checks')]")[0].text_content()
    )

    # A second visit reads the drawn list: one query (the stored entry), no figure read.
    fingerprint = stored.inputs_fingerprint()
    with CaptureQueriesContext(connection) as captured:
        checks = stored.implausible_checks(w.report, fingerprint=fingerprint)
    assert len(captured.captured_queries) == 1, [q["sql"][:80] for q in captured]
    assert checks["count"] == len(stored.implausible_figures(w.report, fingerprint=fingerprint))
    assert 'data-testid="implausible-figures"' in checks["html"]
