import pytest
from django.urls import reverse

from boligsosial.accounts.models import ApiToken
from boligsosial.municipalities import services as registry


def test_the_openapi_document_lists_the_foundation_routes(world, client):
    schema = client.get(reverse("api:openapi-json")).json()
    for path in [
        "/api/v1/participations",
        "/api/v1/participations/{pk}/phases",
        "/api/v1/municipalities/map/{code}",
    ]:
        assert path in schema["paths"], path


def test_a_bearer_token_authenticates_with_the_same_access_rules(world, client):
    _token, key = ApiToken.issue(user=world.skien_leader, name="test")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert (
        client.get(
            reverse("api:get_participation", kwargs={"pk": world.skien_participation.pk}),
            **headers,
        ).status_code
        == 200
    )
    assert (
        client.get(
            reverse("api:get_participation", kwargs={"pk": world.drammen_participation.pk}),
            **headers,
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("api:list_participations"), HTTP_AUTHORIZATION="Bearer wrong"
        ).status_code
        == 401
    )


def test_the_api_maps_0602_to_3301_like_the_command(db, client_for):
    from boligsosial.accounts.tests.factories import UserFactory

    registry.load_shipped_registry()
    viewer = UserFactory(username="reader")
    data = (
        client_for(viewer)
        .get(reverse("api:map_code", kwargs={"code": "0602"}) + "?at=2024-06-01")
        .json()
    )
    assert data["codes"] == ["3301"] and data["names"] == ["Drammen"]
    bad = client_for(viewer).get(
        reverse("api:map_code", kwargs={"code": "06A2"}) + "?at=2024-06-01"
    )
    assert bad.status_code == 422 and "fire siffer" in bad.json()["detail"]


def test_overlapping_phases_are_refused_by_the_api_with_a_norwegian_message(world, client_for):
    p = world.drammen_participation.pk
    response = client_for(world.admin).post(
        reverse("api:create_phase", kwargs={"pk": p}),
        {"kind": "phase_out", "start": "2012-01-01", "planned_end": "2013-06-01"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "kan ikke overlappe" in " ".join(response.json()["errors"]["start"])
    assert world.drammen_participation.phases.count() == 2


def test_a_stale_organisation_version_gets_409(world, client_for):
    p = world.drammen_participation.pk
    client = client_for(world.drammen_leader)
    version = client.get(reverse("api:get_organisation", kwargs={"pk": p})).json()["version"]
    assert (
        client.put(
            reverse("api:update_organisation", kwargs={"pk": p}),
            {"version": version, "notes": "a"},
            content_type="application/json",
        ).status_code
        == 200
    )
    stale = client.put(
        reverse("api:update_organisation", kwargs={"pk": p}),
        {"version": version, "notes": "b"},
        content_type="application/json",
    )
    assert stale.status_code == 409 and "Noen andre har lagret" in stale.json()["detail"]


@pytest.mark.parametrize(
    "bad", [{"agreement_signed": "2010-01-01", "agreement_revised": "2009-01-01"}]
)
def test_dates_out_of_order_are_refused(world, client_for, bad):
    response = client_for(world.admin).patch(
        reverse("api:update_participation", kwargs={"pk": world.drammen_participation.pk}),
        {"version": 1, **bad},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "før den ble signert" in " ".join(response.json()["errors"]["agreement_revised"])
