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
