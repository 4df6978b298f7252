"""REST API for interviews (with their notes per guide question) and evaluation documents.

The routes the pages have, under the pages' rules (evaluation/access.py) and through the same
services: interviews are informant material (the team reads and writes them; everybody else
gets 404); documents are read by every reader of the evaluation and uploaded and deleted by
the team. Interviews are edited with the `version` read (428 without, 409 when stale); like
the pages, there is no deleting an interview and no editing a document.
"""

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from boligsosial.core.concurrency import require_version
from boligsosial.core.downloads import private_file_response
from boligsosial.evaluation import access, services
from boligsosial.evaluation.models import (
    Document,
    DocumentKind,
    InformantOrganisation,
    Interview,
    InterviewGuide,
)
from boligsosial.programmes.models import Participation

router = Router(tags=["Evaluering – intervjuer og dokumenter"])

MAX_NOTES = 200_000  # characters per guide question, and for a whole transcript
MAX_ANSWERS = 200
Notes = Annotated[str, Field(max_length=MAX_NOTES)]


class EvaluationGuideQuestionOut(Schema):
    number: int
    part: str
    text: str


class EvaluationGuideOut(Schema):
    id: int
    title: str
    audience: str
    dated: dt.date | None
    questions: list[EvaluationGuideQuestionOut]

    @staticmethod
    def resolve_questions(obj):
        return list(obj.questions.all())


class EvaluationInterviewOut(Schema):
    id: int
    version: int
    guide_id: int
    held_on: dt.date
    informant_role: str
    organisation: str
    participation_id: int | None
    municipality: str | None
    organisation_unit: str
    consent: bool
    consent_note: str
    interviewer: str | None
    source_id: int
    data_source: str

    @staticmethod
    def resolve_municipality(obj):
        return obj.participation.municipality.name if obj.participation_id else None

    @staticmethod
    def resolve_interviewer(obj):
        return obj.interviewer.get_username() if obj.interviewer_id else None


class EvaluationInterviewAnswerOut(Schema):
    """The notes on one guide question (number 0: the introduction before question 1)."""

    number: int
    question: str
    notes: str
    start: int
    end: int


class EvaluationInterviewDetailOut(EvaluationInterviewOut):
    text: str
    answers: list[EvaluationInterviewAnswerOut]

    @staticmethod
    def resolve_text(obj):
        return obj.source.plain_text

    @staticmethod
    def resolve_answers(obj):
        return [
            {
                "number": s.guide_question.number if s.guide_question else 0,
                "question": s.guide_question.text if s.guide_question else _("Innledning"),
                "notes": s.text,
                "start": s.start,
                "end": s.end,
            }
            for s in obj.sections.select_related("guide_question").order_by("order")
        ]


class EvaluationInterviewIn(Schema):
    guide_id: int
    held_on: dt.date
    informant_role: str = Field(max_length=200)
    organisation: str = Field(max_length=20)
    participation_id: int | None = None
    organisation_unit: str = Field("", max_length=200)
    consent: bool
    consent_note: str = Field("", max_length=500)
    answers: dict[int, Notes] = Field(default_factory=dict)
    transcript: str = Field("", max_length=MAX_NOTES)


class EvaluationInterviewPatch(Schema):
    """Only what is sent changes; `answers` replaces all notes when sent."""

    version: int | None = None  # required (HTTP 428 without): the interview's version as read
    held_on: dt.date | None = None
    informant_role: str | None = Field(None, max_length=200)
    organisation: str | None = Field(None, max_length=20)
    participation_id: int | None = None
    organisation_unit: str | None = Field(None, max_length=200)
    consent: bool | None = None
    consent_note: str | None = Field(None, max_length=500)
    answers: dict[int, Notes] | None = None
    transcript: str = Field("", max_length=MAX_NOTES)


class EvaluationDocumentOut(Schema):
    id: int
    title: str
    kind: str
    participation_id: int | None
    municipality: str | None
    dated: dt.date | None
    original_name: str
    content_type: str
    size: int
    sha256: str
    source_id: int
    created_at: dt.datetime
    data_source: str

    @staticmethod
    def resolve_municipality(obj):
        return obj.participation.municipality.name if obj.participation_id else None


class EvaluationDocumentDetailOut(EvaluationDocumentOut):
    text: str

    @staticmethod
    def resolve_text(obj):
        return obj.source.plain_text


# Interviews --------------------------------------------------------------------------------


def _interview_for(user, pk: int, *, for_edit: bool = False) -> Interview:
    interview = get_object_or_404(
        Interview.objects.select_related(
            "guide", "source", "participation__municipality", "interviewer"
        ),
        pk=pk,
    )
    access.get_evaluation_for_user(
        user, interview.evaluation_id, for_edit=for_edit, informant_material=True
    )
    return interview


def _participation(evaluation, pk: int | None) -> Participation | None:
    if pk is None:
        return None
    found = Participation.objects.filter(pk=pk, programme_id=evaluation.programme_id).first()
    if found is None:
        raise ValidationError(
            {"participation_id": _("Kommunen er ikke med i programmet som evalueres.")}
        )
    return found


def _check_fields(organisation: str | None, answers: dict | None) -> None:
    if organisation is not None and organisation not in InformantOrganisation.values:
        raise ValidationError(
            {
                "organisation": _("«%(v)s» er ikke en organisasjon. Bruk %(choices)s.")
                % {"v": organisation[:20], "choices": ", ".join(InformantOrganisation.values)}
            }
        )
    if answers is not None and len(answers) > MAX_ANSWERS:
        raise ValidationError(
            {"answers": _("Høyst %(n)s spørsmål per intervju.") % {"n": MAX_ANSWERS}}
        )


@router.get(
    "/evaluations/{pk}/guides", response=list[EvaluationGuideOut], url_name="evaluation_guides"
)
def list_guides(request, pk: int):
    """The interview guides, with the question numbers the interview notes are keyed by."""
    evaluation, _can_edit = access.get_evaluation_for_user(request.auth, pk)
    return list(evaluation.guides.prefetch_related("questions"))


@router.get(
    "/evaluations/{pk}/interviews",
    response=list[EvaluationInterviewOut],
    url_name="evaluation_interviews",
)
def list_interviews(request, pk: int):
    evaluation, _can_edit = access.get_evaluation_for_user(
        request.auth, pk, informant_material=True
    )
    return list(
        evaluation.interviews.select_related("participation__municipality", "interviewer").order_by(
            "held_on", "pk"
        )
    )


@router.post(
    "/evaluations/{pk}/interviews",
    response={201: EvaluationInterviewDetailOut},
    url_name="evaluation_interview_create",
)
def create_interview(request, pk: int, payload: EvaluationInterviewIn):
    """Notes per guide question (`answers`: {number: notes}) or one transcript split on
    the question numbers, as on the page."""
    evaluation, _can_edit = access.get_evaluation_for_user(request.auth, pk, for_edit=True)
    guide = InterviewGuide.objects.filter(pk=payload.guide_id, evaluation=evaluation).first()
    if guide is None:
        raise ValidationError({"guide_id": _("Intervjuguiden finnes ikke i denne evalueringen.")})
    _check_fields(payload.organisation, payload.answers)
    interview = services.interview_create(
        user=request.auth,
        evaluation=evaluation,
        guide=guide,
        held_on=payload.held_on,
        informant_role=payload.informant_role,
        organisation=payload.organisation,
        participation=_participation(evaluation, payload.participation_id),
        organisation_unit=payload.organisation_unit,
        consent=payload.consent,
        consent_note=payload.consent_note,
        answers={n: t for n, t in payload.answers.items() if t.strip()},
        transcript=payload.transcript,
    )
    return Status(201, _interview_for(request.auth, interview.pk))


@router.get(
    "/interviews/{pk}", response=EvaluationInterviewDetailOut, url_name="evaluation_interview"
)
def get_interview(request, pk: int):
    return _interview_for(request.auth, pk)


@router.patch(
    "/interviews/{pk}", response=EvaluationInterviewDetailOut, url_name="evaluation_interview_edit"
)
def edit_interview(request, pk: int, payload: EvaluationInterviewPatch):
    interview = _interview_for(request.auth, pk, for_edit=True)
    version = require_version(payload.version, interview)
    sent = payload.dict(exclude_unset=True)
    _check_fields(sent.get("organisation"), sent.get("answers"))
    data: dict = {}
    for field in ("held_on", "informant_role", "organisation", "consent"):
        if field in sent:
            if sent[field] is None:
                raise ValidationError({field: _("Feltet kan ikke være tomt.")})
            data[field] = sent[field]
    for field in ("organisation_unit", "consent_note"):
        if field in sent:
            data[field] = sent[field] or ""
    if "participation_id" in sent:
        data["participation"] = _participation(interview.evaluation, sent["participation_id"])
    answers = sent.get("answers")
    services.interview_update(
        user=request.auth,
        interview=interview,
        version=version,
        answers={n: t for n, t in answers.items() if t.strip()} if answers is not None else None,
        transcript=payload.transcript,
        **data,
    )
    return _interview_for(request.auth, pk)


# Documents ---------------------------------------------------------------------------------


def _document_for(user, pk: int, *, for_edit: bool = False) -> Document:
    document = get_object_or_404(
        Document.objects.select_related("source", "participation__municipality"), pk=pk
    )
    access.get_evaluation_for_user(user, document.evaluation_id, for_edit=for_edit)
    return document


@router.get(
    "/evaluations/{pk}/documents",
    response=list[EvaluationDocumentOut],
    url_name="evaluation_documents",
)
def list_documents(request, pk: int, q: str = Query("", max_length=200)):
    """The evaluation's documents; `q` keeps those whose text contains it (as on the page)."""
    evaluation, _can_edit = access.get_evaluation_for_user(request.auth, pk)
    documents = evaluation.documents.select_related("participation__municipality")
    if q.strip():
        documents = documents.filter(source__plain_text__icontains=q.strip())
    return list(documents.order_by("pk"))


@router.post(
    "/evaluations/{pk}/documents",
    response={201: EvaluationDocumentDetailOut},
    url_name="evaluation_document_upload",
)
def upload_document(
    request,
    pk: int,
    kind: Form[str],
    title: Form[str],
    file: File[UploadedFile],
    participation_id: Form[int | None] = None,
    dated: Form[dt.date | None] = None,
):
    """A PDF, Word (.docx) or text file; its text is extracted for coding, as on the page."""
    evaluation, _can_edit = access.get_evaluation_for_user(request.auth, pk, for_edit=True)
    if kind not in DocumentKind.values:
        raise ValidationError(
            {"kind": _("Ukjent dokumenttype. Bruk %(k)s.") % {"k": ", ".join(DocumentKind.values)}}
        )
    if not title.strip() or len(title) > 300:
        raise ValidationError({"title": _("Skriv en tittel på høyst 300 tegn.")})
    document = services.document_upload(
        user=request.auth,
        evaluation=evaluation,
        kind=kind,
        title=title.strip(),
        uploaded_file=file,
        participation=_participation(evaluation, participation_id),
        dated=dated,
    )
    return Status(201, _document_for(request.auth, document.pk))


@router.get("/documents/{pk}", response=EvaluationDocumentDetailOut, url_name="evaluation_document")
def get_document(request, pk: int):
    return _document_for(request.auth, pk)


@router.get("/documents/{pk}/file", url_name="evaluation_document_file")
def download_document(request, pk: int):
    """The file as uploaded."""
    document = _document_for(request.auth, pk)
    if not document.file:
        raise Http404
    content_type = document.content_type
    if content_type == "text/plain":
        content_type = "text/plain; charset=utf-8"
    return private_file_response(
        document.file.open("rb"),
        filename=document.original_name or document.file.name or "dokument",
        content_type=content_type,
    )


@router.delete("/documents/{pk}", response={204: None}, url_name="evaluation_document_delete")
def delete_document(request, pk: int):
    """The document, its text and the coding of it (as on the page)."""
    document = _document_for(request.auth, pk, for_edit=True)
    services.document_delete(user=request.auth, document=document)
    return Status(204, None)
