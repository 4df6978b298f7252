"""The DHIS2 identifier table page: an administrator uploads indicator → dataElement UID and
kommunenummer → orgUnit UID; the DHIS2 export can then write UIDs."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boligsosial.reporting import access
from boligsosial.reporting.models import Dhis2Kind, Dhis2Mapping


class Dhis2MappingForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Koblingstabell (CSV)"),
        help_text=gettext_lazy(
            "Kolonnene type, kode og uid. type er dataElement (indikator) eller orgUnit "
            "(kommune). Filen erstatter hele tabellen. Komma eller semikolon, UTF-8."
        ),
    )


@login_required
def dhis2_mapping(request):
    if not access.can_manage_reporting(request.user):
        raise Http404
    from boligsosial.reporting.services.dhis2 import dhis2_mapping_upload

    form = Dhis2MappingForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            counts = dhis2_mapping_upload(user=request.user, data=form.cleaned_data["file"].read())
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _(
                    "Koblingstabellen er lagret: %(dataelementer)s dataelementer og "
                    "%(organisasjonsenheter)s organisasjonsenheter."
                )
                % counts,
            )
            return redirect("reporting:dhis2_mapping")
    mappings = list(Dhis2Mapping.objects.all())
    return render(
        request,
        "reporting/dhis2_mapping.html",
        {
            "form": form,
            "errors": errors,
            "data_elements": [m for m in mappings if m.kind == Dhis2Kind.DATA_ELEMENT],
            "org_units": [m for m in mappings if m.kind == Dhis2Kind.ORG_UNIT],
        },
        status=400 if errors or form.errors else 200,
    )
