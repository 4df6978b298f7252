"""Hostile documents: markup disguised as text, zip bombs, huge text. Refused quickly, in
Norwegian, before any parsing, with nothing stored."""

import io
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from boligsosial.evaluation import documents
from boligsosial.evaluation.models import Document, TextSource
from boligsosial.evaluation.tests.test_documents import minimal_pdf, upload, word_file

MARKUP_REFUSAL = "Filen inneholder HTML, XML eller skript og kan ikke lastes opp som dokument."


def _counts():
    return Document.objects.count(), TextSource.objects.count()


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<html><body><script>alert(1)</script></body></html>", "notat.txt"),
        (b"Referat\n<SCRIPT src=//x.example/a.js></SCRIPT>", "referat.txt"),
        (b"<!DOCTYPE html><p>hei</p>", "referat"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "bilde.txt"),
        (b'<?xml version="1.0"?><a/>', "data.txt"),
        (b'<iframe src="javascript:alert(1)">', "x.md"),
        (b"%PDF-1.4\n<html><script>alert(1)</script></html>", "bevis.pdf"),
    ],
)
def test_markup_disguised_as_text_or_pdf_is_refused(world, fieldwork, content, name):
    before = _counts()
    with pytest.raises(ValidationError) as error:
        upload(world, fieldwork, content, name)
    assert error.value.message_dict["file"][0].startswith(MARKUP_REFUSAL)
    assert _counts() == before


@pytest.mark.parametrize("name", ["side.html", "side.htm", "bilde.svg", "skript.js", "x.exe"])
def test_a_name_declaring_another_type_is_refused_even_when_the_content_is_text(
    world, fieldwork, name
):
    with pytest.raises(ValidationError) as error:
        upload(world, fieldwork, b"Bare vanlig tekst.", name)
    assert "støttes ikke" in error.value.message_dict["file"][0]


def test_html_uploaded_on_the_page_is_refused_with_the_reason(world, fieldwork, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = _counts()
    response = client_for(world.evaluator).post(
        reverse("evaluation:documents", args=[fieldwork.evaluation.pk]),
        {
            "kind": "action_plan",
            "title": "Plan",
            "file": SimpleUploadedFile("plan.txt", b"<html><script>alert(1)</script>"),
        },
    )
    assert response.status_code == 200
    assert MARKUP_REFUSAL in response.content.decode()
    assert _counts() == before


def _docx_with_huge_part(size: int) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(word_file("Hei")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"</w:body>", b" " * size + b"</w:body>")
            archive.writestr(info.filename, data)
    return buffer.getvalue()


def test_a_docx_bomb_is_refused_in_seconds_before_it_is_parsed(world, fieldwork):
    bomb = _docx_with_huge_part(300 * 1024 * 1024)
    assert len(bomb) < 1024 * 1024
    before = _counts()
    started = time.monotonic()
    with pytest.raises(ValidationError) as error:
        upload(world, fieldwork, bomb, "bombe.docx")
    assert time.monotonic() - started < 5
    assert error.value.message_dict["file"][0].startswith(
        "Word-filen blir 301 MB når den pakkes ut"
    )
    assert _counts() == before


def test_a_docx_whose_text_part_is_too_large_is_refused(world, fieldwork, monkeypatch):
    monkeypatch.setattr(documents, "MAX_DOCX_XML", 100)
    with pytest.raises(ValidationError) as error:
        upload(world, fieldwork, word_file("Hei"), "stor.docx")
    assert error.value.message_dict["file"][0].startswith("Word-filens tekstdel er for stor")


def test_a_document_with_too_much_text_is_refused(world, fieldwork, monkeypatch, settings):
    monkeypatch.setattr(documents, "MAX_TEXT_CHARS", 1000)
    with pytest.raises(ValidationError) as error:
        upload(world, fieldwork, b"ord " * 300, "lang.txt")
    assert error.value.message_dict["file"][0].startswith("Dokumentet har for mye tekst")


def test_text_with_a_nul_byte_anywhere_is_not_text(world, fieldwork):
    with pytest.raises(ValidationError, match="Filtypen støttes ikke"):
        upload(world, fieldwork, b"a" * 10_000 + b"\x00", "notat.txt")


def test_a_damaged_pdf_is_refused_in_norwegian(world, fieldwork):
    damaged = minimal_pdf("Tekst")[:200]
    with pytest.raises(ValidationError) as error:
        upload(world, fieldwork, damaged, "skadet.pdf")
    assert error.value.message_dict["file"][0].startswith("PDF-filen")
