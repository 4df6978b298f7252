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


def test_library_filters_by_target_group_method_status_and_municipality(world):
    make_measure(
        world.drammen_participation,
        name="Boligskole",
        target_groups=["youth"],
        methods=["housing_school"],
    )
    make_measure(
        world.skien_participation,
        name="Egen bolig",
        target_groups=["municipal_tenants"],
        status="completed",
    )
    names = lambda **kw: [m.name for m in selectors.library_search(world.viewer, **kw)]  # noqa: E731
    assert names(target_group="youth") == ["Boligskole"]
    assert names(method="housing_school") == ["Boligskole"]
    assert names(status="completed") == ["Egen bolig"]
    assert names(municipality_id=world.skien.pk) == ["Egen bolig"]
    assert names(text="boligskole") == ["Boligskole"]


def test_library_filters_by_municipality_size_from_the_latest_population(world, client_for):
    from boligsosial.municipalities.models import Population

    Population.objects.create(code=world.drammen.code, year=2011, value=63582)
    Population.objects.create(code=world.skien.code, year=2010, value=51000)
    Population.objects.create(code=world.skien.code, year=2011, value=49000)
    make_measure(world.drammen_participation, name="Boligskole")
    make_measure(world.skien_participation, name="Egen bolig")
    assert [m.name for m in selectors.library_search(world.viewer, size="large")] == ["Boligskole"]
    assert [m.name for m in selectors.library_search(world.viewer, size="medium")] == ["Egen bolig"]
    page = (
        client_for(world.skien_leader)
        .get(reverse("plans:library"), {"size": "large"})
        .content.decode()
    )
    assert "Boligskole" in page and "Egen bolig" not in page


def test_a_result_can_carry_a_value_of_a_catalogue_indicator(world, client_for):
    measure = make_measure(world.drammen_participation, name="Boligløftet")
    client = client_for(world.drammen_leader)
    refused = client.post(
        f"/api/v1/plans/measures/{measure.pk}/results",
        {"date": "2011-12-01", "text": "Boliger kjøpt", "value": "20"},
    )
    assert refused.status_code == 422 and "value_label" in refused.json()["errors"]
    created = client.post(
        f"/api/v1/plans/measures/{measure.pk}/results",
        {
            "date": "2011-12-01",
            "text": "Boliger kjøpt",
            "value": "20",
            "indicator_code": "homes_acquired",
        },
    )
    assert created.status_code == 201 and created.json()["indicator_code"] == "homes_acquired"
    page = client.get(reverse("plans:measure", args=[measure.pk])).content.decode()
    assert "<strong>20</strong> Boliger anskaffet" in page


def test_evidence_can_be_added_to_and_removed_from_an_existing_result(
    world, client_for, private_media
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from boligsosial.plans.tests.factories import ResultFactory, png_bytes

    measure = make_measure(world.drammen_participation, name="Boligløftet")
    result = ResultFactory(measure=measure)
    client = client_for(world.drammen_member)
    png = png_bytes()
    added = client.post(
        f"/api/v1/plans/measures/{measure.pk}/results/{result.pk}/evidence",
        {"file": SimpleUploadedFile("kart.png", png)},
    )
    assert added.status_code == 201 and added.json()["evidence"][0]["original_name"] == "kart.png"
    evidence = result.evidence.get()
    assert evidence.path.is_file()
    outsider = client_for(world.skien_leader).post(
        reverse("plans:evidence_delete", args=[measure.pk, evidence.pk])
    )
    assert outsider.status_code == 404
    page = client.post(
        reverse("plans:evidence_add", args=[measure.pk, result.pk]),
        {"file": SimpleUploadedFile("notat.pdf", b"just text")},
        follow=True,
    )
    assert "er ikke en PDF" in page.content.decode()
    deleted = client.delete(f"/api/v1/plans/evidence/{evidence.pk}")
    assert deleted.status_code == 204 and not result.evidence.exists()


def old_file(path, content=b"x"):
    """A file as if written two hours ago (the clean-up leaves younger files alone)."""
    import os
    import time

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    then = time.time() - 7200
    os.utime(path, (then, then))
    return path


def test_clean_up_removes_only_evidence_files_no_row_refers_to(
    world, private_media, django_capture_on_commit_callbacks
):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from boligsosial.plans.tests.factories import ResultFactory, png_bytes

    result = ResultFactory(measure=make_measure(world.drammen_participation, name="Boligløftet"))
    png = png_bytes()
    evidence = services.evidence_add(
        user=world.drammen_member, result=result, uploaded=SimpleUploadedFile("kart.png", png)
    )
    kept = old_file(evidence.path, png)
    orphan = old_file(private_media / "plans" / "evidence" / "left-by-a-rollback")
    fresh = private_media / "plans" / "evidence" / "upload-in-progress"
    fresh.write_bytes(b"x")
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("clean_private_media", stdout=out)
    assert kept.is_file() and fresh.is_file() and not orphan.exists()
    assert "Slettet" in out.getvalue() and "1 filer." in out.getvalue()
