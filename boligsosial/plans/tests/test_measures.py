"""Measures: dated status history, publication, funding, and the evaluation selectors."""

import datetime as dt

from django.urls import reverse

from boligsosial.plans import selectors, services
from boligsosial.plans.tests.factories import make_measure


def test_a_measure_created_through_the_api_keeps_its_dated_status_history(world, client_for):
    client = client_for(world.drammen_leader)
    created = client.post(
        f"/api/v1/plans/participations/{world.drammen_participation.pk}/measures",
        {
            "name": "Fra leie til eie",
            "description": "Leietakere kjøper boligen de leier.",
            "target_groups": ["municipal_tenants"],
            "methods": ["rent_to_own"],
            "status": "running",
            "status_date": "2011-01-01",
        },
        content_type="application/json",
    ).json()
    assert created["status"] == "running" and created["start_date"] == "2011-01-01"
    changed = client.post(
        f"/api/v1/plans/measures/{created['id']}/status",
        {
            "version": created["version"],
            "status": "ordinary_operation",
            "date": "2012-06-01",
            "note": "Overført til boligtjenesten",
        },
        content_type="application/json",
    ).json()
    assert [e["status"] for e in changed["status_history"]] == ["running", "ordinary_operation"]
    assert changed["status"] == "ordinary_operation" and changed["end_date"] == "2012-06-01"
    from boligsosial.plans.models import Measure

    measure = Measure.objects.get(pk=created["id"])
    assert measure.status_at(dt.date(2011, 12, 31)) == "running"
    assert measure.status_at(dt.date(2010, 12, 31)) is None


def test_unknown_target_groups_are_refused_with_the_wrong_value_named(world, client_for):
    response = client_for(world.drammen_leader).post(
        f"/api/v1/plans/participations/{world.drammen_participation.pk}/measures",
        {"name": "Tiltak", "target_groups": ["pensjonister"]},
        content_type="application/json",
    )
    assert response.status_code == 422 and "pensjonister" in str(
        response.json()["errors"]["target_groups"]
    )


def test_a_measure_without_description_cannot_be_published(world, client_for):
    measure = make_measure(world.drammen_participation, published=False, description="")
    page = client_for(world.drammen_leader).post(
        reverse("plans:measure_publish", args=[measure.pk]), {"published": "1"}, follow=True
    )
    assert "Skriv en beskrivelse før du publiserer" in page.content.decode()
    measure.refresh_from_db()
    assert measure.published is False


def test_funding_shows_husbanken_grants_in_kroner(world, client_for):
    measure = make_measure(world.drammen_participation)
    services.funding_add(
        user=world.contact,
        measure=measure,
        source="hb_competence_grant",
        year=2011,
        amount_nok=150000,
    )
    page = (
        client_for(world.viewer).get(reverse("plans:measure", args=[measure.pk])).content.decode()
    )
    assert "Husbanken: kompetansetilskudd" in page and "150\u00a0000\u00a0kr" in page


def test_housing_first_in_use_counts_only_started_measures(world):
    make_measure(
        world.skien_participation,
        name="Housing First-idé",
        status="idea",
        methods=["housing_first"],
    )
    assert selectors.housing_first_in_use(world.programme, as_of=dt.date(2011, 12, 31)) == []
    make_measure(
        world.drammen_participation,
        name="Housing First-forsøk",
        status="running",
        since=dt.date(2011, 9, 1),
        methods=["housing_first"],
    )
    assert [
        p.municipality.name
        for p in selectors.housing_first_in_use(world.programme, as_of=dt.date(2011, 12, 31))
    ] == ["Drammen"]
    assert selectors.housing_first_in_use(world.programme, as_of=dt.date(2011, 8, 31)) == []


def test_a_method_tried_with_individual_users_is_kept_apart_from_the_measures_own(
    world, client_for
):
    client = client_for(world.drammen_leader)
    created = client.post(
        f"/api/v1/plans/participations/{world.drammen_participation.pk}/measures",
        {
            "name": "Midlertidig bolig",
            "methods": ["allocation", "housing_first"],
            "individual_methods": ["housing_first", "living_skills"],
            "status": "running",
            "status_date": "2011-01-01",
        },
        content_type="application/json",
    ).json()
    # A method that is the measure's own is not also "tried with individual users".
    assert created["methods"] == ["allocation", "housing_first"]
    assert created["individual_methods"] == ["living_skills"]
    changed = client.put(
        f"/api/v1/plans/measures/{created['id']}",
        {
            "version": created["version"],
            "name": "Midlertidig bolig",
            "methods": ["allocation"],
            "individual_methods": ["housing_first"],
        },
        content_type="application/json",
    ).json()
    assert changed["methods"] == ["allocation"]
    assert changed["individual_methods"] == ["housing_first"]
    page = client.get(reverse("plans:measure", args=[created["id"]])).content.decode()
    assert "Prøvd med enkeltbrukere" in page and "Housing First" in page
    refused = client.put(
        f"/api/v1/plans/measures/{created['id']}",
        {"version": changed["version"], "name": "Midlertidig bolig", "individual_methods": ["x"]},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert "prøvd med enkeltbrukere" in str(refused.json()["errors"]["individual_methods"])
