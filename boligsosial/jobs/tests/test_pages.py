"""The job pages: my jobs only, a job's progress fragment (htmx stops polling when it is
finished), the refresh fallback without JavaScript, and Cancel."""

from django.urls import reverse

from boligsosial.jobs.models import Job, JobState


def _job(user, **fields) -> Job:
    return Job.objects.create(
        title=fields.pop("title", "Lager PDF"),
        handler="boligsosial.evaluation_report.tasks.generate_report_file",
        started_by=user,
        **fields,
    )


def test_my_jobs_lists_only_my_own_and_administrators_see_everyones(world, client_for):
    _job(world.evaluator, title="Evaluatorens jobb", target_label="Rapport 2011")
    _job(world.contact, title="Kontaktens jobb")
    mine = client_for(world.evaluator).get(reverse("jobs:list")).content.decode()
    assert "Evaluatorens jobb" in mine and "Rapport 2011" in mine
    assert "Kontaktens jobb" not in mine
    admin = client_for(world.admin).get(reverse("jobs:list")).content.decode()
    assert "Evaluatorens jobb" in admin and "Kontaktens jobb" in admin
    nobody = client_for(world.viewer).get(reverse("jobs:list")).content.decode()
    assert "Du har ingen jobber." in nobody


def test_the_progress_fragment_polls_while_running_and_stops_when_finished(world, client_for):
    job = _job(world.evaluator, state=JobState.RUNNING, done_steps=3, total_steps=12)
    client = client_for(world.evaluator)
    url = reverse("jobs:detail", args=[job.pk])
    running = client.get(url, HTTP_HX_REQUEST="true")
    assert running.status_code == 200
    assert "3 av 12 steg" in running.content.decode()
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'http-equiv="refresh"' in page  # no-JS fallback
    Job.objects.filter(pk=job.pk).update(state=JobState.DONE, message="Filen er klar")
    done = client.get(url, HTTP_HX_REQUEST="true")
    assert done.status_code == 286  # htmx stops polling
    assert "Ferdig: Filen er klar" in done.content.decode()
    page = client.get(url).content.decode()
    assert "hx-trigger" not in page and "http-equiv" not in page


def test_someone_else_cannot_see_or_cancel_a_job(world, client_for):
    job = _job(world.evaluator)
    other = client_for(world.contact)
    assert other.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert other.post(reverse("jobs:cancel", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.state == JobState.QUEUED and not job.cancel_requested


def test_cancel_on_a_running_job_asks_it_to_stop_at_its_next_step(world, client_for):
    from boligsosial.audit.models import AuditEntry

    job = _job(world.evaluator, state=JobState.RUNNING)
    client = client_for(world.evaluator)
    response = client.post(reverse("jobs:cancel", args=[job.pk]), follow=True)
    job.refresh_from_db()
    assert job.cancel_requested and job.state == JobState.RUNNING
    assert "Avbryter …" in response.content.decode()
    assert AuditEntry.objects.filter(target_id=str(job.pk)).exists()
