"""Pages for questionnaires: the form, its respondents, XLSForm import and export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boligsosial.core.concurrency import StaleEditError
from boligsosial.core.forms import apply_validation_error as _apply_errors
from boligsosial.evaluation import (
    access,
    selectors,
    services,
    xlsform,
)
from boligsosial.evaluation.forms import (
    AnswerForm,
    QuestionForm,
    QuestionnaireStatusForm,
    RespondentForm,
    XLSFormUploadForm,
)
from boligsosial.evaluation.models import (
    Respondent,
)
from boligsosial.evaluation.views.common import download, questionnaire_for


def _detail_page(request, questionnaire, can_edit: bool, **forms):
    """The questionnaire page; an action view passes its bound form back when it has errors."""
    status_form = forms.get("status_form") or QuestionnaireStatusForm(
        initial={
            "status": questionnaire.status,
            "sent_on": questionnaire.sent_on,
            "closes_on": questionnaire.closes_on,
            "version": questionnaire.version,
        }
    )
    return render(
        request,
        "evaluation/questionnaire_detail.html",
        {
            "questionnaire": questionnaire,
            "evaluation": questionnaire.evaluation,
            "can_edit": can_edit,
            "preview": AnswerForm(questionnaire=questionnaire, answers={}, disabled=True),
            "respondents": questionnaire.respondents.select_related("participation__municipality"),
            "rate": selectors.response_rate(questionnaire),
            "status_form": status_form,
            "respondent_form": forms.get("respondent_form")
            or RespondentForm(evaluation=questionnaire.evaluation),
            "question_form": forms.get("question_form")
            or QuestionForm(questionnaire=questionnaire),
            "structure_locked": selectors.structure_locked(questionnaire),
            "link_base": request.build_absolute_uri(
                reverse("evaluation:answer_by_link", args=["TOKEN"])
            ).replace("TOKEN/", ""),
        },
    )


@login_required
def questionnaire_detail(request, pk: int):
    questionnaire, can_edit = questionnaire_for(request, pk)
    if request.method == "POST":
        raise Http404  # each action posts to its own URL
    return _detail_page(request, questionnaire, can_edit)


def _editable_questionnaire(request, pk: int):
    questionnaire, can_edit = questionnaire_for(request, pk)
    if not can_edit:
        raise Http404
    return questionnaire


@login_required
@require_POST
def question_add(request, pk: int):
    questionnaire = _editable_questionnaire(request, pk)
    form = QuestionForm(request.POST, questionnaire=questionnaire)
    if form.is_valid():
        try:
            services.question_add(
                user=request.user, questionnaire=questionnaire, **form.cleaned_data
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Spørsmålet er lagt til."))
            return redirect("evaluation:questionnaire", questionnaire.pk)
    return _detail_page(request, questionnaire, True, question_form=form)


@login_required
@require_POST
def question_delete(request, pk: int, question_pk: int):
    questionnaire = _editable_questionnaire(request, pk)
    question = get_object_or_404(questionnaire.questions, pk=question_pk)
    try:
        services.question_delete(user=request.user, question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Spørsmålet er fjernet."))
    return redirect("evaluation:questionnaire", questionnaire.pk)


@login_required
@require_POST
def questionnaire_status(request, pk: int):
    questionnaire = _editable_questionnaire(request, pk)
    form = QuestionnaireStatusForm(request.POST)
    if form.is_valid():
        try:
            services.questionnaire_update(
                user=request.user, questionnaire=questionnaire, **form.cleaned_data
            )
        except StaleEditError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Status og svarfrist er lagret."))
            return redirect("evaluation:questionnaire", questionnaire.pk)
    return _detail_page(request, questionnaire, True, status_form=form)


@login_required
@require_POST
def respondent_add(request, pk: int):
    questionnaire = _editable_questionnaire(request, pk)
    form = RespondentForm(request.POST, evaluation=questionnaire.evaluation)
    if form.is_valid():
        try:
            services.respondent_create(
                user=request.user, questionnaire=questionnaire, **form.cleaned_data
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Respondenten er lagt til. Send den personlige lenken til respondenten."),
            )
            return redirect("evaluation:questionnaire", questionnaire.pk)
    return _detail_page(request, questionnaire, True, respondent_form=form)


@login_required
@require_POST
def respondent_new_link(request, pk: int):
    respondent = get_object_or_404(Respondent.objects.select_related("questionnaire"), pk=pk)
    access.get_evaluation_for_user(
        request.user, respondent.questionnaire.evaluation_id, for_edit=True
    )
    services.respondent_new_link(user=request.user, respondent=respondent)
    messages.success(
        request,
        _("Ny lenke er laget for %(r)s. Den gamle lenken virker ikke lenger.") % {"r": respondent},
    )
    return redirect("evaluation:questionnaire", respondent.questionnaire_id)


@login_required
def questionnaire_import(request, pk: int):
    evaluation, _can_edit = access.get_evaluation_for_user(request.user, pk, for_edit=True)
    form = XLSFormUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            spec = xlsform.parse_xlsform(form.cleaned_data["file"].read())
            questionnaire = services.questionnaire_create_from_spec(
                user=request.user,
                evaluation=evaluation,
                spec=spec,
                data_source="import",
                source_note=form.cleaned_data["file"].name[:500],
            )
        except xlsform.XLSFormRefused as error:
            errors = error.errors
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request, _("Skjemaet «%(t)s» er importert.") % {"t": questionnaire.title}
            )
            for warning in questionnaire.import_warnings:
                messages.warning(request, warning)
            return redirect("evaluation:questionnaire", questionnaire.pk)
    return render(
        request,
        "evaluation/upload.html",
        {
            "form": form,
            "evaluation": evaluation,
            "errors": errors,
            "title": _("Importer spørreskjema (XLSForm)"),
        },
    )


@login_required
def questionnaire_xlsform(request, pk: int):
    questionnaire, _can_edit = questionnaire_for(request, pk)
    return download(
        xlsform.export_xlsform(questionnaire),
        f"{questionnaire.form_id}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
