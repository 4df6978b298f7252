"""Uploaded documents: the content decides the type (never the file name), and text is
extracted for coding and search with pypdf and python-docx."""

import io
import zipfile

import puremagic
from django.utils.translation import gettext as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
ACCEPTED = {PDF: "PDF", DOCX: "Word (.docx)", TEXT: _("ren tekst")}


class DocumentRefused(ValueError):
    pass


def _is_docx(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _is_text(content: bytes) -> bool:
    if b"\x00" in content[:8192]:
        return False
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def detect_type(content: bytes, name: str = "") -> str:
    """Return the MIME type from the bytes, or raise DocumentRefused saying what is accepted."""
    if not content:
        raise DocumentRefused(_("Filen er tom."))
    guesses = []
    try:
        guesses = [m.mime_type for m in puremagic.magic_string(content)]
    except puremagic.PureError:
        guesses = []
    if content.startswith(b"%PDF-") or PDF in guesses:
        return PDF
    if content.startswith(b"PK") and _is_docx(content):
        return DOCX
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise DocumentRefused(
            _(
                "Eldre Word-filer (.doc) støttes ikke. Lagre dokumentet som .docx eller PDF og last opp på nytt."
            )
        )
    if _is_text(content):
        return TEXT
    raise DocumentRefused(
        _(
            "Filtypen støttes ikke. Last opp PDF, Word (.docx) eller ren tekst (UTF-8). Innholdet ser ut som: %(t)s."
        )
        % {"t": guesses[0] if guesses else _("ukjent")}
    )


def _normalise(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip()


def extract_text(content: bytes, content_type: str) -> str:
    if content_type == TEXT:
        return _normalise(content.decode("utf-8").lstrip("\ufeff"))
    if content_type == PDF:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            reader = PdfReader(io.BytesIO(content))
            pages = [page.extract_text() or "" for page in reader.pages]
        except (PdfReadError, ValueError, KeyError) as error:
            raise DocumentRefused(_("PDF-filen kan ikke leses (%(e)s).") % {"e": error}) from None
        text = _normalise("\n\n".join(pages))
        if not text:
            raise DocumentRefused(
                _("PDF-filen har ingen tekst (kanskje skannede bilder). Last opp en PDF med tekst.")
            )
        return text
    if content_type == DOCX:
        import docx

        document = docx.Document(io.BytesIO(content))
        paragraphs = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                paragraphs.append("\t".join(cell.text for cell in row.cells))
        return _normalise("\n".join(paragraphs))
    raise DocumentRefused(_("Filtypen støttes ikke."))
