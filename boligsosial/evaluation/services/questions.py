"""Writes for the questions of a questionnaire built in the browser."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from boligsosial.accounts.models import User
from boligsosial.audit.models import Action
from boligsosial.audit.services import record
from boligsosial.evaluation import conditions
from boligsosial.evaluation.models import (
    CHOICE_KINDS,
    Choice,
    Question,
    QuestionKind,
    Questionnaire,
    Section,
)
from boligsosial.evaluation.selectors import structure_locked
from boligsosial.evaluation.services.common import _require_team


def _question_name(
    questionnaire: Questionnaire, label: str, name: str, errors: dict[str, list[str]]
) -> str:
    """The given name, or one made from the label; checked and unique in the form."""
    name = name.strip() or slugify(label.replace("æ", "ae").replace("ø", "o").replace("å", "a"))[
        :40
    ].replace("-", "_")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name or ""):
        errors["name"] = [
            _(
                "Navnet kan bare ha bokstavene a–z, tall og understrek, og må begynne med en bokstav."
            )
        ]
    elif (
        questionnaire.questions.filter(name=name).exists()
        or questionnaire.sections.filter(name=name).exists()
    ):
        errors["name"] = [_("Navnet «%(n)s» er allerede i bruk i skjemaet.") % {"n": name}]
    return name


def _question_choices(
    kind: str, name: str, choices: list[tuple[str, str]] | None, errors: dict[str, list[str]]
) -> tuple[list[tuple[str, str]], str]:
    """(choices, list name): the fixed lists for yes/no/partly and scale, else the given ones."""
    from boligsosial.evaluation import preload

    if kind == QuestionKind.YES_NO_PARTLY:
        return (
            [(str(c["value"]), str(c["label"])) for c in preload.YES_NO_PARTLY_CHOICES],
            preload.YES_NO_PARTLY_LIST,
        )
    if kind == QuestionKind.SCALE:
        return [
            (str(c["value"]), str(c["label"])) for c in preload.SCALE_CHOICES
        ], preload.SCALE_LIST
    if kind in CHOICE_KINDS and len(choices or []) < 2:
        errors["choices"] = [_("Skriv minst to svaralternativer, ett per linje.")]
    return list(choices or []), (name if kind in CHOICE_KINDS else "")


def _end_of_form(questionnaire: Questionnaire) -> int:
    return (
        max(
            [
                *questionnaire.questions.values_list("order", flat=True),
                *questionnaire.sections.values_list("order", flat=True),
                0,
            ]
        )
        + 1
    )


def _question_place(
    questionnaire: Questionnaire,
    section: Section | None,
    new_section_title: str,
    errors: dict[str, list[str]],
) -> tuple[Section | None, int]:
    """(section, order) for the new question: the end of the section, a new section or the form."""
    if section is not None and section.questionnaire_id != questionnaire.pk:
        raise PermissionDenied
    if new_section_title.strip():
        position = _end_of_form(questionnaire)
        if not errors:
            section = Section.objects.create(
                questionnaire=questionnaire,
                order=position,
                title=new_section_title.strip(),
                name=f"del_{questionnaire.sections.count() + 1}",
            )
        return section, position
    if section is not None:
        return section, max([section.order, *section.questions.values_list("order", flat=True)]) + 1
    return None, _end_of_form(questionnaire)


def _check_question_expressions(
    questionnaire: Questionnaire,
    position: int,
    name: str,
    relevant: str,
    constraint: str,
    errors: dict[str, list[str]],
) -> None:
    """Conditions may refer only to earlier questions; constraints also to the question itself."""
    earlier = set(questionnaire.questions.filter(order__lt=position).values_list("name", flat=True))
    for field, text, allowed in (
        ("relevant", relevant, earlier),
        ("constraint", constraint, earlier | {name}),
    ):
        try:
            unknown = conditions.references(conditions.parse(text)) - allowed
        except conditions.UnsupportedExpression as error:
            errors[field] = [str(error)]
            continue
        if unknown:
            errors[field] = [
                _("Uttrykket viser til %(refs)s, som ikke er et tidligere spørsmål.")
                % {"refs": ", ".join(sorted(unknown))}
            ]


def _make_room(questionnaire: Questionnaire, position: int, section: Section | None) -> None:
    Question.objects.filter(questionnaire=questionnaire, order__gte=position).update(
        order=models.F("order") + 1
    )
    others = Section.objects.filter(questionnaire=questionnaire, order__gte=position)
    if section is not None:
        others = others.exclude(pk=section.pk)
    others.update(order=models.F("order") + 1)


@transaction.atomic
def question_add(
    *,
    user: User,
    questionnaire: Questionnaire,
    kind: str,
    label: str,
    name: str = "",
    hint: str = "",
    required: bool = False,
    relevant: str = "",
    constraint: str = "",
    constraint_message: str = "",
    choices: list[tuple[str, str]] | None = None,
    section: Section | None = None,
    new_section_title: str = "",
) -> Question:
    """Add a question at the end of a section (or of the form), building the form in the browser.

    Refused once anyone has answered, so results always describe one version of the form;
    change a form in use by exporting it, editing the XLSForm and importing it as a new form."""
    _require_team(user, questionnaire.evaluation)
    errors: dict[str, list[str]] = {}
    if structure_locked(questionnaire):
        raise ValidationError(
            _(
                "Skjemaet har svar og kan ikke endres. Eksporter det som XLSForm, endre og importer "
                "det som et nytt skjema."
            )
        )
    if kind not in QuestionKind.values:
        errors["kind"] = [_("Ukjent spørsmålstype.")]
    if not label.strip():
        errors["label"] = [_("Skriv spørsmålet.")]
    name = _question_name(questionnaire, label, name, errors)
    choices, list_name = _question_choices(kind, name, choices, errors)
    section, position = _question_place(questionnaire, section, new_section_title, errors)
    _check_question_expressions(questionnaire, position, name, relevant, constraint, errors)
    if errors:
        raise ValidationError(errors)
    _make_room(questionnaire, position, section)
    question = Question.objects.create(
        questionnaire=questionnaire,
        section=section,
        order=position,
        name=name,
        kind=kind,
        label=label.strip(),
        hint=hint.strip(),
        required=required,
        relevant=relevant.strip(),
        constraint=constraint.strip(),
        constraint_message=constraint_message.strip(),
        choice_list=list_name,
    )
    Choice.objects.bulk_create(
        Choice(question=question, order=i, value=v, label=lbl)
        for i, (v, lbl) in enumerate(choices, start=1)
    )
    record(
        user=user,
        action=Action.UPDATE,
        target=questionnaire,
        scope=questionnaire.evaluation,
        comment=_("Spørsmål lagt til: %(l)s") % {"l": question.label},
    )
    return question


@transaction.atomic
def question_delete(*, user: User, question: Question) -> None:
    questionnaire = question.questionnaire
    _require_team(user, questionnaire.evaluation)
    if structure_locked(questionnaire):
        raise ValidationError(_("Skjemaet har svar og kan ikke endres."))
    dependants = [
        q.name
        for q in questionnaire.questions.exclude(pk=question.pk)
        if question.name in conditions.references(conditions.parse(q.relevant))
    ]
    if dependants:
        raise ValidationError(
            _("Spørsmålene %(q)s har betingelser på dette spørsmålet. Endre dem først.")
            % {"q": ", ".join(dependants)}
        )
    record(
        user=user,
        action=Action.UPDATE,
        target=questionnaire,
        scope=questionnaire.evaluation,
        comment=_("Spørsmål fjernet: %(l)s") % {"l": question.label},
    )
    question.delete()
