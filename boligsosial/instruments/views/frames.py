"""Regional frames: the overview and the edit page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from boligsosial.core.concurrency import StaleEditError
from boligsosial.core.forms import apply_validation_error as _apply_errors
from boligsosial.core.forms import keep_input_after_stale_edit
from boligsosial.instruments import access, forms, selectors, services
from boligsosial.instruments.models import RegionalFrame
from boligsosial.instruments.views.common import (
    csv_response,
    require_user,
    wants_csv,
)

# Frames -------------------------------------------------------------------------------


@login_required
def frames(request):
    require_user(request)
    rows = selectors.frame_overview()
    if wants_csv(request):
        return csv_response(
            "rammer.csv",
            [
                [
                    _("Region"),
                    _("Tilskudd"),
                    _("År"),
                    _("Ramme (kr)"),
                    _("Måltall (%)"),
                    _("Søkt (kr)"),
                    _("Tilsagn (kr)"),
                    _("Gjenstår (kr)"),
                ]
            ]
            + [
                [
                    r.frame.region.name,
                    r.frame.get_instrument_display(),
                    r.frame.year,
                    r.frame.amount,
                    r.frame.programme_target_percent,
                    r.applied,
                    r.committed,
                    r.remaining,
                ]
                for r in rows
            ],
        )
    return render(
        request,
        "instruments/frames.html",
        {"rows": rows, "can_manage": access.can_manage_data(request.user)},
    )


@login_required
def frame_edit(request, pk: int | None = None):
    if not access.can_manage_data(request.user):
        raise Http404
    frame = get_object_or_404(RegionalFrame, pk=pk) if pk else None
    form = forms.FrameForm(request.POST or None, instance=frame)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.frame_save(
                user=request.user,
                region=data["region"],
                instrument=data["instrument"],
                year=data["year"],
                amount=data["amount"],
                programme_target_percent=data["programme_target_percent"],
                version=data.get("version") if frame else None,
                source_note=data["source_note"],
            )
        except StaleEditError as error:
            keep_input_after_stale_edit(form, error)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Rammen er lagret."))
            return redirect("instruments:frames")
    return render(
        request,
        "instruments/form.html",
        {
            "form": form,
            "title": _("Endre ramme") if frame else _("Ny regional ramme"),
            "back_url": "instruments:frames",
        },
    )
