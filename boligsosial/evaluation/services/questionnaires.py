"""Writes for questionnaires: build from a form specification and change status."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from boligsosial.accounts.models import User
from boligsosial.audit.models import Action
from boligsosial.audit.services import audited_update, record, snapshot
from boligsosial.core.models import DataSource
from boligsosial.evaluation import conditions
from boligsosial.evaluation.models import (
    Choice,
    Evaluation,
    Question,
    Questionnaire,
    QuestionnaireStatus,
    Section,
)
from boligsosial.evaluation.services.common import _require_team

# Questionnaires ----------------------------------------------------------------------------


def _check_spec_expressions(spec: dict) -> None:
    """Conditions may refer only to earlier questions; constraints only to the answer itself."""
    seen: set[str] = set()
    errors = []

    def check(item):
        for attribute in ("relevant", "constraint"):
            text = item.get(attribute) or ""
            try:
                tree = conditions.parse(text)
            except conditions.UnsupportedExpression as error:
                errors.append(_("«%(name)s»: %(error)s") % {"name": item["name"], "error": error})
                continue
            unknown = (
                conditions.references(tree)
                - seen
                - ({item["name"]} if attribute == "constraint" else set())
            )
            if unknown:
                errors.append(
                    _("«%(name)s» viser til %(refs)s, som ikke er et tidligere spørsmål.")
                    % {"name": item["name"], "refs": ", ".join(sorted(unknown))}
                )

    def visit(items):
        for item in items:
            check(item)
            if item["type"] == "group":
                visit(item.get("items", []))
            seen.add(item["name"])

    visit(spec["items"])
    if errors:
        raise ValidationError(errors)


def _too_long(model: type[models.Model], field: str, value: object, where: str) -> str | None:
    limit = getattr(model._meta.get_field(field), "max_length", None)
    text = str(value or "")
    if limit and len(text) > limit:
        return _("%(where)s: %(field)s har %(n)s tegn; høyst %(max)s er tillatt.") % {
            "where": where,
            "field": field,
            "n": len(text),
            "max": limit,
        }
    return None


def _question_field_errors(item: dict, model: type[models.Model]) -> list[str]:
    where = _("«%(name)s»") % {"name": str(item.get("name", ""))[:100]}
    fields = {"name": "name", "relevant": "relevant", "appearance": "appearance"}
    if model is Question:
        fields.update(
            {
                k: k
                for k in (
                    "constraint",
                    "constraint_message",
                    "required_message",
                    "calculation",
                    "choice_filter",
                    "choice_list",
                )
            }
        )
    else:
        fields["label"] = "title"
    problems = [_too_long(model, f, item.get(k), where) for k, f in fields.items()]
    for choice in item.get("choices", []):
        problems.append(_too_long(Choice, "value", choice.get("value"), where))
        problems.append(_too_long(Choice, "label", choice.get("label"), where))
    return [p for p in problems if p]


def _check_spec_fields(spec: dict) -> None:
    """Every text fits its column, form_id is a slug and question names are unique."""
    from django.core.validators import validate_slug

    errors = [
        p
        for p in (
            _too_long(Questionnaire, "title", spec.get("title"), "form_title"),
            _too_long(Questionnaire, "form_id", spec.get("form_id"), "form_id"),
            _too_long(Questionnaire, "form_version", spec.get("version"), "version"),
            _too_long(
                Questionnaire, "default_language", spec.get("default_language"), "default_language"
            ),
        )
        if p
    ]
    try:
        validate_slug(spec.get("form_id") or "")
    except ValidationError:
        errors.append(
            _("form_id «%(id)s» kan bare ha bokstaver a–z, tall, bindestrek og understrek.")
            % {"id": str(spec.get("form_id"))[:100]}
        )
    names: set[str] = set()

    def visit(items):
        nonlocal errors
        for item in items:
            if item["type"] == "group":
                errors += _question_field_errors(item, Section)
                visit(item.get("items", []))
                continue
            errors += _question_field_errors(item, Question)
            if item["name"] in names:
                errors.append(
                    _("Spørsmålsnavnet «%(name)s» er brukt mer enn én gang.")
                    % {"name": item["name"][:100]}
                )
            names.add(item["name"])

    visit(spec["items"])
    if errors:
        raise ValidationError(errors)


QUESTION_TEXTS = (
    "hint",
    "relevant",
    "constraint",
    "constraint_message",
    "required_message",
    "calculation",
    "appearance",
    "choice_filter",
    "choice_list",
)


def _create_items(questionnaire: Questionnaire, items: list[dict]) -> None:
    """The spec's groups (nested) and questions as sections, questions and choices, in order."""
    order = 0

    def add_question(item, section):
        nonlocal order
        order += 1
        question = Question.objects.create(
            questionnaire=questionnaire,
            section=section,
            order=order,
            name=item["name"],
            kind=item["kind"],
            label=item["label"],
            translations=item.get("translations", {}),
            required=item.get("required", False),
            or_other=item.get("or_other", False),
            xlsform=item.get("xlsform", {}),
            **{field: item.get(field) or "" for field in QUESTION_TEXTS},
        )
        Choice.objects.bulk_create(
            Choice(
                question=question,
                order=i,
                value=c["value"],
                label=c["label"],
                translations=c.get("translations", {}),
                xlsform=c.get("xlsform", {}),
            )
            for i, c in enumerate(item.get("choices", []), start=1)
        )

    def add(items, parent):
        nonlocal order
        for item in items:
            if item["type"] != "group":
                add_question(item, parent)
                continue
            order += 1
            section = Section.objects.create(
                questionnaire=questionnaire,
                parent=parent,
                order=order,
                name=item["name"],
                title=item["label"],
                hint=item.get("hint", ""),
                translations=item.get("translations", {}),
                relevant=item.get("relevant", ""),
                repeat=item.get("repeat", False),
                appearance=item.get("appearance", ""),
                xlsform=item.get("xlsform", {}),
            )
            add(item.get("items", []), section)

    add(items, None)


def _free_form_id(evaluation: Evaluation, wanted: str) -> str:
    """`skjema`, `skjema-2`, … : the first form id not yet used in the evaluation."""
    taken = set(evaluation.questionnaires.values_list("form_id", flat=True))
    candidate, number = wanted, 1
    while candidate in taken:
        number += 1
        candidate = f"{wanted}-{number}"
    return candidate


@transaction.atomic
def questionnaire_create_from_spec(
    *,
    user: User,
    evaluation: Evaluation,
    spec: dict,
    data_source: str = DataSource.USER,
    source_note: str = "",
) -> Questionnaire:
    """Build a questionnaire from a form specification (the shape xlsform.py reads and writes)."""
    if data_source != DataSource.REPORT:
        _require_team(user, evaluation)
    if not spec.get("form_id"):
        spec = {**spec, "form_id": _free_form_id(evaluation, "skjema")}
    _check_spec_fields(spec)
    if evaluation.questionnaires.filter(form_id=spec["form_id"]).exists():
        raise ValidationError(
            _("Evalueringen har allerede et skjema med ID «%(id)s». Gi skjemaet en annen form_id.")
            % {"id": spec["form_id"]}
        )
    _check_spec_expressions(spec)
    questionnaire = Questionnaire.objects.create(
        evaluation=evaluation,
        title=spec["title"],
        form_id=spec["form_id"],
        form_version=spec.get("version", ""),
        default_language=spec.get("default_language", ""),
        data_source=data_source,
        source_note=source_note,
        xlsform=spec.get("xlsform") or {},
        import_warnings=spec.get("warnings") or [],
    )
    _create_items(questionnaire, spec["items"])
    record(
        user=user,
        action=Action.CREATE,
        target=questionnaire,
        scope=evaluation,
        after=snapshot(questionnaire),
    )
    return questionnaire


@transaction.atomic
def questionnaire_update(
    *,
    user: User,
    questionnaire: Questionnaire,
    version: int | None,
    status: str,
    sent_on: dt.date | None,
    closes_on: dt.date | None,
    title: str | None = None,
) -> Questionnaire:
    _require_team(user, questionnaire.evaluation)
    if status not in QuestionnaireStatus.values:
        raise ValidationError({"status": _("Ukjent status.")})
    if sent_on and closes_on and closes_on < sent_on:
        raise ValidationError(
            {"closes_on": _("Svarfristen kan ikke være før skjemaet ble sendt ut.")}
        )
    changes = {"status": status, "sent_on": sent_on, "closes_on": closes_on}
    if title:
        changes["title"] = title
    audited_update(
        user=user,
        obj=questionnaire,
        version=version,
        changes=changes,
        scope=questionnaire.evaluation,
    )
    return questionnaire
