"""The answer pages: by personal link (no log-in) and for the municipality's users."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from boligsosial.core.forms import apply_validation_error as _apply_errors
from boligsosial.evaluation import (
    access,
    conditions,
    selectors,
    services,
)
from boligsosial.evaluation.forms import (
    AnswerForm,
)
from boligsosial.evaluation.models import (
    Respondent,
)


def _answer_page(request, respondent: Respondent, *, may_answer: bool, by_link: bool):
    questionnaire = respondent.questionnaire
    is_open = questionnaire.is_open_for_answers(timezone.localdate())
    answers = {a.question_id: a for a in respondent.answers.all()}
    editable = may_answer and is_open
    form = AnswerForm(
        request.POST if request.method == "POST" and editable else None,
        questionnaire=questionnaire,
        answers=answers,
        disabled=not editable,
    )
    if request.method == "POST":
        if not editable:
            raise Http404 if not may_answer else PermissionDenied
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                services.answers_save(
                    respondent=respondent,
                    data=form.answer_data(),
                    submit=submit,
                    user=request.user if not by_link else None,
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Takk! Svarene er sendt inn. Du kan endre dem til svarfristen.")
                    if submit
                    else _("Svarene er lagret. Du kan komme tilbake og fortsette senere."),
                )
                return redirect(request.path)
    relevance = _relevance(form.questions)
    return render(
        request,
        "evaluation/answer.html",
        {
            "respondent": respondent,
            "questionnaire": questionnaire,
            "form": form,
            "editable": editable,
            "read_only": None if editable else _read_only_answers(form, answers),
            "is_open": is_open,
            "may_answer": may_answer,
            "relevance": relevance,
        },
    )


def _relevance(questions: list) -> dict[str, list]:
    """Each question's condition (with its section's) as a tree for the page's script."""
    relevance = {}
    chains = selectors.section_conditions(questions)
    for question in questions:
        tree = None
        section_tree = None
        try:
            tree = conditions.parse(question.relevant)
            for text in chains.get(question.pk, []):
                inner = conditions.parse(text)
                section_tree = ["and", section_tree, inner] if section_tree else inner
        except conditions.UnsupportedExpression:
            section_tree = None
        if tree or section_tree:
            relevance[question.name] = ["and", section_tree or ["lit", "1"], tree or ["lit", "1"]]
    return relevance


def _read_only_answers(form, answers: dict) -> list:
    """[(section, [(question, answer text, comment)])] for showing a form that cannot be changed."""
    groups = []
    for section, items in form.groups():
        rows = []
        for question, _field, _comment in items:
            answer = answers.get(question.pk)
            labels = {c.value: c.label for c in question.choices.all()}
            values = (
                []
                if answer is None or answer.value in (None, "", [])
                else (answer.value if isinstance(answer.value, list) else [answer.value])
            )
            rows.append(
                (
                    question,
                    ", ".join(str(labels.get(str(v), v)) for v in values),
                    answer.comment if answer else "",
                )
            )
        groups.append((section, rows))
    return groups


def answer_by_link(request, token: str):
    """The personal link: no log-in, only this respondent's form."""
    respondent = access.get_respondent_by_token(token)
    response = _answer_page(request, respondent, may_answer=True, by_link=True)
    # The token must not leak to other sites; same-origin keeps the Origin header CSRF checks need.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def respondent_answer(request, pk: int):
    respondent, may_answer = access.get_respondent_for_user(request.user, pk)
    return _answer_page(request, respondent, may_answer=may_answer, by_link=False)
