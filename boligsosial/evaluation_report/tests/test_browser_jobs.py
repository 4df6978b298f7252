"""The job page in a browser with the real worker: it shows at once, updates itself while the
worker runs (htmx polling, status read out through an aria-live region), offers the file when
done, is axe-clean, and the job is found again under «Mine jobber» after leaving."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from boligsosial.core.testing.browser import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker() -> None:
    # In the main thread (the worker sets signal handlers); the browser keeps polling the
    # live server meanwhile.
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())


def test_the_job_page_shows_at_once_updates_itself_and_is_found_again(
    page, live_server, report_world, settings
):
    settings.TASKS = DATABASE_QUEUE
    w = report_world
    login(page, live_server.url, "evaluator")
    page.goto(live_server.url + reverse("evaluation_report:report", args=[w.report.pk]))
    page.locator("form.bs-generate").get_by_label("PDF").check()
    page.locator("form.bs-generate").get_by_role("button", name="Lag fil").click()
    page.wait_for_load_state("networkidle")

    # At once: the job page, queued, with Cancel and a live status.
    status = page.get_by_role("status")
    assert status.inner_text().startswith("I kø")
    assert status.get_attribute("aria-live") == "polite"
    assert page.get_by_role("button", name="Avbryt jobben").is_visible()
    assert_accessible(page)
    job_url = page.url

    # Leave and come back through «Mine jobber».
    page.goto(live_server.url + reverse("jobs:list"))
    assert_accessible(page)
    page.get_by_role("link", name="Lager PDF").click()
    page.wait_for_load_state("networkidle")
    assert page.url == job_url

    # The worker runs; the page updates itself (no reload) until the file is offered.
    marker = page.evaluate("() => (window.__notReloaded = true)")
    run_worker()
    page.get_by_role("link", name="Last ned PDF").wait_for(timeout=30_000)
    assert page.evaluate("() => window.__notReloaded") is marker
    assert page.get_by_role("status").inner_text() == "Ferdig: Filen er klar"
    assert page.locator("progress").get_attribute("value") == "100"
    assert page.get_by_role("button", name="Avbryt jobben").count() == 0
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
