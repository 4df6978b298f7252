"""/helse/: database and disk checked, no log-in needed, 503 when a check fails."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_health_endpoint_answers_ok_without_log_in(client, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    response = client.get("/helse/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "disk": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_the_health_endpoint_reports_a_full_disk_with_503(client, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.HEALTH_MIN_FREE_BYTES = 10**18
    response = client.get("/helse/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "disk": "feil"}


def test_the_health_endpoint_reports_an_unwritable_private_folder(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.PRIVATE_MEDIA_ROOT = blocker
    response = client.get("/helse/")
    assert response.status_code == 503
    assert response.json()["checks"]["disk"] == "feil"


def test_the_health_endpoint_takes_only_get(client):
    assert client.post("/helse/").status_code == 405
