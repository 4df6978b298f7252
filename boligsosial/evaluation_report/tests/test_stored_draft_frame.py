"""The draft page is drawn once per reader while nothing it shows has changed (issue 14):
what differs per request — the CSRF token, the reader's files and their progress, messages —
is still the request's own."""

import re

from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boligsosial.evaluation_report import services
from boligsosial.jobs.models import Job, JobState


def _page(client, report) -> tuple[str, int]:
    url = reverse("evaluation_report:report", args=[report.pk])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(captured.captured_queries)


def _tokens(page: str) -> list[str]:
    """The page's CSRF tokens: every form's and htmx's header."""
    fields = re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', page)
    return fields + re.findall(r'"X-CSRFToken": "([^"]*)"', page)


def test_a_stored_page_carries_the_requests_own_token_and_its_forms_work(report_world):
    w = report_world
    client = Client(enforce_csrf_checks=True)
    client.force_login(w.evaluator)
    first, drawn = _page(client, w.report)
    again, stored = _page(client, w.report)
    assert stored < drawn, (stored, drawn)
    tokens = _tokens(again)
    assert len(tokens) >= 3 and len(set(tokens)) == 1 and "bsStored" not in again
    assert tokens[0] not in _tokens(first)  # masked afresh for each response
    # A form on the stored page is accepted with its token (a placeholder would be refused).
    version = w.report.narratives.get(key="foreword").version
    response = client.post(
        reverse("evaluation_report:narrative_edit", args=[w.report.pk, "foreword"]),
        {
            "markdown": "Et forord skrevet fra lagret side.",
            "version": str(version),
            "csrfmiddlewaretoken": tokens[0],
        },
    )
    assert response.status_code == 302
    assert "Et forord skrevet fra lagret side." in _page(client, w.report)[0]


def test_each_reader_gets_the_page_their_role_allows(report_world, client_for):
    w = report_world
    in_team = client_for(w.evaluator)
    outside = client_for(w.outside_evaluator)
    assert "Publiser ny versjon" in _page(in_team, w.report)[0]
    # The team member's stored page never reaches an evaluator outside the team.
    page = _page(outside, w.report)[0]
    assert "Publiser ny versjon" not in page
    assert str(w.outside_evaluator) in page  # the header names the reader
    assert "Publiser ny versjon" in _page(in_team, w.report)[0]


def test_a_new_version_and_the_readers_files_show_at_once(report_world, client_for):
    w = report_world
    client = client_for(w.evaluator)
    page = _page(client, w.report)[0]
    assert "Publisert versjon 2" not in page and "Dine siste filer" not in page
    services.report_publish(user=w.evaluator, report=w.report, note="Andre versjon")
    made = services.job_create(user=w.evaluator, report=w.report, fmt="pdf")
    page = _page(client, w.report)[0]
    assert "Publisert versjon 2" in page
    assert "Dine siste filer" in page and "PDF (i kø)" in page
    # The job's progress is written by the worker, outside the change log: still shown.
    Job.objects.filter(pk=made.job_id).update(state=JobState.DONE)
    page = _page(client, w.report)[0]
    assert "PDF (ferdig)" in page and "PDF (i kø)" not in page
    # Another reader's files are their own.
    assert "Dine siste filer" not in _page(client_for(w.outside_evaluator), w.report)[0]


def test_a_message_is_shown_once_and_never_stored(report_world, client_for):
    w = report_world
    client = client_for(w.evaluator)
    _page(client, w.report)  # the page is stored for this reader
    url = reverse("evaluation_report:report", args=[w.report.pk])
    response = client.post(
        reverse("evaluation_report:report_edit", args=[w.report.pk]),
        {
            "title": "Rapport 2011, revidert",
            "subtitle": "",
            "as_of": "01.12.2011",
            "language": "nb",
            "version": str(w.report.version),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    shown = client.get(url)
    told = [str(m) for m in get_messages(shown.wsgi_request)]
    assert told and told[0] in shown.content.decode()
    page = _page(client, w.report)[0]
    assert "Rapport 2011, revidert" in page and told[0] not in page
