"""Property-based probes of document upload and text extraction: malformed, huge, deep,
bomb, markup and encoding cases give a Norwegian refusal or a document, never a server error
or a partial write."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from boligsosial.evaluation import services
from boligsosial.evaluation.models import Document, TextSource
from boligsosial.evaluation.tests import factories as f
from boligsosial.evaluation.tests.fuzzing import BILLION_LAUGHS, Probe, deep_xml, zip_bomb
from boligsosial.evaluation.tests.test_documents import minimal_pdf, word_file

FUZZ = hypothesis_settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
NAMES = st.sampled_from(
    ["notat.txt", "plan.pdf", "plan.docx", "uten-endelse", "side.html", "x.TXT", "a.b.c.md", ""]
)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252", "utf-32"])
XML_SAFE = st.text(max_size=200).map(
    lambda s: "".join(c for c in s if c in "\t\n" or (0x20 <= ord(c) < 0xD800) or ord(c) > 0xE000)
)
PDF = minimal_pdf("Statusrapport for Drammen")
DOCX = word_file("Programplan", "Mål: færre bostedsløse.")


def _upload(world, evaluation, content: bytes, name: str):
    return lambda: services.document_upload(
        user=world.evaluator,
        evaluation=evaluation,
        kind="other",
        title="Fuzz",
        uploaded_file=SimpleUploadedFile(name or "fil", content),
    )


def _mutate(data, valid: bytes) -> bytes:
    cut = data.draw(st.integers(min_value=0, max_value=len(valid)))
    return valid[:cut] + data.draw(st.binary(max_size=30)) + valid[cut + 30 :]


def _content(data) -> tuple[str, bytes]:
    kind = data.draw(st.sampled_from(["text", "markup", "bytes", "pdf", "docx", "docx text"]))
    if kind == "text":
        return kind, data.draw(st.text(max_size=500)).encode(data.draw(ENCODINGS), "replace")
    if kind == "markup":
        tag = data.draw(st.sampled_from(["script", "HTML", "svg", "iframe", "?xml", "body "]))
        return kind, f"{data.draw(st.text(max_size=50))}< {tag}>x".encode("utf-8", "replace")
    if kind == "bytes":
        return kind, data.draw(st.binary(max_size=2000))
    if kind == "pdf":
        return kind, _mutate(data, PDF)
    if kind == "docx":
        return kind, _mutate(data, DOCX)
    return kind, word_file(*data.draw(st.lists(XML_SAFE, max_size=5)))


def test_document_upload_never_fails_with_a_server_error_or_a_partial_write(
    world, report_counts, private_media
):
    evaluation = f.make_evaluation(world, preload=False)
    probe = Probe(Document, TextSource, refusals=())

    @FUZZ
    @given(data=st.data())
    def check(data):
        kind, content = _content(data)
        probe.run(kind, _upload(world, evaluation, content, data.draw(NAMES)))
        assert probe.server_errors == [] and probe.partial_writes == []

    check()
    stored = {p.name for p in (private_media / "evaluation").rglob("*") if p.is_file()}
    assert len(stored) == Document.objects.filter(evaluation=evaluation).count()
    probe.report(report_counts, "Document upload fuzz")


def _docx_replacing(member: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(DOCX)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for info in source.infolist():
            archive.writestr(
                info.filename, data if info.filename == member else source.read(info.filename)
            )
    return buffer.getvalue()


def test_document_bombs_and_deep_files_are_refused(world, report_counts, private_media):
    evaluation = f.make_evaluation(world, preload=False)
    cases = {
        "docx bomb": (zip_bomb("word/document.xml", 400 * 1024 * 1024), "bombe.docx"),
        "docx deep xml": (
            _docx_replacing("word/document.xml", deep_xml("w:document", 200_000)),
            "dyp.docx",
        ),
        "docx entities": (
            _docx_replacing(
                "word/document.xml", BILLION_LAUGHS + b"<w:document>&lol9;</w:document>"
            ),
            "latter.docx",
        ),
        "docx without document": (zip_bomb("word/annet.xml", 1024 * 1024), "tom.docx"),
        "pdf header html": (b"%PDF-1.7\n<html><body onload=alert(1)>", "bevis.pdf"),
        "pdf garbage": (b"%PDF-1.7\n" + b"\xff" * 5000, "rot.pdf"),
        "utf-16 text": ("Notat".encode("utf-16"), "notat.txt"),
        "html as text": (b"<script>alert(1)</script>", "notat.txt"),
        "empty": (b"", "tom.txt"),
    }
    probe = Probe(Document, TextSource, refusals=())
    for label, (content, name) in cases.items():
        probe.run(label, _upload(world, evaluation, content, name))
    assert probe.accepted == 0
    probe.report(report_counts, "Document upload bombs and bounds")
