"""Reading REFI-QDA files within bounds: codebooks (.qdc) and projects (.qdpx).

Both namespace spellings seen in the wild are read: the standard's `urn:QDA-XML:project:1.0`
/ `urn:QDA-XML:codebook:1.0` and the `…:1:0` that QualCoder and NVivo for Mac write.

A .qdpx is a zip with one `.qde` file at the top (`project.qde`; ATLAS.ti names it after the
project) and the sources under `sources/` (`Sources/` in NVivo for Windows). A source's text
is read from `plainTextPath` (`internal://<name>` or a bare name, both inside the zip) or
from an inline `PlainTextContent`; a source that is only linked (`relative://`,
`absolute://`, a `basePath`) is not in the file and is reported, not guessed at. A PDF is
read with its text representation (`Representation`), whose PlainTextSelections are coded
text; PDF area selections, pictures, audio and video cannot be coded here and are reported.

Nothing here writes; `services.qda_import` saves what is read, all or nothing.
"""

import datetime as dt
import io
import uuid
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from lxml import etree

PROJECT_NAMESPACES = ("urn:QDA-XML:project:1.0", "urn:QDA-XML:project:1:0")
CODEBOOK_NAMESPACES = ("urn:QDA-XML:codebook:1.0", "urn:QDA-XML:codebook:1:0")

MAX_CODEBOOK_BYTES = 5 * 1024 * 1024
MAX_PROJECT_XML_BYTES = 4 * MAX_CODEBOOK_BYTES
MAX_PROJECT_UNPACKED = 100 * 1024 * 1024
MAX_CODES = 5000
MAX_CODE_DEPTH = 20
MAX_DESCRIPTION_CHARS = 20_000
MAX_CODE_NAME = 200  # Code.name's max_length
MAX_SOURCES = 1000
MAX_SELECTIONS = 50_000
MAX_NOTES = 10_000
MAX_SETS = 5000
MAX_USERS = 1000
MAX_SOURCE_BYTES = 20 * 1024 * 1024
MAX_NAME = 300  # TextSource.name's max_length
MAX_NOTE_CHARS = 100_000
UNCODABLE_SOURCES = ("PictureSource", "AudioSource", "VideoSource")


class CodebookRefused(ValueError):
    """The file is not imported; the message says why, in Norwegian."""


@dataclass
class QdaCoding:
    code: uuid.UUID
    user: uuid.UUID | None


@dataclass
class QdaSelection:
    guid: uuid.UUID
    start: int
    end: int
    user: uuid.UUID | None
    created: dt.datetime | None
    codings: list[QdaCoding]
    notes: list[uuid.UUID]


@dataclass
class QdaSource:
    guid: uuid.UUID
    name: str
    kind: str  # "text" or "pdf"
    text: str | None
    created: dt.datetime | None
    selections: list[QdaSelection]
    notes: list[uuid.UUID]
    pdf: bytes | None = None


@dataclass
class QdaNote:
    guid: uuid.UUID
    name: str
    text: str
    user: uuid.UUID | None
    created: dt.datetime | None


@dataclass
class QdaSet:
    guid: uuid.UUID
    name: str
    description: str
    codes: list[uuid.UUID]
    sources: list[uuid.UUID]


@dataclass
class QdaProject:
    name: str
    origin: str
    users: dict[uuid.UUID, str] = field(default_factory=dict)
    codes: list[dict] = field(default_factory=list)
    sources: list[QdaSource] = field(default_factory=list)
    notes: list[QdaNote] = field(default_factory=list)
    sets: list[QdaSet] = field(default_factory=list)
    cases: list[QdaSet] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def safe_parser():
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def parse_xml(xml: bytes):
    try:
        root = etree.fromstring(xml, parser=safe_parser())
    except (etree.XMLSyntaxError, ValueError) as error:
        raise CodebookRefused(_("Filen er ikke gyldig XML: %(e)s") % {"e": error}) from None
    if root is None:
        raise CodebookRefused(_("Filen er ikke gyldig XML."))
    return root


def namespace(root, accepted: tuple[str, ...], local: str) -> str:
    """The root's namespace if it is one of `accepted` and the root is `local`; else refuse."""
    qname = etree.QName(root)
    if qname.namespace in accepted and qname.localname == local:
        return qname.namespace
    what = _("kodebok (.qdc)") if local == "CodeBook" else _("prosjekt (project.qde)")
    raise CodebookRefused(
        _(
            "Filen er ikke en REFI-QDA-%(what)s: rotelementet skal være %(local)s i navnerommet "
            "%(ns)s; filen har «%(tag)s»."
        )
        % {"what": what, "local": local, "ns": accepted[0], "tag": str(root.tag)[:120]}
    )


def guid_of(element, attribute: str = "guid") -> uuid.UUID:
    raw = element.get(attribute) or ""
    try:
        return uuid.UUID(raw.strip().strip("{}"))
    except ValueError:
        raise CodebookRefused(
            _("Linje %(line)s: «%(g)s» er ikke en gyldig GUID (%(tag)s).")
            % {"line": element.sourceline, "g": raw[:100], "tag": etree.QName(element).localname}
        ) from None


def optional_guid(element, attribute: str) -> uuid.UUID | None:
    return guid_of(element, attribute) if element.get(attribute) else None


def stamp(element) -> dt.datetime | None:
    try:
        value = parse_datetime(element.get("creationDateTime") or "")
    except ValueError:
        return None
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value


# Archive -----------------------------------------------------------------------------------


class Archive:
    """The zip's members by lower-case name, read within the bounds checked up front."""

    def __init__(self, content: bytes):
        from boligsosial.core.uploads import check_zip_archive

        try:
            check_zip_archive(content, what=_("Prosjektfilen"), max_total=MAX_PROJECT_UNPACKED)
        except ValidationError as error:
            raise CodebookRefused(" ".join(error.messages)) from None
        self.zip = zipfile.ZipFile(io.BytesIO(content))
        self.members = {info.filename.lower(): info for info in self.zip.infolist()}

    def project_xml(self) -> bytes:
        info = self.members.get("project.qde")
        if info is None:
            top = [
                i for name, i in self.members.items() if name.endswith(".qde") and "/" not in name
            ]
            if len(top) != 1:
                raise CodebookRefused(
                    _("Prosjektfilen (.qdpx) mangler project.qde og kan ikke importeres.")
                )
            info = top[0]
        if info.file_size > MAX_PROJECT_XML_BYTES:
            raise CodebookRefused(_("project.qde i prosjektfilen er for stor."))
        return self.read(info)

    def read(self, info) -> bytes:
        try:
            return self.zip.read(info)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
            raise CodebookRefused(
                _("Prosjektfilen kan ikke pakkes ut (%(e)s).") % {"e": error}
            ) from None

    def source(self, path: str) -> bytes | None:
        """The bytes of `internal://name` or a bare `name` under sources/; None if not here."""
        if not path or "://" in path and not path.startswith("internal://"):
            return None
        name = path.removeprefix("internal://").lstrip("/").lower()
        info = self.members.get(f"sources/{name}") or self.members.get(name)
        if info is None or info.is_dir():
            return None
        if info.file_size > MAX_SOURCE_BYTES:
            raise CodebookRefused(
                _("Kilden «%(name)s» i prosjektfilen er for stor (høyst %(mb)s MB).")
                % {"name": path[:200], "mb": MAX_SOURCE_BYTES // (1024 * 1024)}
            )
        return self.read(info)


# Codes -------------------------------------------------------------------------------------


def _code_guid(element) -> uuid.UUID:
    name = element.get("name")
    if not element.get("guid") or not name or not name.strip():
        raise CodebookRefused(
            _("Linje %(line)s: en kode mangler guid eller name.") % {"line": element.sourceline}
        )
    if len(name) > MAX_CODE_NAME:
        raise CodebookRefused(
            _("Linje %(line)s: kodenavnet er for langt (høyst %(max)s tegn).")
            % {"line": element.sourceline, "max": MAX_CODE_NAME}
        )
    return guid_of(element)


class CodebookReader:
    """Reads Code elements into dicts, counting codes and depth and refusing repeated GUIDs."""

    def __init__(self, ns: str):
        self.ns = ns
        self.guids: set[uuid.UUID] = set()

    def read(self, element, depth: int = 1) -> dict:
        if depth > MAX_CODE_DEPTH:
            raise CodebookRefused(
                _("Linje %(line)s: kodeboka er nøstet dypere enn %(max)s nivåer.")
                % {"line": element.sourceline, "max": MAX_CODE_DEPTH}
            )
        guid = _code_guid(element)
        if guid in self.guids:
            raise CodebookRefused(
                _("Linje %(line)s: GUID-en %(g)s er brukt av mer enn én kode.")
                % {"line": element.sourceline, "g": guid}
            )
        self.guids.add(guid)
        if len(self.guids) > MAX_CODES:
            raise CodebookRefused(_("Kodeboka har mer enn %(max)s koder.") % {"max": MAX_CODES})
        description = element.find(f"{{{self.ns}}}Description")
        color = element.get("color", "")
        return {
            "guid": guid,
            "name": element.get("name"),
            "is_codable": (element.get("isCodable", "true").lower() in ("true", "1")),
            "color": color if len(color) == 7 else "",
            "description": (description.text or "")[:MAX_DESCRIPTION_CHARS]
            if description is not None
            else "",
            "notes": [
                guid_of(ref, "targetGUID") for ref in element.findall(f"{{{self.ns}}}NoteRef")
            ],
            "children": [
                self.read(child, depth + 1) for child in element.findall(f"{{{self.ns}}}Code")
            ],
        }


def read_codes(parent, ns: str) -> list[dict]:
    codes_element = parent.find(f"{{{ns}}}Codes")
    if codes_element is None:
        return []
    reader = CodebookReader(ns)
    return [reader.read(element) for element in codes_element.findall(f"{{{ns}}}Code")]


def _member(element) -> uuid.UUID:
    """A member reference: `targetGUID` in projects, `guid` in codebooks (their schema)."""
    return guid_of(element, "targetGUID" if element.get("targetGUID") else "guid")


def read_sets(parent, ns: str, tag: str = "Sets", member: str = "Set") -> list[QdaSet]:
    element = parent.find(f"{{{ns}}}{tag}")
    if element is None:
        return []
    sets: list[QdaSet] = []
    for item in element.findall(f"{{{ns}}}{member}"):
        if len(sets) >= MAX_SETS:
            raise CodebookRefused(_("Filen har mer enn %(max)s sett.") % {"max": MAX_SETS})
        description = item.find(f"{{{ns}}}Description")
        refs = "SourceRef" if member == "Case" else "MemberSource"
        sets.append(
            QdaSet(
                guid=guid_of(item),
                name=(item.get("name") or "").strip()[:MAX_CODE_NAME] or _("(uten navn)"),
                description=((description.text or "") if description is not None else "")[
                    :MAX_DESCRIPTION_CHARS
                ],
                codes=[_member(r) for r in item.findall(f"{{{ns}}}MemberCode")],
                sources=[_member(r) for r in item.findall(f"{{{ns}}}{refs}")],
            )
        )
    return sets
