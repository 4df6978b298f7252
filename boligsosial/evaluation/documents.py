"""Uploaded documents: the content decides the type and must match the file's name; text is
extracted for coding and search with pypdf and python-docx, within fixed bounds.

Bounds before any parsing: the upload size (`settings.UPLOAD_MAX_BYTES`), a Word file's
unpacked size and its main XML part (`core.uploads.check_zip_archive`), a PDF's page count,
and the length of the extracted text. HTML, SVG, XML or script is never accepted, whatever
the file is called: a "text" document that contains markup is refused.
"""

import io
import re
import zipfile
from pathlib import PurePath

import puremagic
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from boligsosial.core.uploads import check_zip_archive

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
ACCEPTED = {PDF: "PDF", DOCX: "Word (.docx)", TEXT: _("ren tekst")}
EXTENSIONS = {".pdf": PDF, ".docx": DOCX, ".txt": TEXT, ".text": TEXT, ".md": TEXT}
MAX_DOCX_UNPACKED = 100 * 1024 * 1024
MAX_DOCX_XML = 15 * 1024 * 1024
MAX_PDF_PAGES = 1500
MAX_TEXT_CHARS = 3_000_000
MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|frame|frameset|svg|object|embed|meta|"
    rb"style|link|base|form|img|math|\?xml|xml)[\s/>]|javascript:",
    re.IGNORECASE,
)


class DocumentRefused(ValueError):
    pass


def _is_docx(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False


def _is_text(content: bytes) -> bool:
    if b"\x00" in content:
        return False
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _type_from_content(content: bytes) -> str:
    guesses = []
    try:
        guesses = [m.mime_type for m in puremagic.magic_string(content)]
    except (puremagic.PureError, ValueError):
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


def _check_no_markup(content: bytes, content_type: str) -> None:
    """HTML, SVG, XML or script is refused as text, and in a PDF's first bytes."""
    sample = content if content_type == TEXT else content[:4096]
    if MARKUP.search(sample):
        raise DocumentRefused(
            _(
                "Filen inneholder HTML, XML eller skript og kan ikke lastes opp som dokument. "
                "Last opp PDF, Word (.docx) eller ren tekst uten markering."
            )
        )


def _check_name(content_type: str, name: str) -> None:
    """The file's name (its declared type) must agree with what the content is."""
    suffix = PurePath(name or "").suffix.lower()
    if not suffix:
        return
    declared = EXTENSIONS.get(suffix)
    if declared is None:
        raise DocumentRefused(
            _(
                "Filendelsen «%(ext)s» støttes ikke. Last opp PDF (.pdf), Word (.docx) eller "
                "ren tekst (.txt)."
            )
            % {"ext": suffix[:20]}
        )
    if declared != content_type:
        raise DocumentRefused(
            _(
                "Filen heter «%(name)s», men innholdet er %(actual)s, ikke %(declared)s. "
                "Last opp filen med riktig filendelse."
            )
            % {
                "name": PurePath(name).name[:100],
                "actual": ACCEPTED[content_type],
                "declared": ACCEPTED[declared],
            }
        )


def _check_docx_archive(content: bytes) -> None:
    try:
        check_zip_archive(content, what=_("Word-filen"), max_total=MAX_DOCX_UNPACKED)
    except ValidationError as error:
        raise DocumentRefused(" ".join(error.messages)) from None
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        main = archive.getinfo("word/document.xml")
    if main.file_size > MAX_DOCX_XML:
        raise DocumentRefused(
            _("Word-filens tekstdel er for stor (over %(mb)s MB utpakket).")
            % {"mb": MAX_DOCX_XML // (1024 * 1024)}
        )


def detect_type(content: bytes, name: str = "") -> str:
    """Return the MIME type from the bytes, or raise DocumentRefused saying what is accepted."""
    if not content:
        raise DocumentRefused(_("Filen er tom."))
    content_type = _type_from_content(content)
    if content_type in (TEXT, PDF):
        _check_no_markup(content, content_type)
    _check_name(content_type, name)
    if content_type == DOCX:
        _check_docx_archive(content)
    return content_type


def _normalise(text: str) -> str:
    text = text.replace("\x00", "")  # PostgreSQL text cannot hold NUL; PDFs sometimes carry it
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip()


def _too_long() -> DocumentRefused:
    return DocumentRefused(
        _("Dokumentet har for mye tekst (mer enn %(n)s tegn). Del det opp og last opp delene.")
        % {"n": f"{MAX_TEXT_CHARS:,}".replace(",", "\u00a0")}
    )


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(content))
        if len(reader.pages) > MAX_PDF_PAGES:
            raise DocumentRefused(
                _("PDF-filen har %(n)s sider; høyst %(max)s sider kan lastes opp.")
                % {"n": len(reader.pages), "max": MAX_PDF_PAGES}
            )
        pages, total = [], 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            total += len(pages[-1])
            if total > MAX_TEXT_CHARS:
                raise _too_long()
    except DocumentRefused:
        raise
    except Exception as error:  # pypdf raises many kinds on damaged or hostile files
        raise DocumentRefused(
            _("PDF-filen kan ikke leses (%(e)s).") % {"e": str(error)[:200] or type(error).__name__}
        ) from None
    text = _normalise("\n\n".join(pages))
    if not text:
        raise DocumentRefused(
            _("PDF-filen har ingen tekst (kanskje skannede bilder). Last opp en PDF med tekst.")
        )
    return text


def _docx_text(content: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(content))
        paragraphs = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                paragraphs.append("\t".join(cell.text for cell in row.cells))
    except Exception as error:  # python-docx/lxml raise many kinds on damaged files
        raise DocumentRefused(
            _("Word-filen kan ikke leses (%(e)s).")
            % {"e": str(error)[:200] or type(error).__name__}
        ) from None
    return _normalise("\n".join(paragraphs))


def extract_text(content: bytes, content_type: str) -> str:
    if content_type == TEXT:
        text = _normalise(content.decode("utf-8").lstrip("\ufeff"))
    elif content_type == PDF:
        text = _pdf_text(content)
    elif content_type == DOCX:
        text = _docx_text(content)
    else:
        raise DocumentRefused(_("Filtypen støttes ikke."))
    if len(text) > MAX_TEXT_CHARS:
        raise _too_long()
    return text
