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

from boligsosial.evaluation import refiqda_read as read
from boligsosial.evaluation.models import (
    Code,
    CodedPassage,
    CodeSet,
    Evaluation,
    ExternalCoder,
    Memo,
    SetKind,
    TextSource,
)
from boligsosial.evaluation.refiqda_read import MAX_CODEBOOK_BYTES, CodebookRefused

PROJECT_NS = read.PROJECT_NAMESPACES[0]
CODEBOOK_NS = read.CODEBOOK_NAMESPACES[0]
MAX_PROJECT_UNPACKED = read.MAX_PROJECT_UNPACKED
ORIGIN = "Boligsosial"
NAMESPACE_FOR_IDS = uuid.UUID("6f1d7f3e-2b52-4c59-9a4e-0a8b3c1d2e4f")


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
    _sets_element(root, evaluation, CODEBOOK_NS, with_sources=False)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _creator(item) -> str:
    """The REFI-QDA User GUID of whoever made a passage or memo."""
    external = getattr(item, "external_coder", None) or getattr(item, "external_author", None)
    if external is not None:
        return _guid(external.guid)
    return _user_guid(item.coder if isinstance(item, CodedPassage) else item.author)


def _users_element(root, passages: list[CodedPassage], memos: list[Memo]) -> None:
    ns = PROJECT_NS
    users = {p.coder for p in passages if not p.external_coder_id}
    users |= {m.author for m in memos if not m.external_author_id}
    externals: set[ExternalCoder] = {
        p.external_coder for p in passages if p.external_coder is not None
    }
    externals |= {m.external_author for m in memos if m.external_author is not None}
    if not users and not externals:
        return
    users_element = etree.SubElement(root, f"{{{ns}}}Users")
    for user in sorted(users, key=lambda u: u.pk):
        etree.SubElement(
            users_element,
            f"{{{ns}}}User",
            {"guid": _user_guid(user), "name": user.get_username(), "id": str(user.pk)},
        )
    for external in sorted(externals, key=lambda e: (e.name, e.pk)):
        etree.SubElement(
            users_element, f"{{{ns}}}User", {"guid": _guid(external.guid), "name": external.name}
        )


def _cases_element(root, evaluation: Evaluation, sources: list[TextSource]) -> None:
    ns = PROJECT_NS
    cases: dict[str, list[TextSource]] = {}
    for source in sources:
        cases.setdefault(source.organisation_label(), []).append(source)
    case_sets = list(
        CodeSet.objects.filter(evaluation=evaluation, kind=SetKind.CASE).prefetch_related("sources")
    )
    if not cases and not case_sets:
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
    for case_set in case_sets:
        case = etree.SubElement(
            cases_element, f"{{{ns}}}Case", {"guid": _guid(case_set.guid), "name": case_set.name}
        )
        if case_set.description:
            etree.SubElement(case, f"{{{ns}}}Description").text = case_set.description
        for source in sorted(case_set.sources.all(), key=lambda s: (s.kind, s.name, s.pk)):
            etree.SubElement(case, f"{{{ns}}}SourceRef", {"targetGUID": _guid(source.guid)})


def _sets_element(root, evaluation: Evaluation, ns: str, with_sources: bool = True) -> None:
    """REFI-QDA Sets (code groups, document groups) with their member codes and sources."""
    sets = list(
        CodeSet.objects.filter(evaluation=evaluation, kind=SetKind.SET).prefetch_related(
            "codes", "sources"
        )
    )
    if not sets:
        return
    sets_element = etree.SubElement(root, f"{{{ns}}}Sets")
    for code_set in sets:
        element = etree.SubElement(
            sets_element, f"{{{ns}}}Set", {"guid": _guid(code_set.guid), "name": code_set.name}
        )
        if code_set.description:
            etree.SubElement(element, f"{{{ns}}}Description").text = code_set.description
        member = "targetGUID" if with_sources else "guid"  # the project and codebook schemas
        for code in sorted(code_set.codes.all(), key=lambda c: (c.order, c.name, c.pk)):
            etree.SubElement(element, f"{{{ns}}}MemberCode", {member: _guid(code.guid)})
        if with_sources:
            for source in sorted(code_set.sources.all(), key=lambda s: (s.kind, s.name, s.pk)):
                etree.SubElement(
                    element, f"{{{ns}}}MemberSource", {"targetGUID": _guid(source.guid)}
                )


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
            "creatingUser": _creator(passage),
            "creationDateTime": _stamp(passage.created_at),
        },
    )
    coding = etree.SubElement(
        selection,
        f"{{{ns}}}Coding",
        {
            "guid": _guid(uuid.uuid5(NAMESPACE_FOR_IDS, f"coding:{passage.guid}")),
            "creatingUser": _creator(passage),
        },
    )
    etree.SubElement(coding, f"{{{ns}}}CodeRef", {"targetGUID": _guid(passage.code.guid)})
    for memo in memos:
        etree.SubElement(selection, f"{{{ns}}}NoteRef", {"targetGUID": _guid(memo.guid)})


def _stored_pdf(source: TextSource) -> bytes | None:
    """The PDF a document source was made from, when it is stored; else None."""
    document = getattr(source, "document", None) if source.kind == "document" else None
    if document is None or document.content_type != "application/pdf" or not document.file:
        return None
    try:
        with document.file.open("rb") as handle:
            return handle.read()
    except OSError:
        return None


def _sources_element(
    root, sources: list[TextSource], passages: list[CodedPassage], passage_memos: dict
) -> dict[str, str | bytes]:
    """The TextSource elements (PDFSource with its text Representation for a stored PDF) with
    their coded selections; returns {file name in sources/: text or bytes}."""
    ns = PROJECT_NS
    files: dict[str, str | bytes] = {}
    if not sources:
        return files
    sources_element = etree.SubElement(root, f"{{{ns}}}Sources")
    by_source: dict[int, list[CodedPassage]] = {}
    for passage in passages:
        by_source.setdefault(passage.source_id, []).append(passage)
    for source in sources:
        guid = _guid(source.guid)
        files[f"{guid}.txt"] = source.plain_text
        attributes = {"guid": guid, "name": source.name}
        stamp = {"creationDateTime": _stamp(source.created_at)}
        pdf = _stored_pdf(source)
        if pdf is None:
            element = etree.SubElement(
                sources_element,
                f"{{{ns}}}TextSource",
                {**attributes, "plainTextPath": f"internal://{guid}.txt", **stamp},
            )
            etree.SubElement(element, f"{{{ns}}}Description").text = source.get_kind_display()
        else:
            files[f"{guid}.pdf"] = pdf
            outer = etree.SubElement(
                sources_element,
                f"{{{ns}}}PDFSource",
                {**attributes, "path": f"internal://{guid}.pdf", **stamp},
            )
            etree.SubElement(outer, f"{{{ns}}}Description").text = source.get_kind_display()
            element = etree.SubElement(
                outer,
                f"{{{ns}}}Representation",
                {
                    "guid": _guid(uuid.uuid5(NAMESPACE_FOR_IDS, f"representation:{guid}")),
                    "plainTextPath": f"internal://{guid}.txt",
                },
            )
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
                "name": memo.title or _("Memo"),
                "creatingUser": _creator(memo),
                "creationDateTime": _stamp(memo.created_at),
            },
        )
        etree.SubElement(note, f"{{{ns}}}PlainTextContent").text = memo.text


def project_xml(evaluation: Evaluation) -> tuple[bytes, dict[str, str | bytes]]:
    """(project.qde, {file name in sources/: text, or the bytes of a stored PDF})."""
    ns = PROJECT_NS
    root = etree.Element(
        f"{{{ns}}}Project",
        {"name": evaluation.title, "origin": ORIGIN, "creationDateTime": _stamp(timezone.now())},
        nsmap={None: ns},
    )
    sources = list(
        TextSource.objects.filter(evaluation=evaluation)
        .select_related("participation__municipality", "document")
        .order_by("kind", "name")
    )
    passages = list(
        CodedPassage.objects.filter(source__evaluation=evaluation, for_agreement_check=False)
        .select_related("coder", "external_coder")
        .order_by("source_id", "start", "end", "pk")
    )
    memos = list(
        Memo.objects.filter(evaluation=evaluation)
        .select_related("author", "external_author")
        .order_by("created_at", "pk")
    )
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
    _sets_element(root, evaluation, ns)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True), files


def project_qdpx(evaluation: Evaluation) -> bytes:
    xml, files = project_xml(evaluation)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", xml)
        for name, content in files.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            archive.writestr(f"sources/{name}", data)
    return buffer.getvalue()


def _codebook_root(content: bytes):
    """(element holding Codes and Sets, namespace): a .qdc, or a .qdpx project's CodeBook."""
    if not content.startswith(b"PK"):
        if len(content) > MAX_CODEBOOK_BYTES:
            raise CodebookRefused(
                _("Kodeboka er for stor (høyst %(mb)s MB).")
                % {"mb": MAX_CODEBOOK_BYTES // (1024 * 1024)}
            )
        root = read.parse_xml(content)
        return root, read.namespace(root, read.CODEBOOK_NAMESPACES, "CodeBook")
    root = read.parse_xml(read.Archive(content).project_xml())
    ns = read.namespace(root, read.PROJECT_NAMESPACES, "Project")
    codebook = root.find(f"{{{ns}}}CodeBook")
    if codebook is None:
        raise CodebookRefused(_("Prosjektet har ingen kodebok (elementet CodeBook mangler)."))
    return codebook, ns


def read_codebook(content: bytes) -> tuple[list[dict], list]:
    """(code tree, Sets) of a .qdc or of a .qdpx project's codebook, within bounds."""
    root, ns = _codebook_root(content)
    if root.find(f"{{{ns}}}Codes") is None:
        raise CodebookRefused(_("Kodeboka har ingen koder (elementet Codes mangler)."))
    return read.read_codes(root, ns), read.read_sets(root, ns)


def parse_codebook(content: bytes) -> list[dict]:
    """Read a .qdc (or a .qdpx project's codebook) into a tree of
    {"guid", "name", "is_codable", "color", "description", "notes", "children"}."""
    return read_codebook(content)[0]


def import_codebook(*, user, evaluation: Evaluation, content: bytes) -> dict:
    """Add the codes and Sets of a .qdc to the evaluation's codebook. Codes already present
    (same GUID) are kept as they are; new ones are placed under their parent. Returns counts."""
    from django.db import transaction

    from boligsosial.core.models import DataSource
    from boligsosial.evaluation import services

    tree, sets = read_codebook(content)
    counts = {"created": 0, "existing": 0, "sets": 0}
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
            existing[node["guid"]] = code
            add(node["children"], code)

    with transaction.atomic():
        add(tree, None)
        known = set(CodeSet.objects.filter(evaluation=evaluation).values_list("guid", flat=True))
        for item in sets:
            if item.guid in known:
                continue
            code_set = CodeSet.objects.create(
                evaluation=evaluation, name=item.name, description=item.description, guid=item.guid
            )
            code_set.codes.set([existing[g] for g in item.codes if g in existing])
            counts["sets"] += 1
    return counts
