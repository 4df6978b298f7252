"""The outcomes the issue requires, on the demonstration data (report chapter 5, §6.6, §7.2)."""

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse

from boligsosial.plans import selectors
from boligsosial.plans.models import Goal, GoalLevel, Measure
from boligsosial.reporting.models import Indicator

END_2011 = "2011-12-31"


def _participation(demo, name):
    return demo["participations"][name]


def test_the_municipalities_with_a_started_measure_for_youth_are_drammen_and_sandefjord(demo):
    started = selectors.municipalities_with_started_measures(
        demo["programme"], target_group="youth", as_of=dt.date(2011, 12, 31)
    )
    assert [p.municipality.name for p in started] == ["Drammen", "Sandefjord"]


def test_the_target_group_page_lists_drammen_and_sandefjord_for_youth(demo, client_for):
    page = client_for(demo["users"]["leder-porsgrunn"]).get(
        reverse("plans:target_groups") + f"?target_group=youth&as_of={END_2011}"
    )
    assert page.status_code == 200
    listed = page.content.decode().split('data-testid="municipalities"')[1].split("</ul>")[0]
    assert "Drammen" in listed and "Sandefjord" in listed
    for other in ("Arendal", "Porsgrunn", "Skien", "Larvik"):
        assert other not in listed
    assert "Boligskole for ungdom 17–23 år" in listed


def test_the_api_lists_drammen_and_sandefjord_for_youth_and_other_groups_too(demo, client_for):
    client = client_for(demo["users"]["evaluator"])
    url = f"/api/v1/plans/programmes/{demo['programme'].pk}/started-measures"
    youth = client.get(url, {"target_group": "youth", "as_of": END_2011}).json()
    assert [row["municipality_name"] for row in youth] == ["Drammen", "Sandefjord"]
    homeless = client.get(url, {"target_group": "homeless", "as_of": END_2011}).json()
    assert [row["municipality_name"] for row in homeless] == ["Porsgrunn", "Sandefjord"]
    disabled = client.get(url, {"target_group": "disabled", "as_of": END_2011}).json()
    assert [row["municipality_name"] for row in disabled] == ["Arendal"]


def test_before_sandefjords_youth_pre_project_started_only_drammen_is_listed(demo, client_for):
    client = client_for(demo["users"]["admin"])
    url = f"/api/v1/plans/programmes/{demo['programme'].pk}/started-measures"
    assert [
        r["municipality_name"]
        for r in client.get(url, {"target_group": "youth", "as_of": "2011-06-30"}).json()
    ] == ["Drammen"]


def test_larvik_is_flagged_for_no_result_goals_until_one_with_indicator_target_and_date_is_added(
    demo, client_for
):
    larvik = _participation(demo, "Larvik")
    client = client_for(demo["users"]["leder-larvik"])
    page = client.get(reverse("plans:participation", args=[larvik.pk])).content.decode()
    assert 'data-flag="no_result_goals"' in page
    main = Goal.objects.get(participation=larvik, title="Et ordnet boforhold for alle")
    indicator = Indicator.objects.get(code="evictions", is_current=True)
    response = client.post(
        reverse("plans:goal_create", args=[larvik.pk]),
        {
            "level": "result",
            "parent": main.pk,
            "title": "Ingen utkastelser fra kommunale boliger",
            "indicator": indicator.pk,
            "baseline_value": "8",
            "baseline_date": "2010-12-31",
            "target_value": "0",
            "target_date": "2013-12-31",
            "position": "",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("plans:participation", args=[larvik.pk])).content.decode()
    assert 'data-flag="no_result_goals"' not in page
    assert "Ingen utkastelser fra kommunale boliger" in page
    assert "no_result_goals" not in [f.code for f in selectors.goal_hierarchy_quality(larvik)]


def test_a_result_goal_without_target_date_added_through_the_api_is_still_flagged(demo, client_for):
    larvik = _participation(demo, "Larvik")
    client = client_for(demo["users"]["kontakt-vest"])
    main = Goal.objects.get(participation=larvik, title="Et ordnet boforhold for alle")
    created = client.post(
        f"/api/v1/plans/participations/{larvik.pk}/goals",
        {
            "level": "result",
            "parent_id": main.pk,
            "title": "Færre utkastelser",
            "indicator_code": "evictions",
            "target_value": "0",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    flags = client.get(f"/api/v1/plans/participations/{larvik.pk}/goals").json()["quality_flags"]
    codes = {f["code"] for f in flags}
    assert "no_result_goals" not in codes
    assert any(f["code"] == "result_incomplete" and "måldato" in f["text"] for f in flags)


def test_a_porsgrunn_user_searching_restanse_finds_sandefjords_arrears_project(demo, client_for):
    client = client_for(demo["users"]["leder-porsgrunn"])
    page = client.get(reverse("plans:library"), {"q": "restanse"}).content.decode()
    assert "Restanseprosjektet" in page and "Sandefjord" in page
    hits = client.get("/api/v1/plans/library", {"q": "restanse"}).json()
    assert "Restanseprosjektet" in [h["name"] for h in hits]
    arrears = next(h for h in hits if h["name"] == "Restanseprosjektet")
    assert arrears["status"] == "completed" and arrears["municipality"] == "Sandefjord"
    assert any(r["value"] == "75.00" or float(r["value"] or 0) == 75 for r in arrears["results"])


def test_a_drammen_draft_measure_is_invisible_to_porsgrunn_on_page_search_and_api(demo, client_for):
    draft = Measure.objects.get(participation=_participation(demo, "Drammen"), published=False)
    porsgrunn = client_for(demo["users"]["leder-porsgrunn"])
    assert porsgrunn.get(reverse("plans:measure", args=[draft.pk])).status_code == 404
    assert (
        draft.name
        not in porsgrunn.get(reverse("plans:library"), {"q": "Housing First"}).content.decode()
    )
    assert draft.name not in porsgrunn.get(reverse("plans:library")).content.decode()
    assert porsgrunn.get(f"/api/v1/plans/measures/{draft.pk}").status_code == 404
    assert draft.name not in [
        h["name"] for h in porsgrunn.get("/api/v1/plans/library", {"q": "housing"}).json()
    ]
    # Its own municipality and Husbanken do see it.
    drammen = client_for(demo["users"]["leder-drammen"])
    assert drammen.get(reverse("plans:measure", args=[draft.pk])).status_code == 200
    assert draft.name in [
        h["name"] for h in drammen.get("/api/v1/plans/library", {"q": "housing"}).json()
    ]
    assert (
        client_for(demo["users"]["kontakt-sor"])
        .get(reverse("plans:measure", args=[draft.pk]))
        .status_code
        == 200
    )


def test_drammens_cadence_is_fourteen_days_on_the_demo_data(demo, client_for):
    from boligsosial.followup.selectors import cadence_days

    drammen = _participation(demo, "Drammen")
    assert cadence_days(drammen, as_of=dt.date(2011, 12, 31)) == 14
    summary = (
        client_for(demo["users"]["kontakt-vest"])
        .get(f"/api/v1/followup/participations/{drammen.pk}", {"as_of": END_2011})
        .json()
    )
    assert summary["cadence_days"] == 14
    page = (
        client_for(demo["users"]["leder-drammen"])
        .get(reverse("followup:participation", args=[drammen.pk]) + f"?as_of={END_2011}")
        .content.decode()
    )
    assert 'data-testid="cadence">14<' in page


def test_the_report_records_are_in_the_demo_with_status_dates_and_source(demo):
    by_name = {m.name: m for m in Measure.objects.select_related("participation__municipality")}
    arrears = by_name["Restanseprosjektet"]
    assert arrears.participation.municipality.name == "Sandefjord" and arrears.status == "completed"
    assert arrears.data_source == "report" and "5.1" in arrears.source_note
    larvik_merge = by_name["Sammenslåing av kommunale boligstiftelser"]
    assert larvik_merge.end_date == dt.date(2011, 9, 22)
    assert larvik_merge.results.get().date == dt.date(2011, 9, 22)
    assert by_name["Fem småhus på kommunal tomt"].participation.municipality.name == "Porsgrunn"
    assert by_name["Egen bolig"].results.filter(value=16, date=dt.date(2011, 6, 30)).exists()
    assert by_name["Egen bolig"].results.filter(value=104).exists()
    assert (
        by_name[
            "Forskrift og regelverk for tildeling av kommunale boliger"
        ].participation.municipality.name
        == "Arendal"
    )
    assert by_name["Fra leie til eie"].participation.municipality.name == "Drammen"
    assert by_name["Boligskole for ungdom 17–23 år"].status == "completed"
    vision = Goal.objects.get(level=GoalLevel.VISION)
    assert "0–0" in vision.title and vision.participation.municipality.name == "Sandefjord"
    assert not Goal.objects.filter(
        participation=demo["participations"]["Larvik"], level=GoalLevel.RESULT
    ).exists()
    assert all(
        m.data_source in ("report", "illustrative") and m.source_note for m in by_name.values()
    )


def _exe_bytes() -> bytes:
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
        + b"\x00" * 200
        + b"This program cannot be run in DOS mode."
    )


def test_an_executable_renamed_to_pdf_is_refused_as_evidence(demo, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    measure = Measure.objects.get(name="Restanseprosjektet")
    client = client_for(demo["users"]["leder-sandefjord"])
    response = client.post(
        reverse("plans:result_create", args=[measure.pk]),
        {
            "date": "2011-12-01",
            "text": "Restansene er fortsatt lave.",
            "file": SimpleUploadedFile("rapport.pdf", _exe_bytes(), content_type="application/pdf"),
        },
    )
    assert response.status_code == 200
    assert (
        "er ikke en PDF" in response.content.decode()
        and "Innholdet avgjør filtypen" in response.content.decode()
    )
    assert not measure.results.filter(text="Restansene er fortsatt lave.").exists()
    api = client.post(
        f"/api/v1/plans/measures/{measure.pk}/results",
        {
            "date": "2011-12-01",
            "text": "Restansene er fortsatt lave.",
            "file": SimpleUploadedFile("rapport.pdf", _exe_bytes(), content_type="application/pdf"),
        },
    )
    assert api.status_code == 422 and "er ikke en PDF" in str(api.json()["errors"]["file"])


def test_a_file_over_the_size_limit_is_refused_as_evidence(demo, client_for, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    measure = Measure.objects.get(name="Restanseprosjektet")
    client = client_for(demo["users"]["leder-sandefjord"])
    big = b"%PDF-1.4\n" + b"0" * (settings.UPLOAD_MAX_BYTES + 10)
    response = client.post(
        reverse("plans:result_create", args=[measure.pk]),
        {
            "date": "2011-12-01",
            "text": "Stor fil.",
            "file": SimpleUploadedFile("stor.pdf", big, content_type="application/pdf"),
        },
    )
    text = response.content.decode()
    assert response.status_code == 200 and "grensen er 1,0 MB" in text
    assert not measure.results.filter(text="Stor fil.").exists()


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_a_real_word_file_is_stored_privately_and_served_only_to_those_who_see_the_measure(
    demo, client_for, private_media
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    draft = Measure.objects.get(participation=_participation(demo, "Drammen"), published=False)
    drammen = client_for(demo["users"]["leder-drammen"])
    content = _docx()
    response = drammen.post(
        reverse("plans:result_create", args=[draft.pk]),
        {
            "date": "2011-12-01",
            "text": "Skisse til forsøk.",
            "file": SimpleUploadedFile("skisse.docx", content),
        },
    )
    assert response.status_code == 302
    evidence = draft.results.get().evidence.get()
    assert evidence.kind == "docx" and evidence.path.is_file()
    assert str(evidence.path).startswith(str(private_media))
    assert "static" not in str(evidence.path) and "media" not in str(evidence.path).replace(
        "private_media", ""
    )
    download = drammen.get(reverse("plans:evidence", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == content
    assert 'attachment; filename="skisse.docx"' in download["Content-Disposition"]
    assert (
        client_for(demo["users"]["leder-porsgrunn"])
        .get(reverse("plans:evidence", args=[evidence.pk]))
        .status_code
        == 404
    )
    assert (
        client_for(demo["users"]["evaluator"])
        .get(f"/api/v1/plans/evidence/{evidence.pk}")
        .status_code
        == 404
    )
    assert (
        client_for(demo["users"]["kontakt-sor"])
        .get(f"/api/v1/plans/evidence/{evidence.pk}")
        .status_code
        == 200
    )


@pytest.mark.parametrize("name", ["Restanseprosjektet", "Egen bolig"])
def test_published_report_measures_are_visible_to_another_municipality(demo, client_for, name):
    measure = Measure.objects.get(name=name)
    page = client_for(demo["users"]["leder-larvik"]).get(
        reverse("plans:measure", args=[measure.pk])
    )
    assert page.status_code == 200 and name in page.content.decode()
