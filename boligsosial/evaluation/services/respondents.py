"""Writes for respondents and their answers (personal link, logged-in and API)."""

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boligsosial.accounts.models import User
from boligsosial.audit.models import Action
from boligsosial.audit.services import record, snapshot
from boligsosial.core.concurrency import bump_version
from boligsosial.core.formatting import format_date
from boligsosial.core.models import DataSource
from boligsosial.evaluation import conditions
from boligsosial.evaluation.models import (
    CHOICE_KINDS,
    Answer,
    Question,
    QuestionKind,
    Questionnaire,
    Respondent,
    ResponseStatus,
    new_token,
)
from boligsosial.evaluation.selectors import (
    relevant_questions,
)
from boligsosial.evaluation.services.common import _require_team
from boligsosial.programmes.models import Participation


@transaction.atomic
def respondent_create(
    *,
    user: User,
    questionnaire: Questionnaire,
    participation: Participation,
    role: str,
    data_source: str = DataSource.USER,
    source_note: str = "",
) -> Respondent:
    _require_team(user, questionnaire.evaluation)
    errors = {}
    if participation.programme_id != questionnaire.evaluation.programme_id:
        errors["participation"] = _("Kommunen er ikke med i programmet som evalueres.")
    if not role.strip():
        errors["role"] = _("Skriv respondentens rolle, for eksempel «programleder».")
    if errors:
        raise ValidationError(errors)
    respondent = Respondent.objects.create(
        questionnaire=questionnaire,
        participation=participation,
        role=role.strip(),
        data_source=data_source,
        source_note=source_note,
    )
    record(
        user=user,
        action=Action.CREATE,
        target=respondent,
        scope=questionnaire.evaluation,
        after=snapshot(respondent, exclude=("token",)),
    )
    return respondent


@transaction.atomic
def respondent_new_link(*, user: User, respondent: Respondent) -> Respondent:
    """Replace the personal link; the old one stops working at once."""
    _require_team(user, respondent.questionnaire.evaluation)
    respondent.token = new_token()
    respondent.save(update_fields=["token", "updated_at"])
    record(
        user=user,
        action=Action.UPDATE,
        target=respondent,
        scope=respondent.questionnaire.evaluation,
        comment=_("Ny personlig lenke laget; den gamle virker ikke lenger."),
    )
    return respondent


MAX_NUMBER = Decimal(10) ** 15


def _clean_number(text: str) -> str:
    return text.replace(" ", "").replace("\u00a0", "")


def _parse_integer(text: str) -> int:
    cleaned = _clean_number(text)
    if not re.fullmatch(r"-?\d{1,15}", cleaned):
        raise ValueError(_("Skriv et heltall, for eksempel 12."))
    return int(cleaned)


def _parse_decimal(text: str) -> float:
    try:
        number = Decimal(_clean_number(text).replace(",", "."))
    except InvalidOperation:
        raise ValueError(_("Skriv et tall, for eksempel 12,5.")) from None
    if not number.is_finite() or abs(number) >= MAX_NUMBER:
        raise ValueError(_("Skriv et tall, for eksempel 12,5."))
    return float(number)


def _parse_date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        try:
            return dt.datetime.strptime(text, "%d.%m.%Y").date().isoformat()
        except ValueError:
            raise ValueError(_("Skriv datoen som dd.mm.åååå, for eksempel 15.09.2011.")) from None


PARSERS: dict[str, Callable[[str], object]] = {
    QuestionKind.INTEGER: _parse_integer,
    QuestionKind.DECIMAL: _parse_decimal,
    QuestionKind.DATE: _parse_date,
}


def _parse_value(question: Question, raw: object) -> object:
    """Turn submitted input into the stored value, or raise ValueError with a message."""
    if question.kind == QuestionKind.MULTIPLE:
        values = [str(v) for v in (raw if isinstance(raw, list) else [raw] if raw else [])]
        values = [v for v in values if v.strip()]
        allowed = {c.value for c in question.choices.all()}
        if any(v not in allowed for v in values):
            raise ValueError(_("Velg blant svaralternativene."))
        return values or None
    text = ("" if raw is None else str(raw)).strip()
    if not text:
        return None
    if question.kind in CHOICE_KINDS:
        if text not in {c.value for c in question.choices.all()}:
            raise ValueError(_("Velg blant svaralternativene."))
        return text
    parser = PARSERS.get(question.kind)
    return parser(text) if parser else text


def _check_open(questionnaire: Questionnaire, today: dt.date) -> None:
    if not questionnaire.is_open_for_answers(today):
        raise ValidationError(
            _("Skjemaet er ikke åpent for svar. Svarfristen var %(date)s.")
            % {"date": format_date(questionnaire.closes_on)}
            if questionnaire.closes_on
            else _("Skjemaet er ikke åpent for svar.")
        )


def _parse_all(
    questions: list[Question], data: dict
) -> tuple[dict[str, object], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    values: dict[str, object] = {}
    for question in questions:
        if not question.answerable:
            continue
        try:
            values[question.name] = _parse_value(
                question, (data.get(question.name) or {}).get("value")
            )
        except ValueError as error:
            errors[question.name] = [str(error)]
    return values, errors


def _answer_problem(question: Question, value: object, values: dict, submit: bool) -> str | None:
    """Why a parsed answer cannot be stored (its rule, or required on submit), or None."""
    broken = (
        value is not None
        and question.constraint
        and not conditions.evaluate(conditions.parse(question.constraint), values, current=value)
    )
    if broken:
        return question.constraint_message or _("Svaret oppfyller ikke regelen for spørsmålet.")
    if submit and question.required and value is None:
        return _("Spørsmålet må besvares før skjemaet sendes inn.")
    return None


def _store_answer(
    respondent: Respondent, question: Question, answer: Answer | None, value: object, comment: str
) -> None:
    if value is None and not comment:
        if answer:
            answer.delete()
        return
    if answer is None:
        Answer.objects.create(
            respondent=respondent, question=question, value=value, comment=comment
        )
    elif answer.value != value or answer.comment != comment:
        answer.value, answer.comment = value, comment
        answer.save()


def _store_answers(
    respondent: Respondent,
    questions: list[Question],
    data: dict,
    values: dict,
    errors: dict[str, list[str]],
    submit: bool,
) -> None:
    """Store each shown, valid answer; remove hidden ones; add problems to `errors`."""
    shown = relevant_questions(questions, {k: v for k, v in values.items() if v is not None})
    existing = {a.question_id: a for a in respondent.answers.all()}
    for question in questions:
        if not question.answerable:
            continue
        if question.pk not in shown:
            if question.pk in existing:
                existing[question.pk].delete()
            errors.pop(question.name, None)
            continue
        if question.name in errors:
            continue
        value = values.get(question.name)
        problem = _answer_problem(question, value, values, submit)
        if problem:
            errors[question.name] = [problem]
            continue
        comment = (
            str((data.get(question.name) or {}).get("comment") or "").strip()
            if question.has_comment
            else ""
        )
        _store_answer(respondent, question, existing.get(question.pk), value, comment)


@transaction.atomic
def answers_save(
    *,
    respondent: Respondent,
    data: dict,
    submit: bool,
    user: User | None = None,
    today: dt.date | None = None,
    version: int | None = None,
) -> Respondent:
    """Save a respondent's answers (a draft, or submitted when `submit`).

    `data` maps question name to {"value": ..., "comment": ...}. Answers to questions whose
    conditions do not hold are removed. Raises ValidationError keyed by question name.
    Callers have already checked that the respondent may be answered by this person/link.
    """
    questionnaire = respondent.questionnaire
    _check_open(questionnaire, today or timezone.localdate())
    bump_version(respondent, version)  # API clients send the version they read; pages do not
    questions = list(questionnaire.questions.select_related("section").prefetch_related("choices"))
    values, errors = _parse_all(questions, data)
    _store_answers(respondent, questions, data, values, errors, submit)
    if errors:
        if not submit:
            # A draft keeps what is valid; the errors still tell the respondent what to fix.
            respondent.status = (
                ResponseStatus.IN_PROGRESS
                if respondent.status != ResponseStatus.SUBMITTED
                else respondent.status
            )
            respondent.save(update_fields=["status", "updated_at"])
        raise ValidationError(errors)
    before_status = respondent.status
    if submit:
        respondent.status = ResponseStatus.SUBMITTED
        respondent.submitted_at = timezone.now()
    elif respondent.status == ResponseStatus.NOT_STARTED:
        respondent.status = ResponseStatus.IN_PROGRESS
    respondent.save()
    record(
        user=user,
        action=Action.TRANSITION if submit else Action.UPDATE,
        target=respondent,
        scope=questionnaire.evaluation,
        before={"status": before_status},
        after={"status": respondent.status},
        comment=_("Svar sendt inn.") if submit else _("Svar lagret som utkast."),
    )
    return respondent
