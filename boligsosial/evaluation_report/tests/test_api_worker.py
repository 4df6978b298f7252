"""The API's recommendations and findings at national scale follow the draft page's rule:
above EVALUATION_DRAFT_INLINE_MAX_MUNICIPALITIES they are served from the last build (marked
stale while a new one is built by the worker), never computed in the request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boligsosial.evaluation_report import stored
from boligsosial.evaluation_report.draft_refresh import HANDLER
from boligsosial.jobs.models import Job
from boligsosial.plans.models import Goal, GoalLevel

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
BUILDING = {"detail": "Utkastet beregnes i bakgrunnen. Prøv igjen om litt."}


@pytest.fixture
def national(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.EVALUATION_DRAFT_INLINE_MAX_MUNICIPALITIES = 0  # every programme counts as large


def _recommendations(w) -> str:
    return f"/api/v1/evaluation-reports/{w.report.pk}/recommendations"


def _findings(w) -> str:
    return f"/api/v1/evaluation-reports/{w.report.pk}/findings"


def _write(w, title: str) -> None:
    Goal.objects.create(participation=w.drammen_participation, level=GoalLevel.MAIN, title=title)


def _grow(w, count: int) -> None:
    from boligsosial.programmes.tests.factories import ParticipationFactory

    for _n in range(count):
        ParticipationFactory(programme=w.programme)


def _get(client, url: str):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, len(captured.captured_queries)


def test_below_the_threshold_the_recommendations_are_current_without_a_job(
    settings, report_world, client_for
):
    settings.EVALUATION_DRAFT_INLINE_MAX_MUNICIPALITIES = 100
    w = report_world
    client = client_for(w.evaluator)
    answer = client.get(_recommendations(w))
    assert answer.status_code == 200 and "X-Boligsosial-Draft" not in answer
    assert "steering_group" in [row["rule"] for row in answer.json()]
    _write(w, "Et nytt mål")
    again = client.get(_recommendations(w))
    assert again.status_code == 200 and "X-Boligsosial-Draft" not in again
    assert not Job.objects.filter(handler=HANDLER).exists()


def test_above_the_threshold_the_recommendations_come_from_the_last_build(
    national, report_world, client_for
):
    w = report_world
    client = client_for(w.evaluator)

    building = client.get(_recommendations(w))
    assert building.status_code == 202 and building["Retry-After"] == "30"
    job = Job.objects.get(handler=HANDLER)
    assert building.json() == {**BUILDING, "job": job.pk}
    # Not built in the request: the worker builds it.
    assert stored.latest_document(w.report, language=w.report.language) is None

    stored.draft_document(w.report)  # what the worker does
    current = client.get(_recommendations(w))
    assert current.status_code == 200 and "X-Boligsosial-Draft" not in current
    rules = current.json()
    assert "steering_group" in [row["rule"] for row in rules]

    _write(w, "Et nytt mål")
    stale = client.get(_recommendations(w))
    assert stale.status_code == 200 and stale["X-Boligsosial-Draft"] == "stale"
    assert stale["Retry-After"] == "30"
    assert stale.json() == rules  # the last build's proposals
    assert Job.objects.filter(handler=HANDLER).count() == 1


def test_a_decision_alone_leaves_the_recommendations_current(national, report_world, client_for):
    """A decision changes the draft but not its findings: the list says so, not stale."""
    from boligsosial.evaluation_report import services

    w = report_world
    client = client_for(w.evaluator)
    client.get(_recommendations(w))
    from boligsosial.evaluation_report import draft_refresh

    # What the worker records: the draft and the fingerprint of its findings' inputs.
    draft_refresh.build_draft(_Run(w))
    services.recommendation_decide(
        user=w.evaluator,
        report=w.report,
        rule_code="steering_group",
        decision="accepted",
        reason="Trengs.",
    )
    answer = client.get(_recommendations(w))
    assert answer.status_code == 200 and "X-Boligsosial-Draft" not in answer
    row = next(r for r in answer.json() if r["rule"] == "steering_group")
    assert row["decision"] == "accepted" and row["reason"] == "Trengs."


class _Run:
    """The worker's job run, as draft_refresh.build_draft reads it."""

    def __init__(self, w):
        self.params = {
            "report": w.report.pk,
            "language": w.report.language,
            "reader": w.evaluator.pk,
        }

    def step(self, _label) -> None:
        pass


def test_the_recommendations_cost_the_same_queries_at_two_sizes(national, report_world, client_for):
    w = report_world
    client = client_for(w.evaluator)
    counts = []
    for grow in (0, 12):
        _grow(w, grow)
        stored.draft_document(w.report)
        client.get(_recommendations(w))
        current, fresh = _get(client, _recommendations(w))
        assert current.status_code == 200 and "X-Boligsosial-Draft" not in current
        _write(w, f"Mål {grow}")
        client.get(_recommendations(w))
        stale, old = _get(client, _recommendations(w))
        assert stale["X-Boligsosial-Draft"] == "stale"
        counts.append((fresh, old))
    assert counts[0] == counts[1]


def test_the_stale_findings_are_the_last_build_s_stored_text(national, report_world, client_for):
    """The stale path writes the stored JSON text as the fresh one does (no validation of
    the old findings), in the same number of queries at two sizes."""
    w = report_world
    client = client_for(w.evaluator)
    assert client.get(_findings(w)).status_code == 202
    counts = []
    for grow in (0, 12):
        _grow(w, grow)
        stored.draft_document(w.report)
        current = client.get(_findings(w))
        assert current.status_code == 200 and "X-Boligsosial-Draft" not in current
        _write(w, f"Mål {grow}")
        client.get(_findings(w))
        stale, queries = _get(client, _findings(w))
        assert stale.status_code == 200 and stale["X-Boligsosial-Draft"] == "stale"
        assert stale["Retry-After"] == "30"
        assert stale.content == current.content  # byte for byte the last build's text
        counts.append(queries)
    assert counts[0] == counts[1]
    assert Job.objects.filter(handler=HANDLER).count() == 1


def test_the_stored_recommendations_show_a_decision_and_a_bulk_change_at_once(
    settings, report_world, client_for
):
    """Below the threshold the list is drawn once per draft; a decision through the service
    and a change outside it (a bulk update) both show on the next request."""
    from boligsosial.evaluation_report import services
    from boligsosial.evaluation_report.models import RecommendationDecision

    settings.EVALUATION_DRAFT_INLINE_MAX_MUNICIPALITIES = 100
    w = report_world
    client = client_for(w.evaluator)

    def steering() -> dict:
        answer = client.get(_recommendations(w))
        assert answer.status_code == 200
        return next(r for r in answer.json() if r["rule"] == "steering_group")

    assert steering()["decision"] is None
    assert steering()["decision"] is None  # stored now
    services.recommendation_decide(
        user=w.evaluator,
        report=w.report,
        rule_code="steering_group",
        decision="accepted",
        reason="Trengs.",
    )
    assert steering()["reason"] == "Trengs."
    RecommendationDecision.objects.update(reason="Endret i bulk.")
    assert steering()["reason"] == "Endret i bulk."
    assert client_for(w.outsider).get(_recommendations(w)).status_code == 404
