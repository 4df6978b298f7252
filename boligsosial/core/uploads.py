"""Bounds on what an upload may cost before it is parsed: size, decompressed size, depth.

Office files (xlsx, docx) and REFI-QDA projects are zip archives. A small archive can
expand to gigabytes ("zip bomb"); `check_zip_archive` reads the central directory only and
refuses before any member is decompressed. JSON is parsed with a depth limit.
"""

import io
import json
import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_DECOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
MAX_COMPRESSION_RATIO = 200
MAX_JSON_DEPTH = 64


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f}".replace(".", ",")


def check_size(data: bytes | int, *, what: str, limit: int = MAX_UPLOAD_BYTES) -> None:
    """Refuse data (or a size in bytes) larger than the limit."""
    size = data if isinstance(data, int) else len(data)
    if size > limit:
        raise ValidationError(
            _("%(what)s er for stor (%(size)s MB); største tillatte størrelse er %(limit)s MB.")
            % {"what": what, "size": _mb(size), "limit": _mb(limit)}
        )


def check_zip_archive(
    data: bytes | io.IOBase,
    *,
    what: str,
    max_total: int = MAX_DECOMPRESSED_BYTES,
    max_members: int = MAX_ZIP_MEMBERS,
    max_ratio: int = MAX_COMPRESSION_RATIO,
) -> None:
    """Refuse an archive whose declared contents are too large, too many or too compressed.

    Reads only the central directory. The declared sizes are what zipfile enforces while
    extracting (a member that inflates past its declared size raises), so they bound memory.
    """
    stream = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise ValidationError(
            _("%(what)s er ikke en gyldig fil (den kan ikke åpnes som zip-arkiv).") % {"what": what}
        ) from exc
    finally:
        if not isinstance(data, (bytes, bytearray)):
            stream.seek(0)
    if len(members) > max_members:
        raise ValidationError(
            _("%(what)s inneholder for mange deler (%(count)s; høyst %(limit)s).")
            % {"what": what, "count": len(members), "limit": max_members}
        )
    total = sum(m.file_size for m in members)
    if total > max_total:
        raise ValidationError(
            _("%(what)s blir %(size)s MB når den pakkes ut; høyst %(limit)s MB er tillatt.")
            % {"what": what, "size": _mb(total), "limit": _mb(max_total)}
        )
    for m in members:
        if (
            m.compress_size
            and m.file_size / m.compress_size > max_ratio
            and m.file_size > 1_000_000
        ):
            raise ValidationError(
                _(
                    "%(what)s ser ut som en «zip-bombe»: delen «%(name)s» pakkes ut til "
                    "%(ratio)s ganger sin egen størrelse."
                )
                % {"what": what, "name": m.filename[:100], "ratio": m.file_size // m.compress_size}
            )


def _depth(value: Any, limit: int) -> None:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            raise ValidationError(
                _("JSON-dokumentet er nøstet for dypt (mer enn %(limit)s nivåer).")
                % {"limit": limit}
            )
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)


def _no_constant(name: str):
    raise ValueError(name)


def load_json(data: bytes | str, *, what: str, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse JSON with a depth limit, no NaN/Infinity, and a Norwegian message for bad input."""
    if isinstance(data, (bytes, bytearray)):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("%(what)s er ikke UTF-8-kodet.") % {"what": what}) from exc
    # Cheap pre-check: bracket depth bounds the recursion json.loads would need.
    depth = deepest = 0
    in_string = escaped = False
    for ch in data:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > max_depth:
                raise ValidationError(
                    _("JSON-dokumentet er nøstet for dypt (mer enn %(limit)s nivåer).")
                    % {"limit": max_depth}
                )
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    try:
        value = json.loads(data, parse_constant=_no_constant)
    except ValueError as exc:
        raise ValidationError(
            _("%(what)s er ikke gyldig JSON: %(error)s") % {"what": what, "error": exc}
        ) from exc
    _depth(value, max_depth)
    return value
