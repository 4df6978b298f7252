"""Pages for evaluations: the list, create, detail, edit and results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from boligsosial.audit.selectors import history_for
from boligsosial.core.concurrency import StaleEditError
from boligsosial.core.forms import apply_validation_error as _apply_errors
from boligsosial.evaluation import (
    access,
    exports,
    selectors,
    services,
)
from boligsosial.evaluation.forms import (
    EvaluationForm,
)
from boligsosial.evaluation.related import related_pages
from boligsosial.evaluation.views.common import download


@login_required
def index(request):
    if not (access.can_see_any_evaluation(request.user) or request.user.is_municipal):
        raise Http404
    evaluations = access.visible_evaluations(request.user)
    my_forms = access.respondents_for_municipal_user(request.user)
    return render(
        request,
        "evaluation/index.html",
        {
            "evaluations": evaluations.prefetch_related("team"),
            "my_forms": my_forms,
            "can_create": access.can_create_evaluation(request.user),
            "is_municipal": request.user.is_municipal,
        },
    )


@login_required
def evaluation_create(request):
    if not access.can_create_evaluation(request.user):
        raise Http404
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            evaluation = services.evaluation_create(user=request.user, **data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Evalueringen er opprettet med spørreskjemaet, intervjuguidene og kodeboka fra rapporten."
                ),
            )
            return redirect("evaluation:detail", evaluation.pk)
    return render(request, "evaluation/form.html", {"form": form, "title": _("Ny evaluering")})


@login_required
def evaluation_detail(request, pk: int):
    evaluation, can_edit = access.get_evaluation_for_user(request.user, pk)
    return render(
        request,
        "evaluation/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "can_edit": can_edit,
            "team_only": access.can_read_informant_material(request.user, evaluation),
            "questionnaires": [
                (q, selectors.response_rate(q)) for q in evaluation.questionnaires.all()
            ],
            "rate": selectors.evaluation_response_rate(evaluation),
            "informants": selectors.informant_counts(evaluation),
            "documents": evaluation.documents.count(),
            "guides": evaluation.guides.all(),
            "history": history_for(evaluation)[:10] if can_edit else [],
            "related": related_pages(request.user, evaluation),
        },
    )


@login_required
def evaluation_edit(request, pk: int):
    evaluation, _can_edit = access.get_evaluation_for_user(request.user, pk, for_edit=True)
    initial = {
        "title": evaluation.title,
        "period_start": evaluation.period_start,
        "period_end": evaluation.period_end,
        "as_of": evaluation.as_of,
        "methods": evaluation.methods,
        "team": evaluation.team.all(),
        "description": evaluation.description,
        "version": evaluation.version,
    }
    form = EvaluationForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.evaluation_update(
                user=request.user,
                evaluation=evaluation,
                version=form.cleaned_data["version"],
                **data,
            )
        except StaleEditError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect("evaluation:detail", evaluation.pk)
    return render(
        request,
        "evaluation/form.html",
        {"form": form, "evaluation": evaluation, "title": _("Rediger evalueringen")},
    )


@login_required
def results(request, pk: int):
    evaluation, can_edit = access.get_evaluation_for_user(request.user, pk)
    fmt = request.GET.get("format")
    if fmt == "csv":
        return download(
            exports.results_csv(evaluation),
            f"resultater-{evaluation.pk}.csv",
            "text/csv; charset=utf-8",
        )
    if fmt == "xlsx":
        return download(
            exports.results_xlsx(evaluation),
            f"resultater-{evaluation.pk}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return render(
        request,
        "evaluation/results.html",
        {
            "evaluation": evaluation,
            "questions": selectors.question_shares(evaluation),
            "rate": selectors.evaluation_response_rate(evaluation),
        },
    )
