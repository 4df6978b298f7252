"""Reading a whole REFI-QDA project (.qdpx) into `refiqda_read.QdaProject`, within bounds.

What cannot be coded here (pictures, audio, video, PDF area selections, sources only linked
from the project) is listed in `QdaProject.warnings`, named, never dropped silently.
"""

import uuid

from django.utils.translation import gettext as _
from lxml import etree

from boligsosial.evaluation.refiqda_read import (
    MAX_NAME,
    MAX_NOTE_CHARS,
    MAX_NOTES,
    MAX_SELECTIONS,
    MAX_SOURCES,
    MAX_USERS,
    PROJECT_NAMESPACES,
    UNCODABLE_SOURCES,
    Archive,
    CodebookRefused,
    QdaCoding,
    QdaNote,
    QdaProject,
    QdaSelection,
    QdaSource,
    guid_of,
    namespace,
    optional_guid,
    parse_xml,
    read_codes,
    read_sets,
    stamp,
)


def read_project(content: bytes) -> QdaProject:
    if not content.startswith(b"PK"):
        raise CodebookRefused(
            _("Et REFI-QDA-prosjekt (.qdpx) er en zip-fil; denne filen er ikke det.")
        )
    archive = Archive(content)
    root = parse_xml(archive.project_xml())
    ns = namespace(root, PROJECT_NAMESPACES, "Project")
    project = QdaProject(
        name=(root.get("name") or "")[:MAX_NAME], origin=(root.get("origin") or "")[:200]
    )
    project.users = _users(root, ns)
    codebook = root.find(f"{{{ns}}}CodeBook")
    if codebook is not None:
        project.codes = read_codes(codebook, ns)
    _SourceReader(ns, archive, project).read_all(root.find(f"{{{ns}}}Sources"))
    project.notes = _notes(root, ns)
    project.sets = read_sets(root, ns)
    project.cases = read_sets(root, ns, tag="Cases", member="Case")
    return project


def _users(root, ns: str) -> dict[uuid.UUID, str]:
    users: dict[uuid.UUID, str] = {}
    element = root.find(f"{{{ns}}}Users")
    for user in element.findall(f"{{{ns}}}User") if element is not None else []:
        if len(users) >= MAX_USERS:
            raise CodebookRefused(_("Prosjektet har mer enn %(max)s brukere.") % {"max": MAX_USERS})
        users[guid_of(user)] = (user.get("name") or user.get("id") or "").strip()[:200] or str(
            guid_of(user)
        )
    return users


def _notes(root, ns: str) -> list[QdaNote]:
    notes: list[QdaNote] = []
    element = root.find(f"{{{ns}}}Notes")
    for note in element.findall(f"{{{ns}}}Note") if element is not None else []:
        if len(notes) >= MAX_NOTES:
            raise CodebookRefused(_("Prosjektet har mer enn %(max)s notater.") % {"max": MAX_NOTES})
        content = note.find(f"{{{ns}}}PlainTextContent")
        text = (content.text or "") if content is not None else ""
        if not text.strip():
            description = note.find(f"{{{ns}}}Description")
            text = (description.text or "") if description is not None else ""
        notes.append(
            QdaNote(
                guid=guid_of(note),
                name=(note.get("name") or "")[:200],
                text=text[:MAX_NOTE_CHARS],
                user=optional_guid(note, "creatingUser"),
                created=stamp(note),
            )
        )
    return notes


def _decode(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


class _SourceReader:
    def __init__(self, ns: str, archive: Archive, project: QdaProject):
        self.ns, self.archive, self.project = ns, archive, project
        self.selections = 0
        self.guids: set[uuid.UUID] = set()

    def tag(self, name: str) -> str:
        return f"{{{self.ns}}}{name}"

    def warn(self, message: str, **values) -> None:
        self.project.warnings.append(message % values)

    def read_all(self, sources) -> None:
        if sources is None:
            return
        elements = [e for e in sources if isinstance(e.tag, str)]
        if len(elements) > MAX_SOURCES:
            raise CodebookRefused(
                _("Prosjektet har mer enn %(max)s kilder.") % {"max": MAX_SOURCES}
            )
        for element in elements:
            local = etree.QName(element).localname
            path = element.get("plainTextPath") or element.get("path") or ""
            fallback = path.rsplit("/", 1)[-1] or _("(uten navn)")
            name = ((element.get("name") or "").strip() or fallback)[:MAX_NAME]
            if local == "TextSource":
                self.text_source(element, name)
            elif local == "PDFSource":
                self.pdf_source(element, name)
            elif local in UNCODABLE_SOURCES:
                self.warn(
                    _(
                        "%(kind)s «%(name)s» er ikke importert: bilder, lyd og video kan ikke kodes her."
                    ),
                    kind=local,
                    name=name,
                )

    def text_of(self, element) -> str | None:
        inline = element.find(self.tag("PlainTextContent"))
        if inline is not None and inline.text:
            return inline.text
        raw = self.archive.source(element.get("plainTextPath") or "")
        return _decode(raw) if raw is not None else None

    def text_source(self, element, name: str) -> None:
        text = self.text_of(element)
        selections = element.findall(self.tag("PlainTextSelection"))
        if text is None:
            self.warn(
                _(
                    "Teksten til kilden «%(name)s» finnes ikke i prosjektfilen (plainTextPath "
                    "«%(path)s») eller er ikke UTF-8; kilden og dens %(n)s kodede utdrag er ikke "
                    "importert."
                ),
                name=name,
                path=(element.get("plainTextPath") or "")[:200],
                n=len(selections),
            )
            return
        self.add(element, name, "text", text, selections, pdf=None)

    def pdf_source(self, element, name: str) -> None:
        pdf = self.archive.source(element.get("path") or "")
        representation = element.find(self.tag("Representation"))
        text = self.text_of(representation) if representation is not None else None
        selections = (
            representation.findall(self.tag("PlainTextSelection"))
            if representation is not None
            else []
        )
        areas = element.findall(self.tag("PDFSelection"))
        if areas:
            self.warn(
                _(
                    "PDF-en «%(name)s»: %(n)s områdemarkeringer (PDFSelection) er ikke importert; "
                    "bare markeringer i tekstversjonen kan kodes her."
                ),
                name=name,
                n=len(areas),
            )
        if pdf is None and text is None:
            self.warn(
                _(
                    "PDF-en «%(name)s» finnes ikke i prosjektfilen (path «%(path)s»), og den har "
                    "ingen tekstversjon der; den er ikke importert."
                ),
                name=name,
                path=(element.get("path") or "")[:200],
            )
            return
        self.add(element, name, "pdf", text, selections, pdf=pdf)

    def add(self, element, name, kind, text, selections, pdf) -> None:
        guid = guid_of(element)
        if guid in self.guids:
            raise CodebookRefused(
                _("Linje %(line)s: GUID-en %(g)s er brukt av mer enn én kilde.")
                % {"line": element.sourceline, "g": guid}
            )
        self.guids.add(guid)
        if text is not None and "\x00" in text:
            self.warn(
                _("Teksten til kilden «%(name)s» inneholder NUL-tegn; kilden er ikke importert."),
                name=name,
            )
            return
        source = QdaSource(
            guid=guid,
            name=name,
            kind=kind,
            text=text,
            created=stamp(element),
            selections=[self.selection(s) for s in selections],
            notes=[guid_of(r, "targetGUID") for r in element.findall(self.tag("NoteRef"))],
            pdf=pdf,
        )
        self.project.sources.append(source)

    def selection(self, element) -> QdaSelection:
        self.selections += 1
        if self.selections > MAX_SELECTIONS:
            raise CodebookRefused(
                _("Prosjektet har mer enn %(max)s kodede utdrag.") % {"max": MAX_SELECTIONS}
            )
        try:
            start = int(element.get("startPosition", ""))
            end = int(element.get("endPosition", ""))
        except ValueError:
            raise CodebookRefused(
                _("Linje %(line)s: startPosition og endPosition må være hele tall.")
                % {"line": element.sourceline}
            ) from None
        codings = [
            QdaCoding(code=guid_of(ref, "targetGUID"), user=optional_guid(coding, "creatingUser"))
            for coding in element.findall(self.tag("Coding"))
            for ref in coding.findall(self.tag("CodeRef"))
        ]
        return QdaSelection(
            guid=guid_of(element),
            start=start,
            end=end,
            user=optional_guid(element, "creatingUser"),
            created=stamp(element),
            codings=codings,
            notes=[guid_of(r, "targetGUID") for r in element.findall(self.tag("NoteRef"))],
        )
