"""SSB fetches and large imports run as background jobs in the real worker.

The fetch goes to a real HTTP server on 127.0.0.1 that answers like PxWebApi v2 (the saved
07459 answer) after failing once: the fetch is safe to repeat, so the job tries again and
imports. A refused file import is not retried and saves nothing.
"""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

DATA = Path(__file__).parent / "data"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def ssb_server():
    """A PxWebApi stand-in over real HTTP: 503 on the first request, the table after."""
    yield from _serve((DATA / "ssb_07459_pxwebapi_v2.json").read_bytes(), fail_first=True)


@pytest.fixture
def kostra_server():
    """A PxWebApi stand-in over real HTTP answering the real saved KOSTRA 12134 answer."""
    yield from _serve((DATA / "ssb_12134_kostra_pxwebapi_v2.json").read_bytes(), fail_first=False)


def _serve(body: bytes, *, fail_first: bool):
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            if fail_first and len(requests) == 1:
                self.send_response(503)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/tables/{{table}}/data", requests
    server.shutdown()
    server.server_close()


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_an_ssb_fetch_runs_in_the_worker_and_is_tried_again_after_a_failure(
    world, client_for, settings, ssb_server, tmp_path
):
    from boligsosial.jobs.models import Job, JobState
    from boligsosial.municipalities.models import Population

    url, requests = ssb_server
    settings.TASKS = DATABASE_QUEUE
    settings.SSB_PXWEB_V2_URL = url
    settings.JOBS_RETRY_BACKOFF_SECONDS = 0
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    client = client_for(world.admin)
    response = client.post(
        reverse("instruments:ssb_fetch"),
        {"kind": "population", "table": "07459", "regions": "0602 0806", "years": "2010 2011"},
    )
    assert response.status_code == 302
    job = Job.objects.get()
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert job.state == JobState.QUEUED and not requests  # the request fetched nothing

    run_worker()

    job.refresh_from_db()
    assert job.state == JobState.DONE, (job.error, job.message)
    assert job.attempts == 2 and len(requests) == 2
    assert "valueCodes[Region]=0602,0806" in requests[0]
    assert Population.objects.get(code="0806", year=2010).value == 51912
    page = client.get(response.url).content.decode()
    assert "Importert: " in page and "Se importene" in page


def test_the_fetch_form_explains_bad_input_in_norwegian(world, client_for):
    response = client_for(world.admin).post(
        reverse("instruments:ssb_fetch"),
        {"kind": "population", "table": "7459", "regions": "Drammen", "years": "2011"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Skriv SSBs tabellnummer med fem sifre" in text
    assert "Skriv kommunenummer med fire sifre" in text


def test_a_refused_large_figures_file_is_not_retried_and_saves_nothing(
    world, client_for, settings, tmp_path, django_capture_on_commit_callbacks
):
    from boligsosial.instruments.models import ImportBatch
    from boligsosial.jobs.models import Job, JobState

    settings.BACKGROUND_IMPORT_MIN_BYTES = 0
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile(
        "tall.csv", "kommunenummer;år;virkemiddel;beløp;antall\n0602;2011;Ukjent;x;1\n".encode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.admin).post(
            reverse("instruments:import"), {"kind": "figures", "file": upload}
        )
    job = Job.objects.get()
    assert job.state == JobState.FAILED and job.attempts == 1
    assert job.result["problems"]
    page = client_for(world.admin).get(response.url).content.decode()
    assert "Ingenting er lagret" in page and job.result["problems"][0] in page
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_real_kostra_answer_fetched_in_the_worker_says_what_it_read_on_the_job_page(
    world, client_for, settings, kostra_server, tmp_path
):
    from boligsosial.instruments.models import ContextStatistic
    from boligsosial.jobs.models import Job, JobState

    url, requests = kostra_server
    settings.TASKS = DATABASE_QUEUE
    settings.SSB_PXWEB_V2_URL = url
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    client = client_for(world.admin)
    response = client.post(
        reverse("instruments:ssb_fetch"),
        {
            "kind": "statistics",
            "table": "12134",
            "region_dimension": "KOKkommuneregion0000",
            "regions": "0301 4601 5001",
            "years": "2024",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    run_worker()
    job = Job.objects.get()
    assert job.state == JobState.DONE, (job.error, job.message)
    assert "valueCodes[KOKkommuneregion0000]=0301,4601,5001" in requests[0]
    assert ContextStatistic.objects.get(table_id="12134", code="5001", year=2024).value == 62853
    page = client.get(response.url).content.decode()
    assert "Importert: 3 rader" in page and "3 verdier for 3 kommuner." in page
