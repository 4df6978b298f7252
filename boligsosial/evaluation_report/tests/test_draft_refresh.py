"""Above EVALUATION_DRAFT_INLINE_MAX_MUNICIPALITIES the draft is built by the real worker,
never inside the request: the page answers at once with the draft last built (saying that a
new one is being made) or, the first time, that it is being made (issue 17 item 3)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from boligsosial.evaluation_report.draft_refresh import HANDLER
from boligsosial.jobs.models import Job, JobState
from boligsosial.plans.models import Goal, GoalLevel

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
PENDING = "Utkastet beregnes nå i bakgrunnen"
REFRESHING = "Dataene er endret siden dette utkastet ble beregnet"


def _worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())


@pytest.fixture
def national(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.EVALUATION_DRAFT_INLINE_MAX_MUNICIPALITIES = 0  # every programme counts as large


def _first_visits_start_one_job(client, url: str, *, built_text: str) -> Job:
    """Before the first build the page says the draft is being made (without `built_text`)
    and links to the job; visiting again starts no second job."""
    first = client.get(url).content.decode()
    assert PENDING in first and built_text not in first
    job = Job.objects.get(handler=HANDLER)
    assert f'href="{reverse("jobs:detail", args=[job.pk])}"' in first
    client.get(url)
    assert Job.objects.filter(handler=HANDLER).count() == 1  # one job, not one per visit
    return job


def test_the_worker_builds_the_draft_and_the_page_shows_the_last_one_meanwhile(
    national, report_world, client_for
):
    w = report_world
    client = client_for(w.evaluator)
    url = reverse("evaluation_report:report", args=[w.report.pk])

    job = _first_visits_start_one_job(client, url, built_text="Et <strong>forord</strong>.")

    _worker()
    job.refresh_from_db()
    assert job.state == JobState.DONE
    built = client.get(url).content.decode()
    assert "Et <strong>forord</strong>." in built and REFRESHING not in built

    Goal.objects.create(
        participation=w.drammen_participation,
        level=GoalLevel.MAIN,
        title="Færre unge i midlertidig bolig",
    )
    meanwhile = client.get(url).content.decode()
    assert REFRESHING in meanwhile and "Et <strong>forord</strong>." in meanwhile
    assert "Færre unge i midlertidig bolig" not in meanwhile  # the last draft, as it was
    assert Job.objects.filter(handler=HANDLER, state=JobState.QUEUED).count() == 1

    _worker()
    after = client.get(url).content.decode()
    assert "Færre unge i midlertidig bolig" in after and REFRESHING not in after


def test_another_reader_is_told_without_a_link_to_a_job_they_cannot_open(
    national, report_world, client_for
):
    w = report_world
    url = reverse("evaluation_report:report", args=[w.report.pk])
    client_for(w.evaluator).get(url)
    job = Job.objects.get(handler=HANDLER)
    other = client_for(w.contact).get(url).content.decode()
    assert PENDING in other
    assert Job.objects.filter(handler=HANDLER).count() == 1
    assert reverse("jobs:detail", args=[job.pk]) not in other


def test_the_api_answers_202_then_the_findings_then_the_last_ones_marked_stale(
    national, report_world, client_for
):
    w = report_world
    client = client_for(w.evaluator)
    url = f"/api/v1/evaluation-reports/{w.report.pk}/findings"

    building = client.get(url)
    assert building.status_code == 202 and building["Retry-After"] == "30"
    job = Job.objects.get(handler=HANDLER)
    assert building.json() == {
        "detail": "Utkastet beregnes i bakgrunnen. Prøv igjen om litt.",
        "job": job.pk,
    }

    _worker()
    current = client.get(url)
    assert current.status_code == 200 and "X-Boligsosial-Draft" not in current
    findings = current.json()
    assert findings and all("figures" in f for f in findings.values())

    Goal.objects.create(
        participation=w.drammen_participation, level=GoalLevel.MAIN, title="Et nytt mål"
    )
    stale = client.get(url)
    assert stale.status_code == 200 and stale["X-Boligsosial-Draft"] == "stale"
    assert stale.json() == findings  # the last findings, until the worker has built new ones


@pytest.mark.browser
def test_the_pages_shown_while_the_worker_builds_pass_axe(
    national, report_world, page, live_server
):
    from boligsosial.core.testing.browser import assert_accessible, assert_reflows, login

    w = report_world
    login(page, live_server.url, w.evaluator.username)
    url = live_server.url + reverse("evaluation_report:report", args=[w.report.pk])
    page.goto(url)
    assert PENDING in page.content()
    assert_accessible(page)
    assert_reflows(page)
    _worker()
    Goal.objects.create(
        participation=w.drammen_participation, level=GoalLevel.MAIN, title="Et nytt mål"
    )
    page.goto(url)
    assert REFRESHING in page.content()
    assert_accessible(page)
    # The recommendations meanwhile: the last findings' proposals, without decision forms.
    page.goto(live_server.url + reverse("evaluation_report:recommendations", args=[w.report.pk]))
    assert RECOMMENDATIONS_REFRESHING in page.content()
    assert_accessible(page)
    assert_reflows(page)


def test_two_requests_at_once_start_one_building_job(national, report_world):
    """The second request comes while the first is between finding no job and recording
    its own (held there until the second has started one, or 2 s): one job, for both."""
    import threading

    from django.db import connection
    from django.db.models.signals import post_save
    from django_tasks_db.models import DBTaskResult

    from boligsosial.evaluation_report.draft_refresh import start_build

    w = report_world
    second_started = threading.Event()
    jobs: dict[str, Job] = {}

    first_job_made = threading.Event()

    def made(sender, **kwargs):  # the first's Job row exists (told, not polled for)
        if threading.current_thread().name == "first":
            first_job_made.set()

    def queued(sender, **kwargs):  # the first's job is queued, not yet recorded as building
        if threading.current_thread().name == "first":
            second_started.wait(timeout=2)
        else:
            second_started.set()

    def request(name: str) -> None:
        try:
            jobs[name] = start_build(w.report, language="nb", reader=w.evaluator)
        finally:
            connection.close()

    post_save.connect(queued, sender=DBTaskResult, dispatch_uid="two-at-once")
    post_save.connect(made, sender=Job, dispatch_uid="two-at-once-job")
    try:
        first = threading.Thread(target=request, args=("first",), name="first")
        first.start()
        # Polling the job table from here would collide with the first's write on SQLite's
        # shared in-memory test database ("table is locked"), depending on timing.
        first_job_made.wait(timeout=10)
        second = threading.Thread(target=request, args=("second",), name="second")
        second.start()
        first.join()
        second.join()
    finally:
        post_save.disconnect(dispatch_uid="two-at-once", sender=DBTaskResult)
        post_save.disconnect(dispatch_uid="two-at-once-job", sender=Job)
    assert Job.objects.filter(handler=HANDLER).count() == 1
    assert jobs["first"].pk == jobs["second"].pk


def test_a_finished_building_job_is_followed_by_one_new_one(national, report_world):
    from boligsosial.evaluation_report.draft_refresh import start_build

    w = report_world
    job = start_build(w.report, language="nb", reader=w.evaluator)
    assert start_build(w.report, language="nb", reader=w.evaluator) == job
    _worker()
    job.refresh_from_db()
    assert job.state == JobState.DONE
    new = start_build(w.report, language="nb", reader=w.evaluator)
    assert new != job and start_build(w.report, language="nb", reader=w.evaluator) == new
    assert Job.objects.filter(handler=HANDLER).count() == 2


RECOMMENDATIONS_REFRESHING = "Dataene er endret siden funnene nedenfor ble beregnet"
DECISION_REFUSED = "Dataene er endret siden funnene sist ble beregnet"


def test_the_recommendations_page_waits_for_the_worker_like_the_draft_page(
    national, report_world, client_for
):
    w = report_world
    client = client_for(w.evaluator)
    url = reverse("evaluation_report:recommendations", args=[w.report.pk])

    _first_visits_start_one_job(client, url, built_text='data-rule="steering_group"')

    _worker()
    built = client.get(url).content.decode()
    assert 'data-rule="steering_group"' in built and "Lagre vurderingen" in built
    assert RECOMMENDATIONS_REFRESHING not in built

    Goal.objects.create(
        participation=w.drammen_participation, level=GoalLevel.MAIN, title="Et nytt mål"
    )
    meanwhile = client.get(url).content.decode()
    assert RECOMMENDATIONS_REFRESHING in meanwhile
    assert 'data-rule="steering_group"' in meanwhile  # the last findings' proposals
    assert "Lagre vurderingen" not in meanwhile  # decided on the new findings only
    assert Job.objects.filter(handler=HANDLER, state=JobState.QUEUED).count() == 1


def test_a_decision_on_findings_being_rebuilt_is_refused_with_a_reason(
    national, report_world, client_for
):
    from boligsosial.evaluation_report.models import RecommendationDecision

    w = report_world
    client = client_for(w.evaluator)
    url = reverse("evaluation_report:recommendation_decide", args=[w.report.pk, "steering_group"])
    decision = {"decision": "accepted", "reason": "Styringsgruppe trengs."}

    refused = client.post(url, decision, follow=True).content.decode()
    assert DECISION_REFUSED in refused and "Vurderingen er ikke lagret" in refused
    assert not RecommendationDecision.objects.exists()
    assert Job.objects.filter(handler=HANDLER, state=JobState.QUEUED).count() == 1

    _worker()
    Goal.objects.create(
        participation=w.drammen_participation, level=GoalLevel.MAIN, title="Et nytt mål"
    )
    refused = client.post(url, decision, follow=True).content.decode()
    assert DECISION_REFUSED in refused  # the data changed after the last build
    assert not RecommendationDecision.objects.exists()

    _worker()
    saved = client.post(url, decision, follow=True).content.decode()
    assert "Vurderingen er lagret." in saved
    assert RecommendationDecision.objects.get().rule_code == "steering_group"


def test_the_api_refuses_a_decision_on_findings_being_rebuilt(national, report_world, client_for):
    w = report_world
    answer = client_for(w.evaluator).post(
        f"/api/v1/evaluation-reports/{w.report.pk}/recommendations/steering_group/decision",
        {"decision": "accepted", "reason": "Styringsgruppe trengs."},
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert DECISION_REFUSED in answer.json()["errors"]["rule_code"][0]
    assert Job.objects.filter(handler=HANDLER).count() == 1


def test_a_decision_does_not_make_the_next_one_wait_for_the_worker(
    national, report_world, client_for
):
    """A decision changes the draft (it shows the decisions) but not the findings."""
    from boligsosial.evaluation_report.models import RecommendationDecision

    w = report_world
    client = client_for(w.evaluator)
    client.get(reverse("evaluation_report:recommendations", args=[w.report.pk]))
    _worker()
    url = reverse("evaluation_report:recommendation_decide", args=[w.report.pk, "steering_group"])
    first = client.post(url, {"decision": "accepted", "reason": "Trengs."}, follow=True)
    assert "Vurderingen er lagret." in first.content.decode()
    page = first.content.decode()
    assert "Lagre vurderingen" in page and RECOMMENDATIONS_REFRESHING not in page
    second = client.post(url, {"decision": "rejected", "reason": "Likevel ikke."}, follow=True)
    assert "Vurderingen er lagret." in second.content.decode()
    assert RecommendationDecision.objects.count() == 2
