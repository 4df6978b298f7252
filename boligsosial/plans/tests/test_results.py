"""Results and their evidence: indicator values, evidence files accepted only when the whole
content is the type it claims, private downloads, and the clean-up of orphaned files."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from boligsosial.plans import services
from boligsosial.plans.models import Evidence
from boligsosial.plans.tests.factories import (
    ResultFactory,
    docx_bytes,
    make_measure,
    pdf_bytes,
    png_bytes,
)

HTML_WITH_PDF_HEADER = (
    b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n"
)


@pytest.fixture
def result(world):
    return ResultFactory(measure=make_measure(world.drammen_participation, name="Boligløftet"))


def _upload_page(client, result, name, data):
    return client.post(
        reverse("plans:evidence_add", args=[result.measure_id, result.pk]),
        {"file": SimpleUploadedFile(name, data)},
        follow=True,
    )


def _upload_api(client, result, name, data):
    return client.post(
        f"/api/v1/plans/measures/{result.measure_id}/results/{result.pk}/evidence",
        {"file": SimpleUploadedFile(name, data)},
    )


def _zip_bomb_docx() -> bytes:
    return docx_bytes({"word/media/bomb.bin": b"\0" * (5 * 1024 * 1024)})


REFUSED = [
    ("html-with-pdf-header.pdf", HTML_WITH_PDF_HEADER, "er ikke en PDF"),
    (
        "pdf-then-html.pdf",
        pdf_bytes() + b"\n<html><script>alert(1)</script></html>",
        "er ikke en PDF",
    ),
    ("cut.pdf", pdf_bytes()[:-200], "er ikke en PDF"),
    ("header-only.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "er ikke en PDF"),
    (
        "png-then-html.png",
        png_bytes() + b"<html><script>alert(1)</script></html>",
        "er ikke en PDF",
    ),
    ("empty-ole.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024, "er ikke en PDF"),
    (
        "no-body.docx",
        docx_bytes().replace(b"word/document.xml", b"word/documenx.xml"),
        "er ikke en PDF",
    ),
    ("bilde.pdf", png_bytes(), "har endelsen .pdf, men innholdet er en PNG-fil"),
]


@pytest.mark.parametrize(("name", "data", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_file_whose_whole_content_is_not_its_type_is_refused_on_the_page_and_in_the_api(
    world, client_for, result, name, data, message
):
    client = client_for(world.drammen_member)
    page = _upload_page(client, result, name, data)
    assert message in page.content.decode()
    api = _upload_api(client, result, name, data)
    assert api.status_code == 422 and message in str(api.json()["errors"]["file"])
    assert not Evidence.objects.exists()


def test_a_zip_bomb_disguised_as_word_is_refused_before_it_is_unpacked(world, client_for, result):
    api = _upload_api(client_for(world.drammen_member), result, "bombe.docx", _zip_bomb_docx())
    assert api.status_code == 422
    assert "zip-bombe" in str(api.json()["errors"]["file"])
    assert not Evidence.objects.exists()


def test_a_huge_image_is_refused_rather_than_decoded(world, client_for, result):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (8000, 6000)).save(buffer, format="PNG")  # 48 megapixels, small file
    api = _upload_api(client_for(world.drammen_member), result, "stort.png", buffer.getvalue())
    assert api.status_code == 422 and not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("rapport.pdf", pdf_bytes(), "pdf"),
        ("kart.png", png_bytes(), "png"),
        ("notat.docx", docx_bytes(), "docx"),
        ("uten-endelse", pdf_bytes(), "pdf"),
    ],
)
def test_real_files_of_each_kind_are_accepted(world, client_for, result, name, data, kind):
    api = _upload_api(client_for(world.drammen_member), result, name, data)
    assert api.status_code == 201, api.content
    assert Evidence.objects.get().kind == kind


def test_a_real_xlsx_is_accepted(world, client_for, result):
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    api = _upload_api(client_for(world.drammen_member), result, "tall.xlsx", buffer.getvalue())
    assert api.status_code == 201 and Evidence.objects.get().kind == "xlsx"


def test_a_broken_zip_member_is_refused(world, client_for, result):
    data = bytearray(docx_bytes({"word/notes.xml": b"<notes>" + b"x" * 5000 + b"</notes>"}))
    start = data.find(b"word/notes.xml") + 40
    data[start : start + 20] = b"\xff" * 20  # corrupt the compressed member
    api = _upload_api(client_for(world.drammen_member), result, "skadet.docx", bytes(data))
    assert api.status_code == 422 and not Evidence.objects.exists()
    assert zipfile.is_zipfile(io.BytesIO(bytes(data)))


def test_downloads_from_the_page_and_the_api_are_private_attachments(world, client_for, result):
    client = client_for(world.drammen_member)
    assert _upload_api(client, result, "rapport.pdf", pdf_bytes()).status_code == 201
    evidence = Evidence.objects.get()
    for url in (
        reverse("plans:evidence", args=[evidence.pk]),
        reverse("api:plans_evidence", args=[evidence.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Security-Policy"].startswith("sandbox")


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
