"""Writes for interviews: notes or transcript split by guide question, re-anchored coding."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from boligsosial.accounts.models import User
from boligsosial.audit.models import Action
from boligsosial.audit.services import audited_update, record, snapshot
from boligsosial.core.models import DataSource
from boligsosial.evaluation.models import (
    CodedPassage,
    Evaluation,
    GuideQuestion,
    InformantOrganisation,
    Interview,
    InterviewGuide,
    InterviewSection,
    SourceKind,
    TextSource,
)
from boligsosial.evaluation.selectors import (
    split_transcript,
)
from boligsosial.evaluation.services.common import _require_team
from boligsosial.programmes.models import Participation

# Interviews ----------------------------------------------------------------------------------


def _build_interview_text(
    guide: InterviewGuide, answers: dict[int, str]
) -> tuple[str, list[tuple]]:
    """Plain text with one block per guide question; returns (text, [(question, text, start, end)])."""
    pieces, spans, position = [], [], 0
    questions = list(guide.questions.all())
    blocks: list[tuple[GuideQuestion | None, str, str]] = []
    if answers.get(0):
        blocks.append((None, _("Innledning"), answers[0]))
    blocks += [
        (q, f"{q.number}. {q.text}", answers[q.number]) for q in questions if answers.get(q.number)
    ]
    for question, heading, text in blocks:
        header = heading + "\n"
        pieces.append(header)
        position += len(header)
        start = position
        pieces.append(text)
        position += len(text)
        spans.append((question, text, start, position))
        pieces.append("\n\n")
        position += 2
    return "".join(pieces).rstrip("\n"), spans


def _check_interview(data: dict, evaluation: Evaluation) -> None:
    errors = {}
    guide = data.get("guide")
    if guide is not None and guide.evaluation_id != evaluation.pk:
        errors["guide"] = _("Intervjuguiden hører til en annen evaluering.")
    organisation, participation = data.get("organisation"), data.get("participation")
    if organisation == InformantOrganisation.MUNICIPALITY and participation is None:
        errors["participation"] = _("Velg kommunen informanten kommer fra.")
    if organisation == InformantOrganisation.HUSBANKEN and participation is not None:
        errors["participation"] = _(
            "En informant fra Husbanken hører ikke til en kommune. La feltet stå tomt."
        )
    if participation is not None and participation.programme_id != evaluation.programme_id:
        errors["participation"] = _("Kommunen er ikke med i programmet som evalueres.")
    if not (data.get("informant_role") or "").strip():
        errors["informant_role"] = _(
            "Skriv informantens rolle, for eksempel «programleder». Ikke navn."
        )
    if not data.get("consent"):
        errors["consent"] = _("Intervjuet kan bare registreres når informanten har gitt samtykke.")
    if errors:
        raise ValidationError(errors)


def _write_sections(interview: Interview, answers: dict[int, str]) -> None:
    text, spans = _build_interview_text(interview.guide, answers)
    source = interview.source
    passages = list(source.passages.all())
    if passages and text != source.plain_text:
        _reanchor(passages, text)
    source.plain_text = text
    source.participation = interview.participation
    source.name = str(interview)
    source.save()
    interview.sections.all().delete()
    InterviewSection.objects.bulk_create(
        InterviewSection(interview=interview, guide_question=q, order=i, text=t, start=s, end=e)
        for i, (q, t, s, e) in enumerate(spans)
    )


def _reanchor(passages: list[CodedPassage], new_text: str) -> None:
    """Keep coded passages pointing at the same words after the notes are edited, or refuse."""
    lost = []
    for passage in passages:
        candidates = [m.start() for m in re.finditer(re.escape(passage.text), new_text)]
        if not candidates:
            lost.append(passage.text[:60])
            continue
        start = min(candidates, key=lambda c: abs(c - passage.start))
        passage.start, passage.end = start, start + len(passage.text)
    if lost:
        raise ValidationError(
            _(
                "Endringen ville fjerne tekst som er kodet: «%(text)s». Fjern kodingen først, eller behold teksten."
            )
            % {"text": "», «".join(lost)}
        )
    CodedPassage.objects.bulk_update(passages, ["start", "end"])


@transaction.atomic
def interview_create(
    *,
    user: User,
    evaluation: Evaluation,
    guide: InterviewGuide,
    held_on: dt.date,
    informant_role: str,
    organisation: str,
    participation: Participation | None = None,
    organisation_unit: str = "",
    consent: bool,
    consent_note: str = "",
    answers: dict[int, str] | None = None,
    transcript: str = "",
    data_source: str = DataSource.USER,
    source_note: str = "",
) -> Interview:
    """Register an interview. Notes come per guide question (`answers` {number: text}) or as
    one transcript that is split on question numbers."""
    _require_team(user, evaluation)
    data = dict(
        guide=guide,
        organisation=organisation,
        participation=participation,
        informant_role=informant_role,
        consent=consent,
    )
    _check_interview(data, evaluation)
    if transcript and not answers:
        answers = split_transcript(guide, transcript)
    source = TextSource.objects.create(
        evaluation=evaluation, kind=SourceKind.INTERVIEW, name="–", participation=participation
    )
    interview = Interview.objects.create(
        evaluation=evaluation,
        guide=guide,
        held_on=held_on,
        informant_role=informant_role.strip(),
        organisation=organisation,
        participation=participation,
        organisation_unit=organisation_unit,
        consent=consent,
        consent_note=consent_note,
        interviewer=user,
        source=source,
        data_source=data_source,
        source_note=source_note,
    )
    _write_sections(interview, answers or {})
    record(
        user=user,
        action=Action.CREATE,
        target=interview,
        scope=evaluation,
        after=snapshot(interview),
    )
    return interview


@transaction.atomic
def interview_update(
    *,
    user: User,
    interview: Interview,
    version: int | None,
    answers: dict[int, str] | None = None,
    transcript: str = "",
    **data,
) -> Interview:
    evaluation = interview.evaluation
    _require_team(user, evaluation)
    merged = {
        f: data.get(f, getattr(interview, f))
        for f in ("guide", "organisation", "participation", "informant_role", "consent")
    }
    _check_interview(merged, evaluation)
    audited_update(
        user=user,
        obj=interview,
        version=version,
        changes={field: data[field] for field in Interview.META_FIELDS if field in data},
        scope=evaluation,
    )
    if transcript and not answers:
        answers = split_transcript(interview.guide, transcript)
    if answers is not None:
        _write_sections(interview, answers)
    return interview
