import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse
from django.utils import timezone

QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _ask(client, method: str = "get", **params):
    """The view is async; the test client runs it through async_to_sync, which refuses a
    thread that already has an event loop (Playwright's, when browser tests ran first in
    this process). A thread of its own has none."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(getattr(client, method), reverse("health"), params).result()


@pytest.mark.django_db(transaction=True)
def test_health_answers_ok_for_database_cache_files_and_queue(client, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.TASKS = QUEUE
    response = _ask(client)
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 4 and set(body.values()) == {"OK"}
    assert "no-cache" in response["Cache-Control"]  # no log-in needed, never cached
    assert _ask(client, "post").status_code == 405


@pytest.mark.django_db(transaction=True)  # the checks read from their own threads
def test_health_fails_when_no_worker_has_taken_a_waiting_task(client, settings, tmp_path):
    from django_tasks_db.models import DBTaskResult

    from boligsosial.jobs.runner import run_job

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.TASKS = QUEUE
    run_job.enqueue(0)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=30))
    response = _ask(client)
    assert response.status_code == 503
    assert any("is a worker running" in v for v in response.json().values())


@pytest.mark.django_db(transaction=True)
def test_health_fails_when_private_files_cannot_be_written(client, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.PRIVATE_MEDIA_ROOT = blocker / "private"
    response = _ask(client, format="text")
    assert response.status_code == 503
    assert "private files not writable" in response.content.decode()
