"""Pages for interviews and interview guides."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from boligsosial.core.concurrency import StaleEditError
from boligsosial.core.forms import apply_validation_error as _apply_errors
from boligsosial.evaluation import (
    access,
    selectors,
    services,
)
from boligsosial.evaluation.forms import (
    InterviewForm,
)
from boligsosial.evaluation.models import (
    Interview,
    InterviewGuide,
)
from boligsosial.evaluation.views.common import source_context


@login_required
def interviews(request, pk: int):
    evaluation, can_edit = access.get_evaluation_for_user(request.user, pk, informant_material=True)
    return render(
        request,
        "evaluation/interviews.html",
        {
            "evaluation": evaluation,
            "can_edit": can_edit,
            "interviews": evaluation.interviews.select_related(
                "participation__municipality", "guide", "source"
            ).order_by("held_on", "pk"),
            "guides": evaluation.guides.prefetch_related("questions"),
            "informants": selectors.informant_counts(evaluation),
        },
    )


@login_required
def guide_detail(request, pk: int):
    guide = get_object_or_404(InterviewGuide, pk=pk)
    evaluation, can_edit = access.get_evaluation_for_user(request.user, guide.evaluation_id)
    return render(
        request, "evaluation/guide_detail.html", {"guide": guide, "evaluation": evaluation}
    )


@login_required
def interview_create(request, pk: int, guide_pk: int):
    evaluation, _can_edit = access.get_evaluation_for_user(request.user, pk, for_edit=True)
    guide = get_object_or_404(InterviewGuide, pk=guide_pk, evaluation=evaluation)
    form = InterviewForm(request.POST or None, evaluation=evaluation, guide=guide)
    if request.method == "POST" and form.is_valid():
        data = form.meta_data()
        try:
            interview = services.interview_create(
                user=request.user,
                evaluation=evaluation,
                guide=guide,
                answers=form.answers(),
                transcript=form.cleaned_data["transcript"],
                **data,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Intervjuet er registrert."))
            return redirect("evaluation:interview", interview.pk)
    return render(
        request,
        "evaluation/interview_form.html",
        {
            "form": form,
            "evaluation": evaluation,
            "guide": guide,
            "title": _("Nytt intervju: %(g)s") % {"g": guide.title},
        },
    )


@login_required
def interview_edit(request, pk: int):
    interview = get_object_or_404(Interview.objects.select_related("guide"), pk=pk)
    evaluation, _can_edit = access.get_evaluation_for_user(
        request.user, interview.evaluation_id, for_edit=True
    )
    initial = {
        f: getattr(interview, f)
        for f in (
            "held_on",
            "informant_role",
            "organisation",
            "participation",
            "organisation_unit",
            "consent",
            "consent_note",
            "version",
        )
    }
    initial.update(
        {
            f"q{s.guide_question.number}": s.text
            for s in interview.sections.select_related("guide_question")
            if s.guide_question
        }
    )
    form = InterviewForm(
        request.POST or None, initial=initial, evaluation=evaluation, guide=interview.guide
    )
    if request.method == "POST" and form.is_valid():
        data = form.meta_data()
        try:
            services.interview_update(
                user=request.user,
                interview=interview,
                version=form.cleaned_data["version"],
                answers=form.answers() or None,
                transcript=form.cleaned_data["transcript"],
                **data,
            )
        except StaleEditError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect("evaluation:interview", interview.pk)
    return render(
        request,
        "evaluation/interview_form.html",
        {
            "form": form,
            "evaluation": evaluation,
            "guide": interview.guide,
            "title": _("Rediger intervju"),
        },
    )


@login_required
def interview_detail(request, pk: int):
    interview = get_object_or_404(
        Interview.objects.select_related("guide", "source", "participation__municipality"), pk=pk
    )
    evaluation, can_edit = access.get_evaluation_for_user(
        request.user, interview.evaluation_id, informant_material=True
    )
    context = source_context(request, interview.source, evaluation, can_edit)
    if context is None:
        return redirect("evaluation:interview", interview.pk)
    sections = list(interview.sections.select_related("guide_question"))
    for section in sections:
        section.coded = [  # type: ignore[attr-defined]
            p for p in context["passages"] if p.start < section.end and p.end > section.start
        ]
    return render(
        request,
        "evaluation/interview_detail.html",
        {**context, "interview": interview, "sections": sections},
    )
