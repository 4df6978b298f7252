"""Bad API input gets a Norwegian 422 (never a 500); every edit names the version it is based on."""

import datetime as dt

import pytest
from django.urls import reverse

from boligsosial.programmes.models import Phase, PhaseKind
from boligsosial.programmes.tests.factories import PhaseFactory

JSON = {"content_type": "application/json"}


def phases_url(participation):
    return reverse("api:create_phase", kwargs={"pk": participation.pk})


def phase_url(phase):
    return reverse("api:update_phase", kwargs={"pk": phase.participation_id, "phase_pk": phase.pk})


def organisation_url(participation):
    return reverse("api:update_organisation", kwargs={"pk": participation.pk})


def participation_url(participation):
    return reverse("api:update_participation", kwargs={"pk": participation.pk})


@pytest.fixture
def admin(world, client_for):
    client = client_for(world.admin)
    client.raise_request_exception = False
    return client


def errors_of(response) -> str:
    return " ".join(" ".join(messages) for messages in response.json()["errors"].values())


# Phase kinds ---------------------------------------------------------------------------


def test_an_unknown_phase_kind_on_create_is_a_norwegian_422_and_nothing_is_saved(world, admin):
    participation = world.drammen_participation
    response = admin.post(
        phases_url(participation), {"kind": "rocket", "start": "2014-01-01"}, **JSON
    )
    assert response.status_code == 422
    assert "Ukjent fase «rocket»" in " ".join(response.json()["errors"]["kind"])
    assert "phase_out" in " ".join(response.json()["errors"]["kind"])
    assert participation.phases.count() == 2


def test_an_unknown_phase_kind_on_update_is_a_norwegian_422_and_the_phase_is_unchanged(
    world, admin
):
    phase = world.drammen_participation.phases.get(kind=PhaseKind.PLANNING)
    response = admin.put(
        phase_url(phase),
        {"version": phase.version, "kind": "", "start": "2010-03-01"},
        **JSON,
    )
    assert response.status_code == 422
    assert "Ukjent fase" in " ".join(response.json()["errors"]["kind"])
    phase.refresh_from_db()
    assert phase.kind == PhaseKind.PLANNING


def test_a_phase_near_the_last_date_the_calendar_holds_does_not_break_any_page(world, admin):
    PhaseFactory(
        participation=world.skien_participation,
        kind=PhaseKind.PHASE_OUT,
        start=dt.date(9999, 12, 1),
        planned_end=dt.date(9999, 12, 31),
    )
    p = world.skien_participation.pk
    for url in [
        reverse("api:get_participation", kwargs={"pk": p}) + "?as_of=9999-12-20",
        reverse("api:list_participations") + "?as_of=9999-12-20",
        reverse("programmes:portfolio") + "?as_of=9999-12-20",
        reverse("programmes:participation", args=[p]) + "?as_of=9999-12-20",
    ]:
        assert admin.get(url).status_code == 200, url


# Organisation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field",
    [
        "notes",
        "programme_leader_position",
        "programme_leader_unit",
        "programme_leader_acting",
        "has_steering_group",
        "steering_group_leader_position",
        "steering_group_leader_rank",
    ],
)
def test_null_for_a_field_that_cannot_be_empty_is_a_norwegian_422(world, client_for, field):
    # A municipal user reaches this route: the fault must not be a server error for them.
    client = client_for(world.drammen_member)
    client.raise_request_exception = False
    organisation = world.drammen_participation.organisation
    response = client.put(
        organisation_url(world.drammen_participation),
        {"version": organisation.version, field: None},
        **JSON,
    )
    assert response.status_code == 422, response.content
    assert "kan ikke være tomt" in " ".join(response.json()["errors"][field]) or (
        field.startswith("steering_group_leader") and "styringsgruppe" in errors_of(response)
    )
    organisation.refresh_from_db()
    assert organisation.version == 1


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        (
            {"programme_leader_position": "x" * 201},
            "programme_leader_position",
            "200 eller færre tegn",
        ),
        ({"steering_group_leader_rank": "king"}, "steering_group_leader_rank", "gyldig valg"),
        ({"ftes": "0.05"}, "ftes", "desimal"),
        ({"ftes": "1e309"}, "ftes", "mellom 0 og 500"),
    ],
)
def test_values_the_columns_cannot_hold_are_refused_not_stored(world, admin, changes, field, text):
    organisation = world.drammen_participation.organisation
    response = admin.put(
        organisation_url(world.drammen_participation),
        {"version": organisation.version, **changes},
        **JSON,
    )
    assert response.status_code == 422, response.content
    assert text in " ".join(response.json()["errors"][field])
    organisation.refresh_from_db()
    assert organisation.version == 1


def test_null_for_the_organisation_after_a_valid_edit_changes_nothing(world, admin):
    organisation = world.drammen_participation.organisation
    url = organisation_url(world.drammen_participation)
    assert admin.put(url, {"version": 1, "notes": "Første"}, **JSON).status_code == 200
    response = admin.put(url, {"version": 2, "notes": None, "programme_leader_unit": "X"}, **JSON)
    assert response.status_code == 422
    organisation.refresh_from_db()
    assert (organisation.notes, organisation.programme_leader_unit) == ("Første", "")


# Participation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start_date": "2011-02-30"}, "start_date"),
        ({"start_date": "0000-01-01"}, "start_date"),
        ({"version": 10**30}, "version"),
        ({"version": -1}, "version"),
    ],
)
def test_impossible_dates_and_versions_are_422_on_a_participation(world, admin, changes, field):
    participation = world.drammen_participation
    response = admin.patch(participation_url(participation), {"version": 1, **changes}, **JSON)
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    participation.refresh_from_db()
    assert participation.version == 1


# Versions: 428 without, 409 when stale -------------------------------------------------


def edits(world):
    participation = world.drammen_participation
    phase = participation.phases.get(kind=PhaseKind.PLANNING)
    return {
        "participation": ("patch", participation_url(participation), {"start_date": "2010-03-02"}),
        "organisation": ("put", organisation_url(participation), {"notes": "Ny merknad"}),
        "phase": (
            "put",
            phase_url(phase),
            {
                "kind": "planning",
                "start": "2010-03-01",
                "planned_end": "2010-08-01",
                "actual_end": "2010-08-01",
            },
        ),
    }


@pytest.mark.parametrize("edit", ["participation", "organisation", "phase"])
def test_an_edit_without_a_version_is_428_and_changes_nothing(world, admin, edit):
    from boligsosial.audit.models import AuditEntry

    method, url, body = edits(world)[edit]
    response = getattr(admin, method)(url, body, **JSON)
    assert response.status_code == 428, response.content
    assert "version" in response.json()["detail"]
    assert response.json()["current_version"] == 1
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("edit", ["participation", "organisation", "phase"])
def test_two_writers_with_the_same_version_the_second_gets_409(world, admin, client_for, edit):
    method, url, body = edits(world)[edit]
    first = getattr(admin, method)(url, {**body, "version": 1}, **JSON)
    assert first.status_code == 200, first.content
    assert first.json()["version"] == 2
    contact = client_for(world.contact)
    second = getattr(contact, method)(url, {**body, "version": 1}, **JSON)
    assert second.status_code == 409 and second.json()["current_version"] == 2


def test_a_phase_page_edit_carries_the_version_and_a_stale_one_keeps_the_input(world, client_for):
    phase = world.drammen_participation.phases.get(kind=PhaseKind.PLANNING)
    url = reverse("programmes:phase_edit", args=[world.drammen_participation.pk, phase.pk])
    client = client_for(world.admin)
    page = client.get(url).content.decode()
    assert 'name="version"' in page and 'value="1"' in page
    form = {
        "kind": "planning",
        "start": "2010-03-01",
        "planned_end": "2010-08-01",
        "actual_end": "2010-08-01",
        "overrun_reason": "",
        "version": "1",
    }
    assert client.post(url, form).status_code == 302
    stale = client.post(url, {**form, "overrun_reason": "Annen tekst"})
    assert stale.status_code == 200
    assert "Noen andre har lagret" in stale.content.decode()
    assert Phase.objects.get(pk=phase.pk).version == 2


# OpenAPI -------------------------------------------------------------------------------


def test_each_programmes_operation_documents_its_own_body_and_answer(world, admin):
    """A schema name used twice in the API makes one operation document the other's body."""
    from boligsosial.programmes import api

    schema = admin.get(reverse("api:openapi-json")).json()
    components = schema["components"]["schemas"]
    for name in dir(api):
        model = getattr(api, name)
        if isinstance(model, type) and issubclass(model, api.Schema) and model is not api.Schema:
            assert name in components, name
            assert set(components[name]["properties"]) == set(model.model_fields), name
