"""Importing a whole REFI-QDA project (.qdpx) into an evaluation, all or nothing.

Sources become documents (kind «Annet») with their text exactly as the project has it, so
the coded positions stay right; a stored PDF is kept as the document's file. Codes keep
their GUIDs, hierarchy and colours (codes already in the codebook with the same GUID are
reused). Each Coding becomes a coded passage; the project's Users are matched to team
members by user name or e-mail, and anyone else becomes a named external coder. Notes become
memos on the passage, code or (for project and source notes) the evaluation. Sets become
sets; Cases named like a programme municipality set the sources' municipality, other Cases
are kept as case sets. What cannot be imported is counted and named in the warnings.
"""

import hashlib
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from boligsosial.audit.models import Action
from boligsosial.audit.services import record
from boligsosial.core.models import DataSource
from boligsosial.evaluation.models import (
    Code,
    CodedPassage,
    CodeSet,
    Document,
    DocumentKind,
    Evaluation,
    ExternalCoder,
    Memo,
    SetKind,
    SourceKind,
    TextSource,
)
from boligsosial.evaluation.refiqda_read import CodebookRefused, QdaProject, QdaSource
from boligsosial.evaluation.services.common import _require_team

IDS = uuid.UUID("0b7c3a52-7d0e-4e53-9a51-3f4b8f2c6d11")
COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


@dataclass
class ImportResult:
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@transaction.atomic
def project_import(*, user, evaluation: Evaluation, content: bytes) -> ImportResult:
    """Read and save a .qdpx; CodebookRefused (nothing saved) names what is wrong."""
    from boligsosial.evaluation.refiqda_project import read_project

    _require_team(user, evaluation)
    project = read_project(content)
    importer = _Importer(user, evaluation, project)
    try:
        result = importer.run()
    except BaseException:
        for document in importer.documents_made:  # the rows roll back; the files must go too
            document.file.delete(save=False)
        raise
    record(
        user=user,
        action=Action.IMPORT,
        target=evaluation,
        scope=evaluation,
        after={"refi_qda": project.origin, **result.counts},
    )
    return result


class _Importer:
    def __init__(self, user, evaluation: Evaluation, project: QdaProject):
        self.user, self.evaluation, self.project = user, evaluation, project
        self.result = ImportResult(warnings=list(project.warnings))
        self.note = _("REFI-QDA-import fra %(origin)s") % {"origin": project.origin or "?"}
        self.coders: dict[uuid.UUID, tuple] = {}
        self.codes: dict[uuid.UUID, Code] = {}
        self.sources: dict[uuid.UUID, TextSource] = {}
        self.passages: dict[uuid.UUID, CodedPassage] = {}  # by selection GUID
        self.note_targets: dict[uuid.UUID, dict] = {}
        self.existing_codes = {c.guid: c for c in Code.objects.filter(evaluation=evaluation)}
        self.documents_made: list[Document] = []
        self.passages_made: list[CodedPassage] = []
        self.memos_made = self.sets_made = 0
        self.set_guids: set[uuid.UUID] = set()

    def warn(self, text: str) -> None:
        self.result.warnings.append(text)

    def run(self) -> ImportResult:
        self.refuse_repeat()
        self.map_coders()
        self.add_codes(self.project.codes, None)
        for source in self.project.sources:
            self.add_source(source)
        self.add_memos()
        self.add_sets()
        self.add_cases()
        self.result.counts.update(
            kilder=len(self.sources),
            koder=len(self.codes),
            kodinger=len(self.passages_made),
            notater=self.memos_made,
            sett=self.sets_made,
            eksterne_kodere=sum(1 for _user, ext in self.coders.values() if ext is not None),
        )
        return self.result

    # Guards and people ---------------------------------------------------------------

    def refuse_repeat(self) -> None:
        guids = [s.guid for s in self.project.sources]
        again = TextSource.objects.filter(evaluation=self.evaluation, guid__in=guids).first()
        if again is not None:
            raise CodebookRefused(
                _(
                    "Prosjektet ser ut til å være importert før: kilden «%(name)s» finnes "
                    "allerede i evalueringen. Ingenting er importert."
                )
                % {"name": again.name}
            )

    def map_coders(self) -> None:
        team = list(self.evaluation.team.all())
        known: dict[str, Any] = {}
        for member in team:
            for key in (member.get_username(), member.email, member.get_full_name()):
                if key:
                    known.setdefault(key.strip().casefold(), member)
        for guid, name in self.project.users.items():
            match = known.get(name.casefold())
            if match is not None:
                self.coders[guid] = (match, None)
                continue
            external, _created = ExternalCoder.objects.get_or_create(
                evaluation=self.evaluation, guid=guid, defaults={"name": name}
            )
            self.coders[guid] = (self.user, external)

    def coder(self, guid: uuid.UUID | None) -> tuple:
        return self.coders.get(guid, (self.user, None)) if guid else (self.user, None)

    # Codes ---------------------------------------------------------------------------

    def add_codes(self, nodes: list[dict], parent: Code | None) -> None:
        from boligsosial.evaluation import services

        for node in nodes:
            code = self.existing_codes.get(node["guid"])
            if code is None:
                code = services.code_create(
                    user=self.user,
                    evaluation=self.evaluation,
                    name=node["name"],
                    parent=parent,
                    description=node["description"],
                    color=node["color"] if COLOUR.fullmatch(node["color"]) else "",
                    is_codable=node["is_codable"],
                    guid=node["guid"],
                    data_source=DataSource.IMPORT,
                )
            self.codes[node["guid"]] = code
            for note in node["notes"]:
                self.note_targets.setdefault(note, {"code": code})
            self.add_codes(node["children"], code)

    # Sources and coding --------------------------------------------------------------

    def add_source(self, qda: QdaSource) -> None:
        text = qda.text
        if text is None and qda.pdf is not None:
            from boligsosial.evaluation.documents import DocumentRefused, extract_text

            try:
                text = extract_text(qda.pdf, "application/pdf")
            except DocumentRefused as error:
                self.warn(
                    _("PDF-en «%(name)s» er ikke importert: %(e)s") % {"name": qda.name, "e": error}
                )
                return
        guid = qda.guid
        if TextSource.objects.filter(guid=guid).exists():  # the GUID is taken elsewhere
            guid = uuid.uuid5(IDS, f"{self.evaluation.pk}:{qda.guid}")
        source = TextSource.objects.create(
            evaluation=self.evaluation,
            kind=SourceKind.DOCUMENT,
            name=qda.name,
            plain_text=text or "",
            guid=guid,
        )
        self.save_document(source, qda)
        self.sources[qda.guid] = source
        self.stamp(source, qda.created)
        for note in qda.notes:
            self.note_targets.setdefault(note, {})
        self.add_selections(source, qda)

    def save_document(self, source: TextSource, qda: QdaSource) -> None:
        content = qda.pdf if qda.pdf is not None else (qda.text or "").encode("utf-8")
        content_type = "application/pdf" if qda.pdf is not None else "text/plain"
        document = Document(
            evaluation=self.evaluation,
            kind=DocumentKind.OTHER,
            title=qda.name,
            original_name=qda.name[:255],
            content_type=content_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=self.user,
            source=source,
            data_source=DataSource.IMPORT,
            source_note=self.note[:500],
        )
        suffix = ".pdf" if qda.pdf is not None else ".txt"
        document.file.save(f"{document.sha256[:16]}{suffix}", ContentFile(content), save=False)
        try:
            document.save()
        except Exception:
            document.file.delete(save=False)
            raise
        self.documents_made.append(document)

    def add_selections(self, source: TextSource, qda: QdaSource) -> None:
        outside = unknown = headings = 0
        length = len(source.plain_text)
        seen: set[tuple] = set()
        for selection in qda.selections:
            if not 0 <= selection.start < selection.end <= length:
                outside += 1
                continue
            for number, coding in enumerate(selection.codings):
                code = self.codes.get(coding.code)
                if code is None:
                    unknown += 1
                    continue
                if not code.is_codable:
                    headings += 1
                    continue
                coder, external = self.coder(coding.user or selection.user)
                key = (code.pk, selection.start, selection.end, coder.pk, external)
                if key in seen:
                    continue
                seen.add(key)
                passage = CodedPassage(
                    source=source,
                    code=code,
                    start=selection.start,
                    end=selection.end,
                    text=source.plain_text[selection.start : selection.end],
                    coder=coder,
                    external_coder=external,
                    guid=selection.guid
                    if number == 0
                    else uuid.uuid5(IDS, f"{selection.guid}:{coding.code}"),
                    data_source=DataSource.IMPORT,
                    source_note=self.note[:500],
                )
                passage.save()
                self.stamp(passage, selection.created)
                self.passages_made.append(passage)
                self.passages.setdefault(selection.guid, passage)
                for note in selection.notes:
                    self.note_targets.setdefault(note, {"passage": passage})
        self.report_selections(source.name, outside, unknown, headings)

    def report_selections(self, name: str, outside: int, unknown: int, headings: int) -> None:
        if outside:
            self.warn(
                _(
                    "Kilden «%(name)s»: %(n)s kodede utdrag ligger utenfor teksten og er ikke importert."
                )
                % {"name": name, "n": outside}
            )
        if unknown:
            self.warn(
                _("Kilden «%(name)s»: %(n)s kodinger viser til koder som ikke finnes i kodeboka.")
                % {"name": name, "n": unknown}
            )
        if headings:
            self.warn(
                _(
                    "Kilden «%(name)s»: %(n)s kodinger med en kode som ikke kan kodes "
                    "(isCodable=false) er ikke importert."
                )
                % {"name": name, "n": headings}
            )

    def stamp(self, obj, created) -> None:
        if created is not None:
            type(obj).objects.filter(pk=obj.pk).update(created_at=created)
            obj.created_at = created

    # Notes, sets and cases -----------------------------------------------------------

    def add_memos(self) -> None:
        for note in self.project.notes:
            if not note.text.strip():
                self.warn(
                    _("Notatet «%(name)s» er tomt og er ikke importert.") % {"name": note.name}
                )
                continue
            target = self.note_targets.get(note.guid, {})
            author, external = self.coder(note.user)
            memo = Memo.objects.create(
                evaluation=self.evaluation,
                passage=target.get("passage"),
                code=target.get("code"),
                author=author,
                external_author=external,
                title=note.name,
                text=note.text,
                guid=note.guid,
            )
            self.stamp(memo, note.created)
            self.memos_made += 1

    def add_sets(self) -> None:
        self.set_guids |= set(
            CodeSet.objects.filter(evaluation=self.evaluation).values_list("guid", flat=True)
        )
        for qda in self.project.sets:
            self.save_set(qda, SetKind.SET)

    def save_set(self, qda, kind: str) -> None:
        if qda.guid in self.set_guids:  # already here, or a Set and a Case sharing a GUID
            return
        self.set_guids.add(qda.guid)
        code_set = CodeSet.objects.create(
            evaluation=self.evaluation,
            kind=kind,
            name=qda.name,
            description=qda.description,
            guid=qda.guid,
        )
        code_set.codes.set([self.codes[g] for g in qda.codes if g in self.codes])
        code_set.sources.set([self.sources[g] for g in qda.sources if g in self.sources])
        self.sets_made += 1

    def add_cases(self) -> None:
        from boligsosial.programmes.models import Participation

        municipalities = {
            p.municipality.name.casefold(): p
            for p in Participation.objects.filter(
                programme_id=self.evaluation.programme_id
            ).select_related("municipality")
        }
        for case in self.project.cases:
            participation = municipalities.get(case.name.casefold())
            if participation is None and case.name.casefold() != "husbanken":
                self.save_set(case, SetKind.CASE)
                continue
            for guid in case.sources:
                source = self.sources.get(guid)
                if source is not None and participation is not None:
                    TextSource.objects.filter(pk=source.pk).update(participation=participation)
                    Document.objects.filter(source=source).update(participation=participation)
