"""A large CSV import runs as a background job: the request answers with the job page; the
job page shows what was imported, or the Norwegian refusals with nothing saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

HEADER = b"kommunenummer;periode;indikator;disaggregering;verdi\n"


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def _post(client, world, body, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("verdier.csv", HEADER + body)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reporting:csv_import", args=[world.programme.pk]), {"file": upload}
        )
    assert response.status_code == 302 and response.url.startswith("/jobber/")
    return client.get(response.url).content.decode()


def test_a_large_csv_file_is_imported_by_a_job_whose_page_shows_what_was_saved(
    client_for, world, period, settings, private_media, django_capture_on_commit_callbacks
):
    from boligsosial.reporting.models import Report

    settings.BACKGROUND_IMPORT_MIN_BYTES = 0  # every file counts as large here
    client = client_for(world.drammen_leader)
    page = _post(client, world, b"0602;2010S2;evictions;;3\n", django_capture_on_commit_callbacks)
    assert "Ferdig: Filen er importert" in page
    assert "1 verdier er lagret: 1 nye rapportutkast og 0 oppdaterte." in page
    assert "Se verdiene i programtabellen" in page
    assert Report.objects.filter(participation=world.drammen_participation).count() == 1
    # The upload waited in the private storage only while the job ran.
    assert not list((private_media / "jobs" / "uploads").iterdir())


def test_a_refused_background_import_lists_the_problems_and_saves_nothing(
    client_for, world, period, settings, private_media, django_capture_on_commit_callbacks
):
    from boligsosial.reporting.models import Report

    settings.BACKGROUND_IMPORT_MIN_BYTES = 0
    client = client_for(world.drammen_leader)
    page = _post(client, world, b"0602;2010S2;evictions;;x\n", django_capture_on_commit_callbacks)
    assert "Feilet" in page and "Ingenting er lagret" in page
    assert "Linje 2, kolonne «verdi»" in page
    assert not Report.objects.exists()


def test_a_small_file_is_still_imported_in_the_request(client_for, world, period):
    upload = SimpleUploadedFile("verdier.csv", HEADER + b"0602;2010S2;evictions;;3\n")
    response = client_for(world.drammen_leader).post(
        reverse("reporting:csv_import", args=[world.programme.pk]), {"file": upload}
    )
    assert response.status_code == 200 and "Filen er importert" in response.text
