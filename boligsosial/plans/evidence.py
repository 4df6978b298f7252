"""Checking evidence files by their content, never by their name.

Allowed: PDF, Word (.docx, .doc), Excel (.xlsx, .xls) and images (PNG, JPEG, GIF, WebP).
The file's first bytes decide the type (puremagic); Office Open XML files must also contain
the parts of a Word or Excel document, and the old Office formats the OLE2 signature.
"""

import hashlib
import io
import zipfile
from dataclasses import dataclass

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from boligsosial.core.formatting import format_number

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
IMAGE_KINDS = {".png": "png", ".jpg": "jpg", ".jpeg": "jpg", ".gif": "gif", ".webp": "webp"}


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
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    return None


def detect_kind(data: bytes) -> str | None:
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


def check_upload(uploaded) -> CheckedFile:
    """Read and check an uploaded file; raise ValidationError with a message a user can act on."""
    limit = settings.UPLOAD_MAX_BYTES
    size = getattr(uploaded, "size", None)
    if size is not None and size > limit:
        raise ValidationError({"file": _too_big(size, limit)})
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise ValidationError({"file": _too_big(len(data), limit)})
    if not data:
        raise ValidationError(
            {
                "file": _("Filen «%(name)s» er tom. Velg en fil med innhold.")
                % {"name": uploaded.name}
            }
        )
    kind = detect_kind(data)
    if kind is None:
        raise ValidationError(
            {
                "file": _(
                    "Filen «%(name)s» er ikke en PDF, et Word- eller Excel-dokument eller et bilde (PNG, JPEG, GIF, WebP), "
                    "selv om navnet kan tyde på det. Innholdet avgjør filtypen. Lagre dokumentet som PDF og prøv igjen."
                )
                % {"name": uploaded.name}
            }
        )
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
