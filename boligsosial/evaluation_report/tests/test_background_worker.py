"""Report files are made by the background worker (django-tasks-db's db_worker), not in the request.

These tests use the real queue in the database and the real worker command: the request only
queues the job and answers at once; the file appears when a worker has run it; a job queued
while no worker runs waits in the database for the next worker.
"""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE


def run_worker() -> str:
    out = io.StringIO()
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=out, stderr=out
    )
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_report_file_request_answers_at_once_and_the_worker_makes_the_file(
    database_queue, report_world, client_for
):
    from django_tasks_db.models import DBTaskResult

    from boligsosial.evaluation_report.models import GenerationJob
    from boligsosial.jobs.models import JobState

    w = report_world
    client = client_for(w.evaluator)
    response = client.post(
        reverse("evaluation_report:generate", args=[w.report.pk]),
        {"format": "html", "language": "nb"},
    )
    job = GenerationJob.objects.select_related("job").get()
    assert response.status_code == 302
    assert response.url == reverse("jobs:detail", args=[job.job_id])
    # Queued, not made: the request did no generation.
    assert job.job.state == JobState.QUEUED
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    page = client.get(response.url).content.decode()
    assert "I kø" in page and "Avbryt jobben" in page and not job.stored_name

    run_worker()

    job.job.refresh_from_db()
    job.refresh_from_db()
    assert job.job.state == JobState.DONE, job.job.error
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    page = client.get(response.url).content.decode()
    assert "Ferdig: Filen er klar" in page and "Last ned HTML" in page
    download = client.get(reverse("evaluation_report:job_download", args=[job.pk]))
    assert download.status_code == 200
    assert b"Rapport 2011" in b"".join(download.streaming_content)


@pytest.mark.django_db(transaction=True)
def test_jobs_queued_while_no_worker_runs_wait_for_the_next_worker(
    database_queue, report_world, client_for
):
    from boligsosial.jobs.models import Job, JobState

    w = report_world
    client = client_for(w.evaluator)
    for fmt in ("html", "html"):
        client.post(
            reverse("evaluation_report:generate", args=[w.report.pk]),
            {"format": fmt, "language": "nb"},
        )
    assert set(Job.objects.values_list("state", flat=True)) == {JobState.QUEUED}
    # A worker that stops after one job (as at a restart) leaves the other queued …
    call_command(
        "db_worker", "--max-tasks", "1", "--no-startup-delay", "--no-reload", stdout=io.StringIO()
    )
    statuses = sorted(Job.objects.values_list("state", flat=True))
    assert statuses == sorted([JobState.DONE, JobState.QUEUED])
    # … and the next worker runs it.
    run_worker()
    assert set(Job.objects.values_list("state", flat=True)) == {JobState.DONE}


def _queue_generation(client, w, fmt="html"):
    from boligsosial.evaluation_report.models import GenerationJob

    response = client.post(
        reverse("evaluation_report:generate", args=[w.report.pk]),
        {"format": fmt, "language": "nb"},
    )
    return GenerationJob.objects.select_related("job").get(job_id=response.url.split("/")[-2])


@pytest.mark.django_db(transaction=True)
def test_a_job_cancelled_while_queued_never_runs(database_queue, report_world, client_for):
    from boligsosial.jobs.models import JobState

    w = report_world
    client = client_for(w.evaluator)
    generation = _queue_generation(client, w)
    response = client.post(reverse("jobs:cancel", args=[generation.job_id]), follow=True)
    assert "Avbrutt" in response.content.decode()
    assert "Jobben ble avbrutt. Ingenting fra den er lagret." in response.content.decode()
    run_worker()
    generation.job.refresh_from_db()
    generation.refresh_from_db()
    assert generation.job.state == JobState.CANCELLED and not generation.stored_name


def test_a_running_job_that_is_cancelled_stops_at_its_next_step_and_saves_no_file(
    report_world, client_for, private_media, settings
):
    from boligsosial.evaluation_report.tasks import generate_report_file
    from boligsosial.jobs.models import JobState
    from boligsosial.jobs.runner import JobCancelled, JobRun

    settings.TASKS = DATABASE_QUEUE  # queued, not run, so it can be caught mid-run
    w = report_world
    client = client_for(w.evaluator)
    generation = _queue_generation(client, w, "pdf")
    job = generation.job
    type(job).objects.filter(pk=job.pk).update(state=JobState.RUNNING)
    run = JobRun(job)
    run.step("Første steg")  # a step before the cancel goes through
    client.post(reverse("jobs:cancel", args=[job.pk]))
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Avbryter …" in page
    with pytest.raises(JobCancelled):
        generate_report_file(run)
    generation.refresh_from_db()
    assert not generation.stored_name
    assert not (private_media / "evaluation_report").exists()


WORKER_ENV_KEYS = ("NAME", "USER", "PASSWORD", "HOST", "PORT")


class SharedDatabase:
    """The test database as worker processes reach it. PostgreSQL: the test database itself.
    SQLite (in memory in tests): copied to a file for the workers (sqlite3's backup API) and
    copied back before the test reads the outcome."""

    def __init__(self, tmp_path):
        from django.db import connection

        self.connection = connection
        self.file = tmp_path / "shared.sqlite3"
        if connection.vendor == "postgresql":
            db = connection.settings_dict
            self.url = "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(
                **{k: db[k] or "" for k in WORKER_ENV_KEYS}
            )
        else:
            self.url = f"sqlite:///{self.file}"

    @property
    def is_sqlite(self) -> bool:
        return self.connection.vendor == "sqlite"

    def hand_over(self) -> None:
        if self.is_sqlite:
            import sqlite3

            self.connection.ensure_connection()
            with sqlite3.connect(self.file) as target:
                self.connection.connection.backup(target)

    def take_back(self) -> None:
        if self.is_sqlite:
            import sqlite3

            with sqlite3.connect(self.file) as source:
                source.backup(self.connection.connection)

    def count_running_with_progress(self) -> int:
        if self.is_sqlite:
            import sqlite3

            with sqlite3.connect(self.file, timeout=30) as db:
                row = db.execute(
                    "SELECT count(*) FROM jobs_job WHERE state = 'running' AND done_steps >= 1"
                ).fetchone()
            return row[0]
        from boligsosial.jobs.models import Job, JobState

        return Job.objects.filter(state=JobState.RUNNING, done_steps__gte=1).count()


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_worker_is_killed_is_completed_by_the_next_worker(
    database_queue, report_world, client_for, private_media, tmp_path
):
    """Real worker processes on the test database: the first is killed (SIGKILL) while it
    works the queue; `recover_jobs` queues the cut-off job again and a new worker finishes
    every job."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from boligsosial.jobs.models import Job, JobState

    shared = SharedDatabase(tmp_path)
    root = Path(__file__).resolve().parents[3]
    env = {
        **os.environ,
        "DATABASE_URL": shared.url,
        "BOLIGSOSIAL_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "BOLIGSOSIAL_PRIVATE_MEDIA": str(private_media),
        "PYTHONPATH": str(root),
    }
    python = [sys.executable, "-m", "boligsosial"]
    w = report_world
    client = client_for(w.evaluator)
    generations = [_queue_generation(client, w, fmt) for fmt in ("pdf", "docx", "html")]
    shared.hand_over()
    worker = subprocess.Popen(
        [*python, "db_worker", "--no-startup-delay", "--interval", "0.1", "--no-reload"],
        env=env,
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not shared.count_running_with_progress():
            assert time.monotonic() < deadline, "the worker never started a job"
            time.sleep(0.02)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    assert shared.count_running_with_progress() == 1  # killed mid-job

    subprocess.run([*python, "recover_jobs", "--stale-after", "0"], env=env, cwd=root, check=True)
    subprocess.run(
        [*python, "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        env=env,
        cwd=root,
        check=True,
        timeout=300,
    )
    shared.take_back()
    assert set(Job.objects.values_list("state", flat=True)) == {JobState.DONE}
    for generation in generations:
        generation.refresh_from_db()
        assert (private_media / generation.stored_name).is_file()
