import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from boligsosial.evaluation import services


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with a line of text (Helvetica), xref offsets computed."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def word_file(*paragraphs) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(world, fw, content, name, **extra):
    return services.document_upload(
        user=world.evaluator,
        evaluation=fw.evaluation,
        kind="application",
        title=name,
        uploaded_file=SimpleUploadedFile(name, content),
        **extra,
    )


def test_text_is_extracted_from_pdf_word_and_plain_text(world, fieldwork, private_media):
    pdf = upload(world, fieldwork, minimal_pdf("Soknad om deltakelse i programmet"), "soknad.pdf")
    word = upload(
        world, fieldwork, word_file("Programplan for Skien", "Mål: færre bostedsløse."), "plan.docx"
    )
    text = upload(world, fieldwork, "Handlingsplan\r\nMål 1".encode(), "plan.txt")
    assert (
        pdf.content_type == "application/pdf"
        and "Soknad om deltakelse i programmet" in pdf.source.plain_text
    )
    assert word.source.plain_text == "Programplan for Skien\nMål: færre bostedsløse."
    assert text.source.plain_text == "Handlingsplan\nMål 1"
    assert str(private_media) in word.file.path  # stored outside the web root


def test_the_type_is_decided_by_content_not_by_name(world, fieldwork):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    with pytest.raises(ValidationError) as error:
        upload(world, fieldwork, png, "rapport.pdf")
    assert (
        "Filtypen støttes ikke. Last opp PDF, Word (.docx) eller ren tekst"
        in error.value.message_dict["file"][0]
    )
    pdf_without_extension = upload(world, fieldwork, minimal_pdf("Tilsagnsbrev"), "brev")
    assert pdf_without_extension.content_type == "application/pdf"
    # A content that does not match the declared type (the file's name) is refused.
    with pytest.raises(ValidationError) as error:
        upload(world, fieldwork, minimal_pdf("Tilsagnsbrev"), "brev.txt")
    assert error.value.message_dict["file"] == [
        "Filen heter «brev.txt», men innholdet er PDF, ikke ren tekst. "
        "Last opp filen med riktig filendelse."
    ]


def test_files_over_the_size_limit_are_refused(world, fieldwork, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="Filen er for stor"):
        upload(world, fieldwork, b"a" * 2048, "stor.txt")


def test_documents_can_be_searched_and_downloaded_by_readers(world, fieldwork, client_for):
    upload(world, fieldwork, b"Husleierestanser gikk ned med 75 prosent.", "status.txt")
    client = client_for(world.contact)
    page = client.get(
        reverse("evaluation:documents", args=[fieldwork.evaluation.pk]) + "?q=husleierestanser"
    ).content.decode()
    assert "1 dokument inneholder «husleierestanser»." in page
    response = client.get(reverse("evaluation:document_download", args=[fieldwork.document.pk]))
    assert b"".join(response.streaming_content) == "Programmet er forankret hos rådmannen.".encode()


def test_the_upload_page_explains_a_refused_file(world, fieldwork, client_for):
    response = client_for(world.evaluator).post(
        reverse("evaluation:documents", args=[fieldwork.evaluation.pk]),
        {
            "kind": "action_plan",
            "title": "Plan",
            "file": SimpleUploadedFile(
                "plan.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
            ),
        },
    )
    assert "Eldre Word-filer (.doc) støttes ikke." in response.content.decode()


def test_a_deleted_document_file_goes_only_when_the_deletion_is_committed(
    world, fieldwork, django_capture_on_commit_callbacks
):
    from pathlib import Path

    from django.db import transaction

    document = upload(world, fieldwork, "Referat fra møtet".encode(), "referat.txt")
    path, pk, model = Path(document.file.path), document.pk, type(document)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.document_delete(user=world.evaluator, document=document)
        raise RuntimeError("noe annet feilet")
    assert path.exists() and model.objects.filter(pk=pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.document_delete(user=world.evaluator, document=model.objects.get(pk=pk))
    assert not path.exists()


def test_clean_up_keeps_stored_documents_and_removes_files_left_behind(
    world, fieldwork, private_media, django_capture_on_commit_callbacks
):
    import os
    import time
    from pathlib import Path

    from django.core.management import call_command

    document = upload(world, fieldwork, "Referat fra møtet".encode(), "referat.txt")
    kept = Path(document.file.path)
    orphan = kept.parent / "0000000000000000.txt"
    orphan.write_bytes(b"left by a rolled-back upload")
    then = time.time() - 7200
    for path in (kept, orphan):
        os.utime(path, (then, then))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("clean_private_media", "--dry-run", stdout=io.StringIO())
    assert orphan.exists()  # a dry run deletes nothing
    with django_capture_on_commit_callbacks(execute=True):
        call_command("clean_private_media", stdout=io.StringIO())
    assert kept.is_file() and not orphan.exists()
