"""The import page (figures CSV/Excel, SSB JSON-stat)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from boligsosial.instruments import access, forms, services
from boligsosial.instruments.importers import ImportRefused
from boligsosial.instruments.jsonstat import JsonStatError
from boligsosial.instruments.models import InstrumentFigure

# Imports ------------------------------------------------------------------------------


@login_required
def import_data(request):
    if not access.can_manage_data(request.user):
        raise Http404
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content, name, kind = upload.read(), upload.name, form.cleaned_data["kind"]
        try:
            if kind == "figures":
                batch = services.figures_import(user=request.user, file_name=name, content=content)
            elif kind == "population":
                batch = services.population_import_jsonstat(
                    user=request.user, content=content, file_name=name
                )
            else:
                batch = services.statistics_import_jsonstat(
                    user=request.user, content=content, file_name=name
                )
        except (ImportRefused, JsonStatError) as error:
            problems = error.problems
        else:
            messages.success(
                request,
                _("Importert: %(n)s rader fra %(file)s.") % {"n": batch.row_count, "file": name},
            )
            return redirect("instruments:import")
    from boligsosial.instruments.models import ImportBatch

    return render(
        request,
        "instruments/import.html",
        {
            "form": form,
            "problems": problems,
            "batches": ImportBatch.objects.select_related("imported_by")[:20],
            "figure_count": InstrumentFigure.objects.count(),
        },
    )
