"""Pages for Husbanken's regions: everyone in Husbanken reads them, the national
administrator creates and changes them and the municipalities they serve."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from boligsosial.core.concurrency import StaleEditError
from boligsosial.core.forms import (
    VersionedFormMixin,
    apply_validation_error,
    keep_input_after_stale_edit,
)
from boligsosial.programmes import regions
from boligsosial.programmes.forms import DateInput
from boligsosial.programmes.region_models import Region


class RegionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Region
        fields = ["key", "name", "office", "valid_from", "valid_to"]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["key"].disabled = True
            self.fields["key"].help_text = ""  # the key of an existing region is kept

    def validate_unique(self):
        pass  # the service checks names and keys, for the API and scripts too


class ServedForm(VersionedFormMixin, forms.Form):
    municipalities = forms.CharField(
        label=_lazy("Kommuner regionen betjener"),
        required=False,
        max_length=40_000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_lazy(
            "Én kommune per linje: kommunenummer; fra; til (datoene kan stå tomme). "
            "For eksempel «0906» eller «0906; 01.01.2008; 01.01.2020»."
        ),
    )


@login_required
def region_list(request):
    if not regions.can_see_regions(request.user):
        raise Http404
    return render(
        request,
        "programmes/regions.html",
        {
            "rows": regions.regions_overview(request.as_of),
            "can_manage": regions.can_manage_regions(request.user),
        },
    )


@login_required
def region_detail(request, pk: int):
    region = regions.get_region_for_user(request.user, pk)
    return render(
        request,
        "programmes/region_detail.html",
        {
            "region": region,
            "served": regions.served_municipalities(region, request.as_of),
            "programmes": region.programmes.order_by("name"),
            "can_manage": regions.can_manage_regions(request.user),
        },
    )


@login_required
def region_edit(request, pk: int | None = None):
    region = regions.get_region_for_user(request.user, pk, for_edit=True) if pk else None
    if region is None and not regions.can_manage_regions(request.user):
        raise Http404
    form = RegionForm(request.POST or None, instance=region)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            saved = regions.region_save(
                user=request.user, region=region, version=form.cleaned_data["version"], **data
            )
        except StaleEditError as error:
            keep_input_after_stale_edit(form, error)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Regionen er lagret."))
            return redirect("programmes:region", saved.pk)
    title = _("Endre %(name)s") % {"name": region.name} if region else _("Ny Husbanken-region")
    return render(
        request, "programmes/region_form.html", {"form": form, "region": region, "title": title}
    )


@login_required
def region_served_edit(request, pk: int):
    region = regions.get_region_for_user(request.user, pk, for_edit=True)
    initial = {"municipalities": regions.served_as_text(region), "version": region.version}
    form = ServedForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            rows = regions.parse_served_text(form.cleaned_data["municipalities"])
            regions.region_municipalities_set(
                user=request.user, region=region, rows=rows, version=form.cleaned_data["version"]
            )
        except StaleEditError as error:
            keep_input_after_stale_edit(form, error)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Kommunene er lagret."))
            return redirect("programmes:region", region.pk)
    title = _("Kommuner %(name)s betjener") % {"name": region.name}
    return render(
        request, "programmes/region_form.html", {"form": form, "region": region, "title": title}
    )
