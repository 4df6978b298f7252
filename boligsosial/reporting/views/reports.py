"""One report: start, view, edit and the review workflow."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boligsosial.audit.selectors import history_for
from boligsosial.core.concurrency import StaleEditError
from boligsosial.programmes import access as base_access
from boligsosial.reporting import access, forms, selectors, services
from boligsosial.reporting.models import Report, ReportingPeriod
from boligsosial.reporting.views.common import _messages_of

# Reports -----------------------------------------------------------------------------


@login_required
@require_POST
def report_start(request, pk: int, period_pk: int):
    participation, _can_edit = base_access.get_participation_for_user(request.user, pk)
    period = get_object_or_404(
        ReportingPeriod, pk=period_pk, programme_id=participation.programme_id
    )
    if not access.can_fill_in(request.user, participation):
        raise Http404
    report = services.report_start(user=request.user, participation=participation, period=period)
    return redirect("reporting:report_edit", report.pk)


def _report_context(request, report):
    user = request.user
    form = forms.ReportForm(report)
    return {
        "report": report,
        "form": form,
        "events": report.events.select_related("user").order_by("at", "id"),
        "history": history_for(report),
        "can_edit": access.can_edit_report(user, report),
        "can_submit": access.can_submit(user, report.participation) and report.is_editable,
        "can_review": access.can_review_report(user, report),
        "can_reopen": access.can_reopen(user, report),
        "problems": selectors.submission_problems(report) if report.is_editable else {},
    }


@login_required
def report_detail(request, pk: int):
    report = access.get_report_for_user(request.user, pk)
    context = _report_context(request, report)
    context.update(
        return_form=forms.ReturnForm(),
        approve_form=forms.ApproveForm(),
        reopen_form=forms.ReopenForm(),
    )
    return render(request, "reporting/report.html", context)


@login_required
def report_edit(request, pk: int):
    report = access.get_report_for_user(request.user, pk)
    if not access.can_edit_report(request.user, report):
        if access.can_fill_in(request.user, report.participation):
            messages.info(
                request,
                _("Rapporten har status «%(status)s» og kan ikke endres nå.")
                % {"status": report.get_status_display()},
            )
            return redirect("reporting:report", report.pk)
        raise Http404
    if request.method != "POST":
        form = forms.ReportForm(report)
        form.attach(selectors.warnings_for(report), as_warnings=True)
        return render(request, "reporting/report_form.html", {"report": report, "form": form})
    form = forms.ReportForm(report, data=request.POST)
    status = 400
    try:
        warnings = services.report_save(
            user=request.user,
            report=report,
            version=form.version,
            values=form.inputs(),
            answers=form.answer_data(),
        )
    except StaleEditError as error:
        form.version = Report.objects.values_list("version", flat=True).get(pk=report.pk)
        form.non_field_errors.append(str(error))
        status = 409
    except ValidationError as error:
        form.attach(error.message_dict if hasattr(error, "error_dict") else {"": error.messages})
    else:
        if request.POST.get("then") == "submit" and not warnings:
            return report_submit(request, report.pk)
        if warnings:
            messages.warning(
                request,
                _(
                    "Utkastet er lagret, men noen tall må kontrolleres før rapporten kan sendes inn."
                ),
            )
        else:
            messages.success(request, _("Utkastet er lagret."))
        return redirect("reporting:report_edit", report.pk)
    return render(
        request, "reporting/report_form.html", {"report": report, "form": form}, status=status
    )


def _transition_view(request, pk: int, action, done: str):
    """Run a workflow transition; its refusal or `done` is shown on the report page."""
    report = access.get_report_for_user(request.user, pk)
    try:
        action(report)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("reporting:report", report.pk)


@login_required
@require_POST
def report_submit(request, pk: int):
    return _transition_view(
        request,
        pk,
        lambda r: services.report_submit(user=request.user, report=r),
        _("Rapporten er sendt inn til Husbanken."),
    )


@login_required
@require_POST
def report_return(request, pk: int):
    comment = request.POST.get("comment", "")
    return _transition_view(
        request,
        pk,
        lambda r: services.report_return(user=request.user, report=r, comment=comment),
        _("Rapporten er returnert til kommunen med kommentaren din."),
    )


@login_required
@require_POST
def report_approve(request, pk: int):
    comment = request.POST.get("approve_comment", "")
    return _transition_view(
        request,
        pk,
        lambda r: services.report_approve(user=request.user, report=r, comment=comment),
        _("Rapporten er godkjent og låst."),
    )


@login_required
@require_POST
def report_reopen(request, pk: int):
    reason = request.POST.get("reason", "")
    return _transition_view(
        request,
        pk,
        lambda r: services.report_reopen(user=request.user, report=r, reason=reason),
        _("Rapporten er gjenåpnet og returnert til kommunen."),
    )
