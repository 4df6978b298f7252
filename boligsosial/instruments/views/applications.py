"""Grant applications: list, create, detail and one view per action."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boligsosial.audit.selectors import history_for
from boligsosial.core.concurrency import StaleEditError
from boligsosial.core.forms import apply_validation_error as _apply_errors
from boligsosial.instruments import access, forms, services
from boligsosial.instruments.views.common import (
    csv_response,
    require_user,
    wants_csv,
)

# Applications ---------------------------------------------------------------------------


@login_required
def applications(request):
    require_user(request)
    qs = access.visible_applications(request.user).prefetch_related("payments")
    if wants_csv(request):
        return csv_response(
            "soknader.csv",
            [
                [
                    _("Kommune"),
                    _("Tilskudd"),
                    _("År"),
                    _("Status"),
                    _("Søkt (kr)"),
                    _("Innvilget (kr)"),
                    _("Utbetalt (kr)"),
                    _("Tilsagnsbrev"),
                    _("Sluttrapport"),
                ]
            ]
            + [
                [
                    a.participation.municipality.name,
                    a.get_instrument_display(),
                    a.year,
                    a.get_status_display(),
                    a.amount_applied,
                    a.amount_granted,
                    a.paid_total(),
                    a.commitment_letter_date,
                    a.get_final_report_status_display(),
                ]
                for a in qs
            ],
        )
    return render(
        request,
        "instruments/applications.html",
        {
            "applications": qs,
            "can_create": access.participations_user_can_apply_for(request.user).exists(),
        },
    )


@login_required
def application_create(request):
    participations = access.participations_user_can_apply_for(request.user)
    if not participations.exists():
        raise Http404
    form = forms.ApplicationForm(
        request.POST or None, participations=participations, initial={"year": request.as_of.year}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.application_create(
                user=request.user,
                participation=data["participation"],
                instrument=data["instrument"],
                year=data["year"],
                amount_applied=data["amount_applied"],
                purpose=data["purpose"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Søknaden er lagret som utkast. Send den når den er klar."))
            return redirect("instruments:application", application.pk)
    return render(
        request,
        "instruments/form.html",
        {"form": form, "title": _("Ny søknad om tilskudd"), "back_url": "instruments:applications"},
    )


@login_required
def application_detail(request, pk: int):
    application, can_edit, can_decide = access.get_application_for_user(request.user, pk)
    return render(
        request,
        "instruments/application_detail.html",
        {
            "application": application,
            "can_edit": can_edit,
            "can_decide": can_decide,
            "can_submit": can_edit,
            "edit_form": forms.ApplicationForm(instance=application) if can_edit else None,
            "decision_form": forms.DecisionForm(
                initial={
                    "version": application.version,
                    "amount_granted": application.amount_applied,
                }
            ),
            "return_form": forms.ReturnForm(),
            "submit_form": forms.SubmitForm(initial={"version": application.version}),
            "payment_form": forms.PaymentForm(),
            "final_form": forms.FinalReportForm(
                initial={
                    "final_report_status": application.final_report_status,
                    "final_report_date": application.final_report_date,
                }
            ),
            "history": history_for(application),
        },
    )


def _post_action(
    request, pk, form_class, action, success: str, *, need_decide=False, need_edit=False
):
    application, can_edit, can_decide = access.get_application_for_user(request.user, pk)
    if (need_decide and not can_decide) or (need_edit and not can_edit):
        raise Http404
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect("instruments:application", pk)
    try:
        action(application, form.cleaned_data if form else {})
    except StaleEditError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        texts = [
            f"{m}"
            for msgs in (
                error.message_dict.values() if hasattr(error, "error_dict") else [error.messages]
            )
            for m in msgs
        ]
        messages.error(request, _("Ikke lagret: %(errors)s") % {"errors": " ".join(texts)})
    else:
        messages.success(request, success)
    return redirect("instruments:application", pk)


@login_required
@require_POST
def application_edit(request, pk: int):
    application, can_edit, _decide = access.get_application_for_user(request.user, pk)
    if not can_edit:
        raise Http404
    form = forms.ApplicationForm(request.POST, instance=application)
    if form.is_valid():
        try:
            services.application_update(
                user=request.user,
                application=application,
                version=form.cleaned_data.get("version"),
                amount_applied=form.cleaned_data["amount_applied"],
                purpose=form.cleaned_data["purpose"],
            )
        except StaleEditError as error:
            messages.error(request, str(error))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Søknaden er lagret."))
    else:
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label}: {' '.join(map(str, errors))}")
    return redirect("instruments:application", pk)


@login_required
@require_POST
def application_submit(request, pk: int):
    return _post_action(
        request,
        pk,
        forms.SubmitForm,
        lambda a, d: services.application_submit(
            user=request.user, application=a, version=d.get("version")
        ),
        _("Søknaden er sendt til Husbanken."),
        need_edit=True,
    )


@login_required
@require_POST
def application_return(request, pk: int):
    return _post_action(
        request,
        pk,
        forms.ReturnForm,
        lambda a, d: services.application_return(
            user=request.user, application=a, reason=d["reason"]
        ),
        _("Søknaden er sendt tilbake til kommunen."),
        need_decide=True,
    )


@login_required
@require_POST
def application_decide(request, pk: int):
    return _post_action(
        request,
        pk,
        forms.DecisionForm,
        lambda a, d: services.application_decide(
            user=request.user,
            application=a,
            granted=d["granted"],
            amount_granted=d.get("amount_granted"),
            conditions=d.get("conditions", ""),
            commitment_letter_date=d.get("commitment_letter_date"),
            decision_note=d.get("decision_note", ""),
            version=d.get("version"),
        ),
        _("Vedtaket er registrert."),
        need_decide=True,
    )


@login_required
@require_POST
def payment_add(request, pk: int):
    return _post_action(
        request,
        pk,
        forms.PaymentForm,
        lambda a, d: services.payment_add(
            user=request.user,
            application=a,
            paid_on=d["paid_on"],
            amount=d["amount"],
            note=d.get("note", ""),
        ),
        _("Utbetalingen er registrert."),
        need_decide=True,
    )


@login_required
@require_POST
def final_report(request, pk: int):
    return _post_action(
        request,
        pk,
        forms.FinalReportForm,
        lambda a, d: services.final_report_update(
            user=request.user,
            application=a,
            status=d["final_report_status"],
            report_date=d.get("final_report_date"),
        ),
        _("Sluttrapporten er oppdatert."),
        need_decide=True,
    )
