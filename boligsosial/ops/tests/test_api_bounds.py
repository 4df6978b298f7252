"""API-wide request bounds: JSON depth and NaN/Infinity, body size."""

import pytest

from boligsosial.accounts.models import ApiToken

pytestmark = pytest.mark.django_db

URL = "/api/v1/reporting/reports/1/return"


@pytest.fixture
def api(client, world):
    _, key = ApiToken.issue(user=world.admin, name="test")

    def post(body: str):
        return client.post(
            URL, data=body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
        )

    return post


def test_a_100_000_deep_json_body_is_refused_with_a_norwegian_message(api):
    response = api("[" * 100_000 + "]" * 100_000)
    assert response.status_code == 400
    assert response.json()["detail"] == ("JSON-dokumentet er nøstet for dypt (mer enn 64 nivåer).")


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_in_a_json_body_are_refused(api, constant):
    response = api('{"comment": ' + constant + "}")
    assert response.status_code == 400
    assert "ikke gyldig JSON" in response.json()["detail"]
    assert constant.lstrip("-") in response.json()["detail"]


def test_a_body_that_is_not_json_is_refused_in_norwegian(api):
    response = api("{not json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Forespørselens JSON-innhold er ikke gyldig JSON")


def test_a_body_over_the_size_limit_is_refused_with_413(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api('{"comment": "' + "x" * 2000 + '"}')
    assert response.status_code == 413
    assert "for stor" in response.json()["detail"]


def test_an_ordinary_json_body_still_reaches_the_route(api):
    response = api('{"comment": "ok"}')
    assert response.status_code == 404  # no report 1: the body was parsed, the route answered


def test_upload_bounds_are_set_for_the_whole_site(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 5000
