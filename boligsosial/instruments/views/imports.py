"""The import page (figures CSV/Excel, SSB JSON-stat)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boligsosial.instruments import access, forms, jobs, services
from boligsosial.instruments.importers import ImportRefused
from boligsosial.instruments.jsonstat import JsonStatError
from boligsosial.instruments.models import InstrumentFigure
from boligsosial.jobs.uploads import runs_in_background

# Imports ------------------------------------------------------------------------------


@login_required
def import_data(request):
    if not access.can_manage_data(request.user):
        raise Http404
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if runs_in_background(upload):
            # A large file: the worker imports it; the job page shows progress and outcome.
            job = jobs.start_file_import(
                user=request.user, kind=form.cleaned_data["kind"], upload=upload
            )
            return redirect("jobs:detail", job.pk)
        content, name, kind = upload.read(), upload.name, form.cleaned_data["kind"]
        report: list[str] = []  # what an SSB file held and what was left out
        try:
            if kind == "figures":
                batch = services.figures_import(user=request.user, file_name=name, content=content)
            elif kind == "population":
                batch = services.population_import_jsonstat(
                    user=request.user, content=content, file_name=name, report=report
                )
            else:
                batch = services.statistics_import_jsonstat(
                    user=request.user, content=content, file_name=name, report=report
                )
        except (ImportRefused, JsonStatError) as error:
            problems = error.problems
        else:
            messages.success(
                request,
                _("Importert: %(n)s rader fra %(file)s.") % {"n": batch.row_count, "file": name},
            )
            for line in report:
                messages.info(request, line)
            if kind == "figures":
                _warn_implausible(request, batch)
            return redirect("instruments:import")
    return _import_page(request, form, problems)


def _import_page(request, form, problems, fetch_form=None, status=200):
    from boligsosial.instruments.models import ImportBatch

    return render(
        request,
        "instruments/import.html",
        {
            "form": form,
            "fetch_form": fetch_form or forms.SsbFetchForm(),
            "problems": problems,
            "batches": ImportBatch.objects.select_related("imported_by")[:20],
            "figure_count": InstrumentFigure.objects.count(),
        },
        status=status,
    )


@login_required
@require_POST
def ssb_fetch(request):
    """Fetch a table from SSB in the background; the job page shows progress and outcome."""
    if not access.can_manage_data(request.user):
        raise Http404
    fetch_form = forms.SsbFetchForm(request.POST)
    if not fetch_form.is_valid():
        return _import_page(request, forms.ImportForm(), [], fetch_form, status=400)
    job = jobs.start_ssb_fetch(
        user=request.user,
        kind=fetch_form.cleaned_data["kind"],
        table_id=fetch_form.cleaned_data["table"],
        value_codes=fetch_form.value_codes(),
    )
    return redirect("jobs:detail", job.pk)


MAX_WARNINGS = 20


def _warn_implausible(request, batch) -> None:
    """Imported figures far outside their series or peers: a warning, the import stands."""
    from boligsosial.instruments.selectors.plausibility import implausible_figures

    cells = set(
        InstrumentFigure.objects.filter(batch=batch, month__isnull=True).values_list(
            "instrument", "code", "year"
        )
    )
    flags = implausible_figures(only=cells) if cells else []
    for flag in flags[:MAX_WARNINGS]:
        messages.warning(
            request,
            _("Kontroller %(label)s: %(message)s")
            % {"label": flag["label"], "message": flag["message"]},
        )
    if len(flags) > MAX_WARNINGS:
        messages.warning(
            request,
            _("… og %(n)s tall til som bør kontrolleres.") % {"n": len(flags) - MAX_WARNINGS},
        )
