"""Checking evidence files by their whole content, never by their first bytes alone.

Allowed: PDF, Word (.docx, .doc), Excel (.xlsx, .xls) and images (PNG, JPEG, GIF, WebP).
The first bytes say which type a file claims to be; the file is accepted only when its
whole content is a file of that type: a PDF must parse (pypdf) and end where a PDF ends,
an image must decode (Pillow) and end where its format ends, an Office Open XML file must
pass the zip-bomb bounds (`core.uploads.check_zip_archive`), hold the parts of a Word or
Excel document and have intact members, and an old Office file must parse as an OLE2
container with a Word or Excel stream. A file name whose extension names another type than
the content is refused too, so a download never arrives under a misleading name.
"""

import hashlib
import io
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import olefile
import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from boligsosial.core.formatting import format_number
from boligsosial.core.uploads import check_zip_archive

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}
KIND_LABELS = {
    "pdf": "PDF",
    "docx": "Word",
    "doc": "Word",
    "xlsx": "Excel",
    "xls": "Excel",
    "png": "PNG",
    "jpg": "JPEG",
    "gif": "GIF",
    "webp": "WebP",
}
EXTENSIONS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".doc": "doc",
    ".xls": "xls",
    ".png": "png",
    ".jpg": "jpg",
    ".jpeg": "jpg",
    ".gif": "gif",
    ".webp": "webp",
}
IMAGE_KINDS = {".png": "png", ".jpg": "jpg", ".jpeg": "jpg", ".gif": "gif", ".webp": "webp"}
PILLOW_FORMATS = {"png": "PNG", "jpg": "JPEG", "gif": "GIF", "webp": "WEBP"}
MAX_IMAGE_PIXELS = 40_000_000  # 40 megapixels: any photo or scan, never a decompression bomb
# What may follow a format's end marker: line ends and padding some writers add.
TRAILING_PADDING = b" \t\r\n\x00"


@dataclass
class CheckedFile:
    data: bytes
    kind: str
    content_type: str
    sha256: str


def _ooxml_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    return None


def detect_kind(data: bytes) -> str | None:
    """The type the file's first bytes claim; `check_content` decides whether it is one."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(OLE2_SIGNATURE):
        # Word and Excel 97–2003 share the container; the stream names tell them apart.
        return (
            "xls"
            if b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" in data[:65536]
            or b"Workbook" in data[:65536]
            else "doc"
        )
    if data.startswith(b"PK\x03\x04"):
        return _ooxml_kind(data)
    try:
        extension = puremagic.from_string(data[:8192])
    except (puremagic.PureError, ValueError):
        return None
    return IMAGE_KINDS.get(extension.lower())


# Whole-content checks, one per family ---------------------------------------------------


def _ends_with(data: bytes, marker: bytes) -> bool:
    return data.rstrip(TRAILING_PADDING).endswith(marker)


def _check_pdf(data: bytes) -> bool:
    from pypdf import PdfReader

    if not _ends_with(data, b"%%EOF"):
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            return len(reader.pages) >= 1
    except Exception:  # pypdf raises many kinds on a broken file; every one means "not a PDF"
        return False


def _check_image(data: bytes, kind: str) -> bool:
    from PIL import Image

    endings = {"png": b"IEND\xaeB`\x82", "jpg": b"\xff\xd9", "gif": b";"}
    if kind in endings and not _ends_with(data, endings[kind]):
        return False
    if kind == "webp" and int.from_bytes(data[4:8], "little") + 8 != len(data):
        return False
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != PILLOW_FORMATS[kind]:
                return False
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                return False
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except Exception:  # Pillow raises OSError, SyntaxError, ValueError… on a broken image
        return False
    return True


OOXML_MAIN_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def _check_ooxml(data: bytes, kind: str, name: str) -> bool:
    check_zip_archive(data, what=_("Filen «%(name)s»") % {"name": name})
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if OOXML_MAIN_PARTS[kind] not in archive.namelist():
                return False
            return archive.testzip() is None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False


OLE_STREAMS = {"doc": (["WordDocument"],), "xls": (["Workbook"], ["Book"])}


def _check_ole(data: bytes, kind: str) -> bool:
    try:
        with olefile.OleFileIO(data) as ole:
            return any(ole.exists("/".join(path)) for path in OLE_STREAMS[kind])
    except Exception:  # olefile raises OSError and others on a broken container
        return False


def check_content(data: bytes, kind: str, name: str) -> bool:
    """True when the whole of `data` is a file of `kind` (ValidationError for a zip bomb)."""
    checks: dict[str, Callable[[], bool]] = {
        "pdf": lambda: _check_pdf(data),
        "docx": lambda: _check_ooxml(data, kind, name),
        "xlsx": lambda: _check_ooxml(data, kind, name),
        "doc": lambda: _check_ole(data, kind),
        "xls": lambda: _check_ole(data, kind),
    }
    check = checks.get(kind, lambda: _check_image(data, kind))
    return check()


# The upload -----------------------------------------------------------------------------


def _file_error(message: str) -> ValidationError:
    return ValidationError({"file": message})


def _read_bounded(uploaded: Any) -> bytes:
    limit = settings.UPLOAD_MAX_BYTES
    size = getattr(uploaded, "size", None)
    if size is not None and size > limit:
        raise _file_error(_too_big(size, limit))
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise _file_error(_too_big(len(data), limit))
    if not data:
        raise _file_error(
            _("Filen «%(name)s» er tom. Velg en fil med innhold.") % {"name": uploaded.name}
        )
    return data


def _not_allowed(name: str) -> ValidationError:
    return _file_error(
        _(
            "Filen «%(name)s» er ikke en PDF, et Word- eller Excel-dokument eller et bilde (PNG, JPEG, GIF, WebP), "
            "selv om navnet kan tyde på det. Innholdet avgjør filtypen. Lagre dokumentet som PDF og prøv igjen."
        )
        % {"name": name}
    )


def _check_name(name: str, kind: str) -> None:
    extension = PurePath(name).suffix.lower()
    if not extension or EXTENSIONS.get(extension) == kind:
        return
    raise _file_error(
        _(
            "Filen «%(name)s» har endelsen %(extension)s, men innholdet er en %(kind)s-fil. "
            "Gi filen riktig endelse (%(expected)s) og prøv igjen."
        )
        % {
            "name": name,
            "extension": extension,
            "kind": KIND_LABELS[kind],
            "expected": "." + kind,
        }
    )


def check_upload(uploaded: Any) -> CheckedFile:
    """Read and check an uploaded file; raise ValidationError with a message a user can act on."""
    data = _read_bounded(uploaded)
    name = str(uploaded.name or "")
    kind = detect_kind(data)
    if kind is None:
        raise _not_allowed(name)
    try:
        valid = check_content(data, kind, name)
    except ValidationError as error:
        raise _file_error(" ".join(error.messages)) from error
    if not valid:
        raise _not_allowed(name)
    _check_name(name, kind)
    return CheckedFile(
        data=data,
        kind=kind,
        content_type=CONTENT_TYPES[kind],
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _too_big(size: int, limit: int) -> str:
    mb = 1024 * 1024
    return _(
        "Filen er på %(size)s MB, men grensen er %(limit)s MB. Komprimer eller del opp dokumentet og prøv igjen."
    ) % {
        "size": format_number(round(size / mb, 1), 1),
        "limit": format_number(round(limit / mb, 1), 1),
    }
