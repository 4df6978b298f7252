"""Writes for evaluation fieldwork.

Every function is keyword-only, runs in one transaction, checks access, validates, saves and
records the change in the audit log. The web views and the API call these same functions.
"""

import datetime as dt
import hashlib
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from boligsosial.audit.models import Action
from boligsosial.audit.services import record, snapshot
from boligsosial.core.concurrency import bump_version
from boligsosial.core.formatting import format_date
from boligsosial.core.models import DataSource
from boligsosial.evaluation import access, conditions
from boligsosial.evaluation.models import (
    CHOICE_KINDS,
    AgreementDecision,
    Answer,
    Choice,
    Code,
    CodedPassage,
    CodeFramework,
    Document,
    Evaluation,
    EvaluationMethod,
    GuideQuestion,
    InformantOrganisation,
    Interview,
    InterviewGuide,
    InterviewSection,
    Memo,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireStatus,
    Quote,
    QuoteStatus,
    Respondent,
    ResponseStatus,
    Section,
    SourceKind,
    TextSource,
    new_token,
)


def _require_team(user, evaluation: Evaluation) -> None:
    if not access.can_edit_evaluation(user, evaluation):
        raise PermissionDenied


# Evaluations ---------------------------------------------------------------------------


def _check_evaluation(data: dict) -> None:
    errors = {}
    start, end, as_of = data.get("period_start"), data.get("period_end"), data.get("as_of")
    if start and end and end < start:
        errors["period_end"] = _(
            "Perioden kan ikke slutte (%(end)s) før den begynner (%(start)s)."
        ) % {"end": format_date(end), "start": format_date(start)}
    if as_of and start and as_of < start:
        errors["as_of"] = _(
            "«Status per» (%(as_of)s) kan ikke være før perioden begynner (%(start)s)."
        ) % {"as_of": format_date(as_of), "start": format_date(start)}
    unknown = [m for m in data.get("methods") or [] if m not in EvaluationMethod.values]
    if unknown:
        errors["methods"] = _("Ukjent metode: %(m)s.") % {"m": ", ".join(unknown)}
    team = data.get("team")
    if team is not None and any(u.role != "evaluator" for u in team):
        errors["team"] = _("Bare brukere med rollen evaluator kan være med i evalueringsteamet.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def evaluation_create(
    *,
    user,
    programme,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    as_of: dt.date,
    methods: list[str],
    description: str = "",
    team=(),
    preload: bool = True,
    data_source: str = DataSource.USER,
    source_note: str = "",
) -> Evaluation:
    """Create an evaluation; the creating evaluator joins the team. With `preload`, the
    report's questionnaire, interview guides and success-factor codebook are added."""
    if not access.can_create_evaluation(user):
        raise PermissionDenied
    team = list(team)
    if user not in team:
        team.append(user)
    _check_evaluation(
        {
            "period_start": period_start,
            "period_end": period_end,
            "as_of": as_of,
            "methods": methods,
            "team": team,
        }
    )
    evaluation = Evaluation.objects.create(
        programme=programme,
        title=title,
        period_start=period_start,
        period_end=period_end,
        as_of=as_of,
        methods=list(methods),
        description=description,
        data_source=data_source,
        source_note=source_note,
    )
    evaluation.team.set(team)
    record(user=user, action=Action.CREATE, target=evaluation, after=snapshot(evaluation))
    if preload:
        preload_instruments(user=user, evaluation=evaluation)
    return evaluation


@transaction.atomic
def evaluation_update(*, user, evaluation: Evaluation, version: int | None, **data) -> Evaluation:
    _require_team(user, evaluation)
    merged = {
        f: data.get(f, getattr(evaluation, f))
        for f in ("period_start", "period_end", "as_of", "methods")
    }
    team = data.pop("team", None)
    _check_evaluation({**merged, "team": team})
    before = snapshot(evaluation)
    bump_version(evaluation, version)
    for field in ("title", "period_start", "period_end", "as_of", "methods", "description"):
        if field in data:
            setattr(evaluation, field, data[field])
    evaluation.save()
    if team is not None:
        evaluation.team.set(team)
    record(
        user=user,
        action=Action.UPDATE,
        target=evaluation,
        before=before,
        after=snapshot(evaluation),
    )
    return evaluation


@transaction.atomic
def preload_instruments(*, user, evaluation: Evaluation) -> None:
    """Appendix 1's questionnaire, appendix 2's guides and the success-factor codebook."""
    from boligsosial.evaluation import preload

    if not evaluation.questionnaires.filter(form_id=preload.appendix_1_spec()["form_id"]).exists():
        questionnaire_create_from_spec(
            user=user,
            evaluation=evaluation,
            spec=preload.appendix_1_spec(),
            data_source=DataSource.REPORT,
            source_note=preload.REPORT_NOTE,
        )
    for guide_spec in preload.GUIDES:
        if evaluation.guides.filter(audience=guide_spec["audience"]).exists():
            continue
        guide = InterviewGuide.objects.create(
            evaluation=evaluation,
            audience=guide_spec["audience"],
            title=guide_spec["title"],
            dated=preload.GUIDE_DATE,
            introduction=guide_spec["introduction"],
            way_forward_introduction=guide_spec["way_forward_introduction"],
            data_source=DataSource.REPORT,
            source_note=preload.GUIDE_NOTE,
        )
        GuideQuestion.objects.bulk_create(
            GuideQuestion(guide=guide, number=n, part=part, text=text)
            for n, part, text in guide_spec["questions"]
        )
        record(
            user=user, action=Action.CREATE, target=guide, scope=evaluation, after=snapshot(guide)
        )
    order = 0
    for slug, name, framework, description, color, children in preload.CODEBOOK:
        if Code.objects.filter(evaluation=evaluation, slug=slug).exists():
            continue
        order += 1
        parent = Code.objects.create(
            evaluation=evaluation,
            slug=slug,
            name=name,
            framework=framework,
            description=description,
            color=color,
            order=order * 100,
            is_codable=False,
            data_source=DataSource.REPORT,
            source_note="Rapporten kap. 6",
        )
        for index, (child_slug, child_name, child_color) in enumerate(children, start=1):
            Code.objects.create(
                evaluation=evaluation,
                parent=parent,
                slug=child_slug,
                name=child_name,
                framework=framework,
                color=child_color,
                order=order * 100 + index,
                data_source=DataSource.REPORT,
                source_note="Rapporten kap. 6",
            )
    record(
        user=user,
        action=Action.IMPORT,
        target=evaluation,
        comment=_("Kodebok med suksessfaktorer lagt inn."),
    )


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

    for item in spec["items"]:
        check(item)
        for child in item.get("items", []):
            check(child)
            seen.add(child["name"])
        seen.add(item["name"])
    if errors:
        raise ValidationError(errors)


def _too_long(model, field: str, value, where: str) -> str | None:
    limit = model._meta.get_field(field).max_length
    text = str(value or "")
    if limit and len(text) > limit:
        return _("%(where)s: %(field)s har %(n)s tegn; høyst %(max)s er tillatt.") % {
            "where": where,
            "field": field,
            "n": len(text),
            "max": limit,
        }
    return None


def _question_field_errors(item: dict, model) -> list[str]:
    where = _("«%(name)s»") % {"name": str(item.get("name", ""))[:100]}
    fields = {"name": "name", "relevant": "relevant"}
    if model is Question:
        fields.update(
            {
                "constraint": "constraint",
                "constraint_message": "constraint_message",
                "choice_list": "choice_list",
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
    for item in spec["items"]:
        children = item.get("items", []) if item["type"] == "group" else [item]
        if item["type"] == "group":
            errors += _question_field_errors(item, Section)
        for child in children:
            errors += _question_field_errors(child, Question)
            if child["name"] in names:
                errors.append(
                    _("Spørsmålsnavnet «%(name)s» er brukt mer enn én gang.")
                    % {"name": child["name"][:100]}
                )
            names.add(child["name"])
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def questionnaire_create_from_spec(
    *,
    user,
    evaluation: Evaluation,
    spec: dict,
    data_source: str = DataSource.USER,
    source_note: str = "",
) -> Questionnaire:
    """Build a questionnaire from a form specification (the shape xlsform.py reads and writes)."""
    if data_source != DataSource.REPORT:
        _require_team(user, evaluation)
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
    )
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
            hint=item.get("hint", ""),
            translations=item.get("translations", {}),
            required=item.get("required", False),
            relevant=item.get("relevant", ""),
            constraint=item.get("constraint", ""),
            constraint_message=item.get("constraint_message", ""),
            choice_list=item.get("choice_list", ""),
        )
        Choice.objects.bulk_create(
            Choice(
                question=question,
                order=i,
                value=c["value"],
                label=c["label"],
                translations=c.get("translations", {}),
            )
            for i, c in enumerate(item.get("choices", []), start=1)
        )

    for item in spec["items"]:
        if item["type"] == "group":
            order += 1
            section = Section.objects.create(
                questionnaire=questionnaire,
                order=order,
                name=item["name"],
                title=item["label"],
                hint=item.get("hint", ""),
                translations=item.get("translations", {}),
                relevant=item.get("relevant", ""),
            )
            for child in item["items"]:
                add_question(child, section)
        else:
            add_question(item, None)
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
    user,
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
    before = snapshot(questionnaire)
    bump_version(questionnaire, version)
    questionnaire.status, questionnaire.sent_on, questionnaire.closes_on = (
        status,
        sent_on,
        closes_on,
    )
    if title:
        questionnaire.title = title
    questionnaire.save()
    record(
        user=user,
        action=Action.UPDATE,
        target=questionnaire,
        scope=questionnaire.evaluation,
        before=before,
        after=snapshot(questionnaire),
    )
    return questionnaire


def _structure_locked(questionnaire: Questionnaire) -> bool:
    return Answer.objects.filter(question__questionnaire=questionnaire).exists()


@transaction.atomic
def question_add(
    *,
    user,
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
    from boligsosial.evaluation import preload

    _require_team(user, questionnaire.evaluation)
    errors: dict[str, list[str]] = {}
    if _structure_locked(questionnaire):
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
    if kind == QuestionKind.YES_NO_PARTLY:
        choices, list_name = (
            [(c["value"], c["label"]) for c in preload.YES_NO_PARTLY_CHOICES],
            preload.YES_NO_PARTLY_LIST,
        )
    elif kind == QuestionKind.SCALE:
        choices, list_name = (
            [(c["value"], c["label"]) for c in preload.SCALE_CHOICES],
            preload.SCALE_LIST,
        )
    else:
        list_name = name if kind in CHOICE_KINDS else ""
        if kind in CHOICE_KINDS and len(choices or []) < 2:
            errors["choices"] = [_("Skriv minst to svaralternativer, ett per linje.")]
    if section is not None and section.questionnaire_id != questionnaire.pk:
        raise PermissionDenied
    if new_section_title.strip():
        position = (
            max(
                [
                    *questionnaire.questions.values_list("order", flat=True),
                    *questionnaire.sections.values_list("order", flat=True),
                    0,
                ]
            )
            + 1
        )
        if not errors:
            section = Section.objects.create(
                questionnaire=questionnaire,
                order=position,
                title=new_section_title.strip(),
                name=f"del_{questionnaire.sections.count() + 1}",
            )
    if section is not None and not new_section_title.strip():
        position = max([section.order, *section.questions.values_list("order", flat=True)]) + 1
    elif not new_section_title.strip():
        position = (
            max(
                [
                    *questionnaire.questions.values_list("order", flat=True),
                    *questionnaire.sections.values_list("order", flat=True),
                    0,
                ]
            )
            + 1
        )
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
    if errors:
        raise ValidationError(errors)
    Question.objects.filter(questionnaire=questionnaire, order__gte=position).update(
        order=models.F("order") + 1
    )
    Section.objects.filter(questionnaire=questionnaire, order__gte=position).exclude(
        pk=getattr(section, "pk", None)
    ).update(order=models.F("order") + 1)
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
        for i, (v, lbl) in enumerate(choices or [], start=1)
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
def question_delete(*, user, question: Question) -> None:
    questionnaire = question.questionnaire
    _require_team(user, questionnaire.evaluation)
    if _structure_locked(questionnaire):
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


@transaction.atomic
def respondent_create(
    *,
    user,
    questionnaire: Questionnaire,
    participation,
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
def respondent_new_link(*, user, respondent: Respondent) -> Respondent:
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


def _parse_value(question: Question, raw):
    """Turn submitted input into the stored value, or raise ValueError with a message."""
    if question.kind == QuestionKind.MULTIPLE:
        values = [str(v) for v in (raw or []) if str(v).strip()]
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
    if question.kind == QuestionKind.INTEGER:
        if not re.fullmatch(r"-?\d+", text.replace(" ", "").replace("\u00a0", "")):
            raise ValueError(_("Skriv et heltall, for eksempel 12."))
        return int(text.replace(" ", "").replace("\u00a0", ""))
    if question.kind == QuestionKind.DECIMAL:
        try:
            return float(Decimal(text.replace(" ", "").replace("\u00a0", "").replace(",", ".")))
        except InvalidOperation:
            raise ValueError(_("Skriv et tall, for eksempel 12,5.")) from None
    if question.kind == QuestionKind.DATE:
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            try:
                return dt.datetime.strptime(text, "%d.%m.%Y").date().isoformat()
            except ValueError:
                raise ValueError(
                    _("Skriv datoen som dd.mm.åååå, for eksempel 15.09.2011.")
                ) from None
    return text


def relevant_questions(questions: list[Question], answers: dict) -> set[int]:
    """Questions whose conditions (and their section's) hold for the given answers."""
    shown = set()
    for question in questions:
        section_ok = question.section is None or conditions.evaluate(
            conditions.parse(question.section.relevant), answers
        )
        if section_ok and conditions.evaluate(conditions.parse(question.relevant), answers):
            shown.add(question.pk)
        else:
            answers.pop(question.name, None)  # hidden answers do not feed later conditions
    return shown


@transaction.atomic
def answers_save(
    *,
    respondent: Respondent,
    data: dict,
    submit: bool,
    user=None,
    today: dt.date | None = None,
    version: int | None = None,
) -> Respondent:
    """Save a respondent's answers (a draft, or submitted when `submit`).

    `data` maps question name to {"value": ..., "comment": ...}. Answers to questions whose
    conditions do not hold are removed. Raises ValidationError keyed by question name.
    Callers have already checked that the respondent may be answered by this person/link.
    """
    questionnaire = respondent.questionnaire
    today = today or timezone.localdate()
    if not questionnaire.is_open_for_answers(today):
        raise ValidationError(
            _("Skjemaet er ikke åpent for svar. Svarfristen var %(date)s.")
            % {"date": format_date(questionnaire.closes_on)}
            if questionnaire.closes_on
            else _("Skjemaet er ikke åpent for svar.")
        )
    bump_version(respondent, version)  # API clients send the version they read; pages do not
    questions = list(questionnaire.questions.select_related("section").prefetch_related("choices"))
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
    shown = relevant_questions(questions, {k: v for k, v in values.items() if v is not None})
    existing = {a.question_id: a for a in respondent.answers.all()}
    for question in questions:
        if not question.answerable:
            continue
        value = values.get(question.name)
        comment = (
            str((data.get(question.name) or {}).get("comment") or "").strip()
            if question.has_comment
            else ""
        )
        if question.pk not in shown:
            if question.pk in existing:
                existing[question.pk].delete()
            errors.pop(question.name, None)
            continue
        if question.name in errors:
            continue
        broken = (
            value is not None
            and question.constraint
            and not conditions.evaluate(
                conditions.parse(question.constraint), values, current=value
            )
        )
        if broken:
            errors[question.name] = [
                question.constraint_message or _("Svaret oppfyller ikke regelen for spørsmålet.")
            ]
            continue
        if submit and question.required and value is None:
            errors[question.name] = [_("Spørsmålet må besvares før skjemaet sendes inn.")]
            continue
        answer = existing.get(question.pk)
        if value is None and not comment:
            if answer:
                answer.delete()
            continue
        if answer is None:
            Answer.objects.create(
                respondent=respondent, question=question, value=value, comment=comment
            )
        elif answer.value != value or answer.comment != comment:
            answer.value, answer.comment = value, comment
            answer.save()
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


# Interviews ----------------------------------------------------------------------------------

QUESTION_MARKER = re.compile(
    r"^\s*(?:spørsmål\s*)?(\d{1,2})\s*[.):]\s*", re.IGNORECASE | re.MULTILINE
)


def split_transcript(guide: InterviewGuide, transcript: str) -> dict[int, str]:
    """Split notes or a transcript by guide question: a line starting with "3." (or
    "Spørsmål 3:") begins the answer to question 3. Text before the first marker goes to
    the introduction (key 0)."""
    numbers = set(guide.questions.values_list("number", flat=True))
    parts: dict[int, list[str]] = {}
    current = 0
    position = 0
    for match in QUESTION_MARKER.finditer(transcript):
        number = int(match.group(1))
        if number not in numbers:
            continue
        parts.setdefault(current, []).append(transcript[position : match.start()])
        current, position = number, match.end()
    parts.setdefault(current, []).append(transcript[position:])
    return {n: "".join(chunks).strip() for n, chunks in parts.items() if "".join(chunks).strip()}


def _build_interview_text(
    guide: InterviewGuide, answers: dict[int, str]
) -> tuple[str, list[tuple]]:
    """Plain text with one block per guide question; returns (text, [(question, text, start, end)])."""
    pieces, spans, position = [], [], 0
    questions = list(guide.questions.all())
    blocks = []
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
    user,
    evaluation: Evaluation,
    guide: InterviewGuide,
    held_on: dt.date,
    informant_role: str,
    organisation: str,
    participation=None,
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
    user,
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
    before = snapshot(interview)
    bump_version(interview, version)
    for field in Interview.META_FIELDS:
        if field in data:
            setattr(interview, field, data[field])
    interview.save()
    if transcript and not answers:
        answers = split_transcript(interview.guide, transcript)
    if answers is not None:
        _write_sections(interview, answers)
    record(
        user=user,
        action=Action.UPDATE,
        target=interview,
        scope=evaluation,
        before=before,
        after=snapshot(interview),
    )
    return interview


# Documents -----------------------------------------------------------------------------------


@transaction.atomic
def document_upload(
    *,
    user,
    evaluation: Evaluation,
    kind: str,
    title: str,
    uploaded_file,
    participation=None,
    dated: dt.date | None = None,
    data_source: str = DataSource.USER,
    source_note: str = "",
) -> Document:
    """Store a PDF, Word or text file outside the web root and extract its text for coding."""
    from django.conf import settings

    from boligsosial.evaluation.documents import DocumentRefused, detect_type, extract_text

    _require_team(user, evaluation)
    if participation is not None and participation.programme_id != evaluation.programme_id:
        raise ValidationError(
            {"participation": _("Kommunen er ikke med i programmet som evalueres.")}
        )
    if uploaded_file.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            {
                "file": _(
                    "Filen er for stor (%(size)s MB). Største tillatte størrelse er %(max)s MB."
                )
                % {
                    "size": f"{uploaded_file.size / 1024 / 1024:.1f}".replace(".", ","),
                    "max": f"{settings.UPLOAD_MAX_BYTES / 1024 / 1024:.0f}",
                }
            }
        )
    content = uploaded_file.read()
    try:
        content_type = detect_type(content, uploaded_file.name)
        text = extract_text(content, content_type)
    except DocumentRefused as error:
        raise ValidationError({"file": str(error)}) from None
    source = TextSource.objects.create(
        evaluation=evaluation,
        kind=SourceKind.DOCUMENT,
        name=title,
        participation=participation,
        plain_text=text,
    )
    document = Document(
        evaluation=evaluation,
        kind=kind,
        title=title,
        participation=participation,
        dated=dated,
        original_name=uploaded_file.name[:255],
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=user,
        source=source,
        data_source=data_source,
        source_note=source_note,
    )
    from django.core.files.base import ContentFile

    extension = {"application/pdf": ".pdf", "text/plain": ".txt"}.get(content_type, ".docx")
    document.file.save(f"{document.sha256[:16]}{extension}", ContentFile(content), save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    record(
        user=user,
        action=Action.CREATE,
        target=document,
        scope=evaluation,
        after=snapshot(document, exclude=("file",)),
    )
    return document


@transaction.atomic
def document_delete(*, user, document: Document) -> None:
    evaluation = document.evaluation
    _require_team(user, evaluation)
    before = snapshot(document, exclude=("file",))
    source = document.source
    storage, name = document.file.storage, document.file.name
    record(user=user, action=Action.DELETE, target=document, scope=evaluation, before=before)
    document.delete()
    source.delete()
    # The file goes only when the deletion is committed: a rollback keeps row and file.
    transaction.on_commit(lambda: storage.delete(name))


# Codebook and coding --------------------------------------------------------------------------


def unique_slug(evaluation: Evaluation, name: str, *, exclude_pk=None) -> str:
    base = slugify(name.replace("æ", "ae").replace("ø", "o").replace("å", "a"))[:90] or "kode"
    slug, n = base, 2
    while Code.objects.filter(evaluation=evaluation, slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def code_create(
    *,
    user,
    evaluation: Evaluation,
    name: str,
    parent: Code | None = None,
    description: str = "",
    color: str = "",
    is_codable: bool = True,
    slug: str = "",
    guid=None,
    framework: str = CodeFramework.OWN,
    data_source: str = DataSource.USER,
) -> Code:
    _require_team(user, evaluation)
    if not name.strip():
        raise ValidationError({"name": _("Gi koden et navn.")})
    if parent is not None and parent.evaluation_id != evaluation.pk:
        raise ValidationError({"parent": _("Den overordnede koden hører til en annen evaluering.")})
    if color and not re.fullmatch(r"#[0-9A-Fa-f]{6}", color):
        raise ValidationError({"color": _("Skriv fargen som #RRGGBB, for eksempel #BF8F00.")})
    if slug and Code.objects.filter(evaluation=evaluation, slug=slug).exists():
        raise ValidationError({"slug": _("Kortnavnet «%(s)s» er allerede i bruk.") % {"s": slug}})
    siblings = Code.objects.filter(evaluation=evaluation, parent=parent)
    order = (
        max(siblings.values_list("order", flat=True), default=(parent.order if parent else 0)) or 0
    ) + 1
    code = Code(
        evaluation=evaluation,
        parent=parent,
        name=name.strip(),
        slug=slug or unique_slug(evaluation, name),
        description=description,
        color=color,
        is_codable=is_codable,
        order=order,
        framework=framework,
        data_source=data_source,
    )
    if guid:
        code.guid = guid
    code.save()
    record(
        user=user,
        action=Action.CREATE,
        target=code,
        scope=evaluation,
        after=snapshot(code, exclude=("guid",)),
    )
    return code


def find_offsets(text: str, excerpt: str, *, near: int | None = None) -> tuple[int, int]:
    """Locate an excerpt in a source's text (exact match), nearest to `near` if repeated."""
    excerpt = excerpt.replace("\r\n", "\n").strip()  # browsers submit line breaks as CRLF
    if not excerpt:
        raise ValidationError({"excerpt": _("Skriv eller lim inn teksten som skal kodes.")})
    starts = [m.start() for m in re.finditer(re.escape(excerpt), text)]
    if not starts:
        raise ValidationError(
            {
                "excerpt": _(
                    "Teksten finnes ikke i kilden. Kopier den nøyaktig, med samme tegnsetting og store og små bokstaver."
                )
            }
        )
    start = min(starts, key=lambda s: abs(s - near)) if near is not None else starts[0]
    return start, start + len(excerpt)


@transaction.atomic
def passage_create(
    *,
    user,
    source: TextSource,
    code: Code,
    start: int,
    end: int,
    for_agreement_check: bool = False,
    data_source: str = DataSource.USER,
    source_note: str = "",
) -> CodedPassage:
    evaluation = source.evaluation
    _require_team(user, evaluation)
    errors = {}
    if code.evaluation_id != evaluation.pk:
        errors["code"] = _("Koden hører til en annen evaluering.")
    elif not code.is_codable:
        errors["code"] = _("«%(c)s» er en overskrift i kodeboka. Velg en av kodene under den.") % {
            "c": code.name
        }
    if not (0 <= start < end <= len(source.plain_text)):
        errors["start"] = _("Utdraget må ligge innenfor teksten (0–%(n)s tegn).") % {
            "n": len(source.plain_text)
        }
    if errors:
        raise ValidationError(errors)
    existing = CodedPassage.objects.filter(
        source=source,
        code=code,
        start=start,
        end=end,
        coder=user,
        for_agreement_check=for_agreement_check,
    ).first()
    if existing:
        return existing
    passage = CodedPassage.objects.create(
        source=source,
        code=code,
        start=start,
        end=end,
        text=source.plain_text[start:end],
        coder=user,
        for_agreement_check=for_agreement_check,
        data_source=data_source,
        source_note=source_note,
    )
    record(
        user=user,
        action=Action.CREATE,
        target=passage,
        scope=evaluation,
        after={"kode": code.name, "start": start, "slutt": end, "kilde": source.name},
    )
    return passage


@transaction.atomic
def passage_delete(*, user, passage: CodedPassage) -> None:
    evaluation = passage.source.evaluation
    _require_team(user, evaluation)
    record(
        user=user,
        action=Action.DELETE,
        target=passage,
        scope=evaluation,
        before={
            "kode": passage.code.name,
            "start": passage.start,
            "slutt": passage.end,
            "kilde": passage.source.name,
        },
    )
    passage.delete()


@transaction.atomic
def memo_create(
    *,
    user,
    evaluation: Evaluation,
    text: str,
    passage: CodedPassage | None = None,
    code: Code | None = None,
) -> Memo:
    _require_team(user, evaluation)
    if not text.strip():
        raise ValidationError({"text": _("Skriv notatet.")})
    if passage is not None and passage.source.evaluation_id != evaluation.pk:
        raise PermissionDenied
    if code is not None and code.evaluation_id != evaluation.pk:
        raise PermissionDenied
    if passage is None and code is None:
        raise ValidationError(_("Et memo gjelder et kodet utdrag eller en kode."))
    memo = Memo.objects.create(
        evaluation=evaluation, passage=passage, code=code, author=user, text=text.strip()
    )
    record(
        user=user, action=Action.CREATE, target=memo, scope=evaluation, after={"notat": memo.text}
    )
    return memo


# Quotes --------------------------------------------------------------------------------------------


def default_attribution(passage: CodedPassage) -> str:
    """Role and organisation, never a name: "programleder, Drammen kommune"."""
    source = passage.source
    interview = getattr(source, "interview", None)
    if interview is None:
        return source.name
    if interview.participation_id:
        return f"{interview.informant_role}, {interview.participation.municipality.name} kommune"
    return f"{interview.informant_role}, {interview.organisation_label()}"


@transaction.atomic
def quote_propose(
    *,
    user,
    passage: CodedPassage,
    attribution: str = "",
    data_source: str = DataSource.USER,
    source_note: str = "",
) -> Quote:
    evaluation = passage.source.evaluation
    _require_team(user, evaluation)
    if passage.for_agreement_check:
        raise ValidationError(
            _("Utdrag fra samsvarsmålingen kan ikke bli sitater. Bruk hovedkodingen.")
        )
    if Quote.objects.filter(passage=passage).exists():
        raise ValidationError(_("Utdraget er allerede foreslått som sitat."))
    quote = Quote.objects.create(
        passage=passage,
        attribution=(attribution or default_attribution(passage))[:300],
        data_source=data_source,
        source_note=source_note,
    )
    record(user=user, action=Action.CREATE, target=quote, scope=evaluation, after=snapshot(quote))
    return quote


@transaction.atomic
def quote_decide(
    *,
    user,
    quote: Quote,
    version: int | None,
    status: str,
    attribution: str | None = None,
    identification_reviewed: bool = False,
) -> Quote:
    """Approve or reject a quote for publication. Approval is refused while the attribution
    could identify the person, unless the evaluator confirms having reviewed that risk."""
    from boligsosial.evaluation.quotes import identification_warning

    evaluation = quote.passage.source.evaluation
    _require_team(user, evaluation)
    if status not in QuoteStatus.values:
        raise ValidationError({"status": _("Ukjent status.")})
    if attribution is not None:
        if not attribution.strip():
            raise ValidationError(
                {
                    "attribution": _(
                        "Skriv hvordan sitatet skal tilskrives, for eksempel «programleder i en programkommune»."
                    )
                }
            )
        quote.attribution = attribution.strip()[:300]
    warning = identification_warning(quote)
    if status == QuoteStatus.APPROVED and warning and not identification_reviewed:
        raise ValidationError(
            {
                "identification_reviewed": warning
                + " "
                + _("Kryss av for at risikoen er vurdert, eller endre tilskrivningen.")
            }
        )
    before = snapshot(Quote.objects.get(pk=quote.pk))
    bump_version(quote, version)
    quote.status = status
    quote.identification_reviewed = bool(identification_reviewed and warning)
    quote.decided_by, quote.decided_at = user, timezone.now()
    quote.save()
    record(
        user=user,
        action=Action.TRANSITION,
        target=quote,
        scope=evaluation,
        before=before,
        after=snapshot(quote),
    )
    return quote


# Agreement ---------------------------------------------------------------------------------------


@transaction.atomic
def disagreement_settle(
    *, user, source: TextSource, code: Code, start: int, end: int, keep: bool
) -> AgreementDecision:
    """Settle one disagreement on a unit [start, end) of a source.

    `keep`: the unit gets the code in the main coding (the other coder's passage is copied
    in if the main coding lacks it). Otherwise the main coding's passages with that code in
    the unit are removed. The agreement-check codings stay as they were, so kappa keeps
    describing the independent coding; the decision is recorded.
    """
    _require_team(user, source.evaluation)
    if code.evaluation_id != source.evaluation_id:
        raise PermissionDenied
    if not (0 <= start < end <= len(source.plain_text)):
        raise ValidationError(
            {
                "start": _("Enheten må ligge innenfor teksten (0–%(n)s tegn).")
                % {"n": len(source.plain_text)}
            }
        )
    in_unit = CodedPassage.objects.filter(source=source, code=code, start__lt=end, end__gt=start)
    main = in_unit.filter(for_agreement_check=False)
    if keep and not main.exists():
        other = in_unit.first()
        if other is None:
            raise ValidationError(_("Ingen av koderne har brukt koden i denne enheten."))
        CodedPassage.objects.create(
            source=source,
            code=code,
            start=other.start,
            end=other.end,
            text=other.text,
            coder=user,
            for_agreement_check=False,
        )
    if not keep:
        main.delete()
    decision, _created = AgreementDecision.objects.update_or_create(
        source=source, code=code, start=start, end=end, defaults={"keep": keep, "decided_by": user}
    )
    comment = (
        _("Uenighet avgjort: koden «%(c)s» beholdes.")
        if keep
        else _("Uenighet avgjort: koden «%(c)s» fjernes.")
    ) % {"c": code.name}
    record(user=user, action=Action.UPDATE, target=source, scope=source.evaluation, comment=comment)
    return decision
