"""Pages for the portfolio, participations, organisation and phases. Thin: parse, call, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boligsosial.audit.selectors import history_for
from boligsosial.core.concurrency import StaleEditError
from boligsosial.core.forms import apply_validation_error as _apply_errors
from boligsosial.core.forms import keep_input_after_stale_edit
from boligsosial.programmes import access, services
from boligsosial.programmes import portfolio as portfolio_view
from boligsosial.programmes.forms import (
    OrganisationForm,
    ParticipationCreateForm,
    ParticipationForm,
    PartnerForm,
    PhaseForm,
)
from boligsosial.programmes.models import Organisation, Partner, Phase
from boligsosial.programmes.phases import PhaseData
from boligsosial.programmes.portfolio_stored import stored_due_for, stored_portfolio_page
from boligsosial.programmes.stored_sections import code_note, participation_overview

FILTERS_FROM = 12


def _without(params, *keys: str) -> str:
    """The query string without `keys` (for links that set them), ending in & when not empty."""
    kept = params.copy()
    for key in keys:
        kept.pop(key, None)
    encoded = kept.urlencode()
    return f"{encoded}&" if encoded else ""


@login_required
def portfolio(request):
    filters, filter_errors = portfolio_view.parse_filters(request.GET)
    page = stored_portfolio_page(request.user, request.as_of, filters)
    return render(
        request,
        "programmes/portfolio.html",
        {
            "page": page,
            "rows": page.rows,
            "filters": filters,
            "filter_errors": filter_errors,
            # The filters help from a dozen municipalities on (and stay while any is set).
            "show_filters": page.total > FILTERS_FROM or filters.active,
            "regions": page.regions,
            "alert_choices": [
                (portfolio_view.ALERTS_ANY, _("Med varsler")),
                (portfolio_view.ALERTS_DANGER, _("Med alvorlige varsler")),
            ],
            "not_started": portfolio_view.NOT_STARTED,
            "page_query": _without(request.GET, "side"),
            "phase_query": _without(request.GET, "side", "fase"),
            "several_programmes": page.several_programmes,
            "has_report_data": page.has_report_data,
            "can_create": access.can_create_participation(request.user),
            "due_items": stored_due_for(request.user, request.as_of),
        },
    )


@login_required
def participation_detail(request, pk: int):
    participation, can_edit = access.get_participation_for_user(request.user, pk)
    return render(
        request,
        "programmes/participation_detail.html",
        {
            "participation": participation,
            "code_note": code_note(participation, request.user, request.as_of),
            # What is due, the agreement, the organisation and the phases: stored until the
            # participation's rows change (the sections below store themselves).
            "overview": participation_overview(
                participation, request.user, request.as_of, can_edit=can_edit
            ),
            "history": history_for(participation),
        },
    )


@login_required
def participation_create(request):
    if not access.can_create_participation(request.user):
        raise Http404
    form = ParticipationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in ("programme", "municipality", "version")
        }
        try:
            participation = services.participation_create(
                user=request.user,
                programme=form.cleaned_data["programme"],
                municipality=form.cleaned_data["municipality"],
                **data,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Programkommunen er opprettet."))
            return redirect("programmes:participation", participation.pk)
    return render(request, "programmes/form.html", {"form": form, "title": _("Ny programkommune")})


@login_required
def participation_edit(request, pk: int):
    participation, _can_edit = access.get_participation_for_user(request.user, pk, for_edit=True)
    form = ParticipationForm(request.POST or None, instance=participation)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        participation.refresh_from_db()
        try:
            services.participation_update(
                user=request.user,
                participation=participation,
                version=form.cleaned_data["version"],
                **data,
            )
        except StaleEditError as error:
            keep_input_after_stale_edit(form, error)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect("programmes:participation", participation.pk)
    return render(
        request,
        "programmes/form.html",
        {
            "form": form,
            "participation": participation,
            "title": _("Rediger avtale og datoer for %(m)s")
            % {"m": participation.municipality.name},
        },
    )


@login_required
def organisation_edit(request, pk: int):
    participation, can_edit = access.get_organisation_for_user(request.user, pk)
    if not can_edit:
        raise Http404
    # Only reads: participation_create made the organisation (migration 0004 for older rows).
    organisation = Organisation.objects.filter(participation=participation).first()
    organisation = organisation or Organisation(participation=participation)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.organisation_update(
                user=request.user,
                participation=participation,
                version=form.cleaned_data["version"],
                **data,
            )
        except StaleEditError as error:
            keep_input_after_stale_edit(form, error)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Organiseringen er lagret."))
            return redirect("programmes:participation", participation.pk)
    return render(
        request,
        "programmes/organisation_form.html",
        {
            "form": form,
            "participation": participation,
            "organisation": organisation,
            "partners": list(organisation.partners.all()) if organisation.pk else [],
            "partner_form": PartnerForm(prefix="partner"),
        },
    )


@login_required
@require_POST
def partner_add(request, pk: int):
    participation, can_edit = access.get_organisation_for_user(request.user, pk)
    if not can_edit:
        raise Http404
    form = PartnerForm(request.POST, prefix="partner")
    if form.is_valid():
        try:
            services.partner_add(
                user=request.user, participation=participation, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Samarbeidspartneren er lagt til."))
    else:
        messages.error(request, _("Velg type og skriv navnet på samarbeidspartneren."))
    return redirect("programmes:organisation_edit", participation.pk)


@login_required
@require_POST
def partner_remove(request, pk: int, partner_pk: int):
    participation, can_edit = access.get_organisation_for_user(request.user, pk)
    if not can_edit:
        raise Http404
    partner = get_object_or_404(Partner, pk=partner_pk, organisation__participation=participation)
    services.partner_remove(user=request.user, partner=partner)
    messages.success(request, _("Samarbeidspartneren er fjernet."))
    return redirect("programmes:organisation_edit", participation.pk)


@login_required
def phase_edit(request, pk: int, phase_pk: int | None = None):
    participation, _can_edit = access.get_participation_for_user(request.user, pk, for_edit=True)
    phase = get_object_or_404(Phase, pk=phase_pk, participation=participation) if phase_pk else None
    form = PhaseForm(request.POST or None, instance=phase)
    if request.method == "POST" and form.is_valid():
        data = PhaseData(pk=phase.pk if phase else None, **form.cleaned_data)
        try:
            services.phase_save(user=request.user, participation=participation, data=data)
        except StaleEditError as error:
            keep_input_after_stale_edit(form, error)
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("Fasen er lagret."))
            return redirect("programmes:participation", participation.pk)
    return render(
        request,
        "programmes/phase_form.html",
        {
            "form": form,
            "participation": participation,
            "phase": phase,
        },
    )


@login_required
@require_POST
def phase_delete(request, pk: int, phase_pk: int):
    participation, _can_edit = access.get_participation_for_user(request.user, pk, for_edit=True)
    phase = get_object_or_404(Phase, pk=phase_pk, participation=participation)
    services.phase_delete(user=request.user, phase=phase)
    messages.success(request, _("Fasen er slettet."))
    return redirect("programmes:participation", participation.pk)
