"""REFI-QDA exchange (www.qdasoftware.org): project export (.qdpx) and codebook export and
import (.qdc), so NVivo, ATLAS.ti, MAXQDA and QualCoder can open the coding.

- .qdpx is a zip with `project.qde` (QDA-XML, namespace urn:QDA-XML:project:1.0) and a
  `sources/` folder holding each text source as UTF-8 plain text, referenced from the XML
  as `internal://<guid>.txt`.
- Positions are character offsets (Unicode code points) into that plain text, exactly the
  offsets `CodedPassage` stores.
- Municipalities become Cases (each referring to its sources); memos become Notes with
  NoteRefs from the coded selection or the code.
- Agreement-check codings are not exported: the export carries the evaluation's coding.

The schemas the output is validated against in the tests are kept in `tests/data/`.
"""

import datetime as dt
import io
import uuid
import zipfile

from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from boligsosial.evaluation.models import Code, CodedPassage, Evaluation, Memo, TextSource

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = "Boligsosial"
NAMESPACE_FOR_IDS = uuid.UUID("6f1d7f3e-2b52-4c59-9a4e-0a8b3c1d2e4f")


class CodebookRefused(ValueError):
    pass


def _guid(value) -> str:
    return str(value).upper()


def _stamp(value) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _user_guid(user) -> str:
    return _guid(uuid.uuid5(NAMESPACE_FOR_IDS, f"user:{user.pk}"))


def _code_elements(
    parent_element, codes: list[Code], children: dict, ns: str, memo_refs: dict | None = None
):
    for code in codes:
        attributes = {
            "guid": _guid(code.guid),
            "name": code.name,
            "isCodable": "true" if code.is_codable else "false",
        }
        if code.color:
            attributes["color"] = code.color
        element = etree.SubElement(parent_element, f"{{{ns}}}Code", attributes)
        if code.description:
            etree.SubElement(element, f"{{{ns}}}Description").text = code.description
        for memo in (memo_refs or {}).get(code.pk, []):
            etree.SubElement(element, f"{{{ns}}}NoteRef", {"targetGUID": _guid(memo.guid)})
        _code_elements(element, children.get(code.pk, []), children, ns, memo_refs)


def _code_children(evaluation: Evaluation) -> dict:
    children: dict = {}
    for code in Code.objects.filter(evaluation=evaluation).order_by("order", "name"):
        children.setdefault(code.parent_id, []).append(code)
    return children


def codebook_xml(evaluation: Evaluation) -> bytes:
    """The codebook as a REFI-QDA .qdc document."""
    root = etree.Element(
        f"{{{CODEBOOK_NS}}}CodeBook", {"origin": ORIGIN}, nsmap={None: CODEBOOK_NS}
    )
    codes = etree.SubElement(root, f"{{{CODEBOOK_NS}}}Codes")
    children = _code_children(evaluation)
    if not children.get(None):
        raise CodebookRefused(_("Kodeboka er tom; det er ingenting å eksportere."))
    _code_elements(codes, children[None], children, CODEBOOK_NS)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _users_element(root, passages: list[CodedPassage], memos: list[Memo]) -> None:
    ns = PROJECT_NS
    users = {p.coder for p in passages} | {m.author for m in memos}
    if users:
        users_element = etree.SubElement(root, f"{{{ns}}}Users")
        for user in sorted(users, key=lambda u: u.pk):
            etree.SubElement(
                users_element,
                f"{{{ns}}}User",
                {"guid": _user_guid(user), "name": user.get_username(), "id": str(user.pk)},
            )


def _cases_element(root, evaluation: Evaluation, sources: list[TextSource]) -> None:
    ns = PROJECT_NS
    cases: dict[str, list[TextSource]] = {}
    for source in sources:
        cases.setdefault(source.organisation_label(), []).append(source)
    if not cases:
        return
    cases_element = etree.SubElement(root, f"{{{ns}}}Cases")
    for name, case_sources in sorted(cases.items()):
        case = etree.SubElement(
            cases_element,
            f"{{{ns}}}Case",
            {
                "guid": _guid(uuid.uuid5(NAMESPACE_FOR_IDS, f"case:{evaluation.pk}:{name}")),
                "name": name,
            },
        )
        for source in case_sources:
            etree.SubElement(case, f"{{{ns}}}SourceRef", {"targetGUID": _guid(source.guid)})


def _selection_element(element, passage: CodedPassage, memos: list[Memo]) -> None:
    ns = PROJECT_NS
    selection = etree.SubElement(
        element,
        f"{{{ns}}}PlainTextSelection",
        {
            "guid": _guid(passage.guid),
            "name": passage.text[:60],
            "startPosition": str(passage.start),
            "endPosition": str(passage.end),
            "creatingUser": _user_guid(passage.coder),
            "creationDateTime": _stamp(passage.created_at),
        },
    )
    coding = etree.SubElement(
        selection,
        f"{{{ns}}}Coding",
        {
            "guid": _guid(uuid.uuid5(NAMESPACE_FOR_IDS, f"coding:{passage.guid}")),
            "creatingUser": _user_guid(passage.coder),
        },
    )
    etree.SubElement(coding, f"{{{ns}}}CodeRef", {"targetGUID": _guid(passage.code.guid)})
    for memo in memos:
        etree.SubElement(selection, f"{{{ns}}}NoteRef", {"targetGUID": _guid(memo.guid)})


def _sources_element(
    root, sources: list[TextSource], passages: list[CodedPassage], passage_memos: dict
) -> dict[str, str]:
    """The TextSource elements with their coded selections; returns {file name: text}."""
    ns = PROJECT_NS
    files: dict[str, str] = {}
    if not sources:
        return files
    sources_element = etree.SubElement(root, f"{{{ns}}}Sources")
    by_source: dict[int, list[CodedPassage]] = {}
    for passage in passages:
        by_source.setdefault(passage.source_id, []).append(passage)
    for source in sources:
        file_name = f"{_guid(source.guid)}.txt"
        files[file_name] = source.plain_text
        element = etree.SubElement(
            sources_element,
            f"{{{ns}}}TextSource",
            {
                "guid": _guid(source.guid),
                "name": source.name,
                "plainTextPath": f"internal://{file_name}",
                "creationDateTime": _stamp(source.created_at),
            },
        )
        etree.SubElement(element, f"{{{ns}}}Description").text = source.get_kind_display()
        for passage in by_source.get(source.pk, []):
            _selection_element(element, passage, passage_memos.get(passage.pk, []))
    return files


def _notes_element(root, memos: list[Memo]) -> None:
    ns = PROJECT_NS
    if not memos:
        return
    notes = etree.SubElement(root, f"{{{ns}}}Notes")
    for memo in memos:
        note = etree.SubElement(
            notes,
            f"{{{ns}}}Note",
            {
                "guid": _guid(memo.guid),
                "name": _("Memo"),
                "creatingUser": _user_guid(memo.author),
                "creationDateTime": _stamp(memo.created_at),
            },
        )
        etree.SubElement(note, f"{{{ns}}}PlainTextContent").text = memo.text


def project_xml(evaluation: Evaluation) -> tuple[bytes, dict[str, str]]:
    """(project.qde, {file name in sources/: text})."""
    ns = PROJECT_NS
    root = etree.Element(
        f"{{{ns}}}Project",
        {"name": evaluation.title, "origin": ORIGIN, "creationDateTime": _stamp(timezone.now())},
        nsmap={None: ns},
    )
    sources = list(
        TextSource.objects.filter(evaluation=evaluation)
        .select_related("participation__municipality")
        .order_by("kind", "name")
    )
    passages = list(
        CodedPassage.objects.filter(source__evaluation=evaluation, for_agreement_check=False)
        .select_related("coder")
        .order_by("source_id", "start", "end")
    )
    memos = list(Memo.objects.filter(evaluation=evaluation).select_related("author"))
    _users_element(root, passages, memos)
    code_memos: dict = {}
    passage_memos: dict = {}
    for memo in memos:
        if memo.passage_id:
            passage_memos.setdefault(memo.passage_id, []).append(memo)
        elif memo.code_id:
            code_memos.setdefault(memo.code_id, []).append(memo)
    children = _code_children(evaluation)
    if children.get(None):
        codebook = etree.SubElement(root, f"{{{ns}}}CodeBook")
        codes = etree.SubElement(codebook, f"{{{ns}}}Codes")
        _code_elements(codes, children[None], children, ns, code_memos)
    _cases_element(root, evaluation, sources)
    files = _sources_element(root, sources, passages, passage_memos)
    _notes_element(root, memos)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True), files


def project_qdpx(evaluation: Evaluation) -> bytes:
    xml, files = project_xml(evaluation)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", xml)
        for name, text in files.items():
            archive.writestr(f"sources/{name}", text.encode("utf-8"))
    return buffer.getvalue()


MAX_CODEBOOK_BYTES = 5 * 1024 * 1024
MAX_PROJECT_UNPACKED = 100 * 1024 * 1024
MAX_CODES = 5000
MAX_CODE_DEPTH = 20
MAX_DESCRIPTION_CHARS = 20_000
MAX_CODE_NAME = 200  # Code.name's max_length


def _safe_parser():
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        dtd_validation=False,
    )


def _codebook_bytes(content: bytes) -> tuple[bytes, str]:
    """(XML, namespace): a .qdc as it is, or a .qdpx's project.qde, within size bounds."""
    if not content.startswith(b"PK"):
        if len(content) > MAX_CODEBOOK_BYTES:
            raise CodebookRefused(
                _("Kodeboka er for stor (høyst %(mb)s MB).")
                % {"mb": MAX_CODEBOOK_BYTES // (1024 * 1024)}
            )
        return content, CODEBOOK_NS
    from django.core.exceptions import ValidationError

    from boligsosial.core.uploads import check_zip_archive

    try:
        check_zip_archive(content, what=_("Prosjektfilen"), max_total=MAX_PROJECT_UNPACKED)
    except ValidationError as error:
        raise CodebookRefused(" ".join(error.messages)) from None
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        try:
            info = archive.getinfo("project.qde")
        except KeyError:
            raise CodebookRefused(
                _("Prosjektfilen (.qdpx) mangler project.qde og kan ikke importeres.")
            ) from None
        if info.file_size > MAX_CODEBOOK_BYTES * 4:
            raise CodebookRefused(_("project.qde i prosjektfilen er for stor."))
        try:
            return archive.read(info), PROJECT_NS
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise CodebookRefused(
                _("Prosjektfilen kan ikke pakkes ut (%(e)s).") % {"e": error}
            ) from None


def _codes_element(content: bytes):
    xml, ns = _codebook_bytes(content)
    try:
        root = etree.fromstring(xml, parser=_safe_parser())
    except (etree.XMLSyntaxError, ValueError) as error:
        raise CodebookRefused(_("Filen er ikke gyldig XML: %(e)s") % {"e": error}) from None
    if root is None:
        raise CodebookRefused(_("Filen er ikke gyldig XML."))
    if ns == PROJECT_NS:
        if root.tag != f"{{{PROJECT_NS}}}Project":
            raise CodebookRefused(
                _("project.qde er ikke et REFI-QDA-prosjekt: rotelementet skal være Project.")
            )
        root = root.find(f"{{{PROJECT_NS}}}CodeBook")
        if root is None:
            raise CodebookRefused(_("Prosjektet har ingen kodebok (elementet CodeBook mangler)."))
    elif root.tag != f"{{{CODEBOOK_NS}}}CodeBook":
        raise CodebookRefused(
            _(
                "Filen er ikke en REFI-QDA-kodebok (.qdc): rotelementet skal være CodeBook i navnerommet %(ns)s."
            )
            % {"ns": CODEBOOK_NS}
        )
    codes_element = root.find(f"{{{ns}}}Codes")
    if codes_element is None:
        raise CodebookRefused(_("Kodeboka har ingen koder (elementet Codes mangler)."))
    return codes_element, ns


def _code_guid(element) -> uuid.UUID:
    guid, name = element.get("guid"), element.get("name")
    if not guid or not name or not name.strip():
        raise CodebookRefused(
            _("Linje %(line)s: en kode mangler guid eller name.") % {"line": element.sourceline}
        )
    if len(name) > MAX_CODE_NAME:
        raise CodebookRefused(
            _("Linje %(line)s: kodenavnet er for langt (høyst %(max)s tegn).")
            % {"line": element.sourceline, "max": MAX_CODE_NAME}
        )
    try:
        return uuid.UUID(guid.strip("{}"))
    except ValueError:
        raise CodebookRefused(
            _("Linje %(line)s: «%(g)s» er ikke en gyldig GUID.")
            % {"line": element.sourceline, "g": guid[:100]}
        ) from None


class _CodebookReader:
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
            "children": [
                self.read(child, depth + 1) for child in element.findall(f"{{{self.ns}}}Code")
            ],
        }


def parse_codebook(content: bytes) -> list[dict]:
    """Read a .qdc (or a .qdpx project's codebook) into a tree of
    {"guid", "name", "is_codable", "color", "description", "children"}, within bounds."""
    codes_element, ns = _codes_element(content)
    reader = _CodebookReader(ns)
    return [reader.read(element) for element in codes_element.findall(f"{{{ns}}}Code")]


def import_codebook(*, user, evaluation: Evaluation, content: bytes) -> dict:
    """Add the codes of a .qdc to the evaluation's codebook. Codes already present (same
    GUID) are kept as they are; new ones are placed under their parent. Returns counts."""
    from django.db import transaction

    from boligsosial.core.models import DataSource
    from boligsosial.evaluation import services

    tree = parse_codebook(content)
    counts = {"created": 0, "existing": 0}
    existing = {c.guid: c for c in Code.objects.filter(evaluation=evaluation)}

    def add(nodes, parent):
        for node in nodes:
            code = existing.get(node["guid"])
            if code is None:
                code = services.code_create(
                    user=user,
                    evaluation=evaluation,
                    name=node["name"],
                    parent=parent,
                    description=node["description"],
                    color=node["color"],
                    is_codable=node["is_codable"],
                    guid=node["guid"],
                    data_source=DataSource.IMPORT,
                )
                counts["created"] += 1
            else:
                counts["existing"] += 1
            add(node["children"], code)

    with transaction.atomic():
        add(tree, None)
    return counts
