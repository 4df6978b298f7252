"""Pages for instruments: analyses, figures, frames, applications, imports. Thin: parse,
call selectors/services, render. Every analysis page also answers ?format=csv."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boligsosial.audit.selectors import history_for
from boligsosial.core.concurrency import StaleEditError
from boligsosial.core.forms import apply_validation_error as _apply_errors
from boligsosial.core.spreadsheet import safe_row
from boligsosial.instruments import access, forms, selectors, services
from boligsosial.instruments.importers import ImportRefused
from boligsosial.instruments.jsonstat import JsonStatError
from boligsosial.instruments.models import Instrument, InstrumentFigure, Measure, RegionalFrame


def _require_user(request):
    if not access.can_use_instruments(request.user):
        raise Http404


def csv_response(filename: str, rows: list[list]) -> HttpResponse:
    """Semicolon-separated UTF-8 with BOM and decimal comma (as SSB's Norwegian CSV); empty =
    missing. Text cells that a spreadsheet would read as a formula get a leading `'`."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    for row in rows:
        writer.writerow([_csv_value(v) for v in safe_row(row)])
    return response


def _csv_value(value):
    """Missing is empty; decimals with a comma; text already made inert by `safe_row`."""
    if value is None:
        return ""
    if isinstance(value, (Decimal, float)):
        return str(value).replace(".", ",")
    return value


def _wants_csv(request) -> bool:
    return request.GET.get("format") == "csv"


def _programme(request, form):
    programmes = list(access.visible_programmes(request.user).order_by("name"))
    if not programmes:
        raise Http404
    return (
        access.get_programme_for_user(request.user, form.value("programme", None))
        if form.is_bound
        else programmes[0]
    )


def _default_to_year(as_of: dt.date) -> int:
    years = [y for y in selectors.complete_years(Instrument.START_LOAN) if y <= as_of.year]
    return years[-1] if years else as_of.year


# Overview and growth ----------------------------------------------------------------------


@login_required
def index(request):
    _require_user(request)
    programmes = list(access.visible_programmes(request.user).order_by("name"))
    form = forms.OverviewForm(request.GET or None, programmes=programmes)
    context = {"form": form, "programme": None}
    if programmes:
        programme = _programme(request, form)
        to_year = form.value("to_year", _default_to_year(request.as_of))
        baseline = form.value("baseline", None)
        structure = form.value("structure", None)
        key = {}
        for name, instrument in (
            ("start_loans", Instrument.START_LOAN),
            ("establishment", Instrument.ESTABLISHMENT_GRANT),
        ):
            result = selectors.growth(
                programme=programme,
                instrument=instrument,
                to_year=to_year,
                baseline_year=baseline,
                as_of=request.as_of,
                structure_date=structure,
            )
            key[name] = access.redact_rows(request.user, result, result.structure_date)
        share = selectors.frame_share(
            programme=programme,
            instrument=Instrument.COMPETENCE_GRANT,
            year=to_year,
            as_of=request.as_of,
        )
        key["share"] = access.redact_rows(
            request.user, share, selectors.default_structure_date(to_year)
        )
        which = request.GET.get("tabell")
        if _wants_csv(request) and which in key:
            return csv_response(f"{which}-{to_year}.csv", key[which].csv_rows())
        context.update(key)
        context.update({"programme": programme, "to_year": to_year})
    return render(request, "instruments/index.html", context)


@login_required
def growth(request):
    _require_user(request)
    programmes = list(access.visible_programmes(request.user).order_by("name"))
    form = forms.GrowthForm(request.GET or None, programmes=programmes)
    programme = _programme(request, form)
    to_year = form.value("to_year", _default_to_year(request.as_of))
    result = selectors.growth(
        programme=programme,
        instrument=form.value("instrument", Instrument.START_LOAN),
        to_year=to_year,
        baseline_year=form.value("baseline", None),
        as_of=request.as_of,
        measure=form.value("measure", Measure.AMOUNT),
        structure_date=form.value("structure", None),
    )
    access.redact_rows(request.user, result, result.structure_date)
    if _wants_csv(request):
        return csv_response(f"vekst-{result.instrument}-{to_year}.csv", result.csv_rows())
    return render(
        request, "instruments/growth.html", {"form": form, "result": result, "programme": programme}
    )


@login_required
def share(request):
    _require_user(request)
    programmes = list(access.visible_programmes(request.user).order_by("name"))
    form = forms.ShareForm(request.GET or None, programmes=programmes)
    programme = _programme(request, form)
    to_year = form.value("to_year", _default_to_year(request.as_of))
    from_year = min(form.value("from_year", to_year - 3), to_year)
    instrument = form.value("instrument", Instrument.COMPETENCE_GRANT)
    results = selectors.share_series(
        programme=programme,
        instrument=instrument,
        years=range(from_year, to_year + 1),
        as_of=request.as_of,
    )
    for result in results:
        access.redact_rows(request.user, result, selectors.default_structure_date(result.year))
    if _wants_csv(request):
        rows = [results[0].csv_rows()[0]] + [row for r in results for row in r.csv_rows()[1:]]
        return csv_response(f"andel-{instrument}-{from_year}-{to_year}.csv", rows)
    return render(
        request,
        "instruments/share.html",
        {
            "form": form,
            "results": results,
            "chart": selectors.share_chart(results),
            "programme": programme,
            "latest": results[-1],
        },
    )


@login_required
def comparison(request):
    _require_user(request)
    programmes = list(access.visible_programmes(request.user).order_by("name"))
    form = forms.ComparisonForm(request.GET or None, programmes=programmes)
    programme = _programme(request, form)
    to_year = form.value("to_year", _default_to_year(request.as_of))
    from_year = min(form.value("from_year", to_year - 3), to_year)
    result = selectors.comparison(
        programme=programme,
        instrument=form.value("instrument", Instrument.HOUSING_ALLOWANCE),
        years=range(from_year, to_year + 1),
        as_of=request.as_of,
        measure=form.value("measure", Measure.COUNT),
    )
    if _wants_csv(request):
        return csv_response(f"sammenligning-{result.instrument}.csv", result.csv_rows())
    return render(
        request,
        "instruments/comparison.html",
        {"form": form, "result": result, "programme": programme},
    )


@login_required
def did(request):
    _require_user(request)
    programmes = list(access.visible_programmes(request.user).order_by("name"))
    form = forms.DidForm(request.GET or None, programmes=programmes)
    programme = _programme(request, form)
    pre = range(form.value("pre_from", 2008), form.value("pre_to", 2009) + 1)
    post = range(form.value("post_from", 2010), form.value("post_to", 2011) + 1)
    if not pre or not post or (form.is_bound and not form.is_valid()):
        pre, post = range(2008, 2010), range(2010, 2012)
    result = selectors.did_estimate(
        programme=programme,
        instrument=form.value("instrument", Instrument.START_LOAN),
        pre_years=pre,
        post_years=post,
        as_of=request.as_of,
        measure=form.value("measure", Measure.AMOUNT),
        per_thousand=form.value("per_thousand", True),
    )
    if _wants_csv(request):
        if not access.sees_all_municipalities(request.user):
            raise Http404  # the panel is per municipality
        return csv_response(f"effekt-{result.instrument}.csv", result.csv_rows())
    return render(
        request,
        "instruments/did.html",
        {
            "form": form,
            "result": result,
            "programme": programme,
            "can_download_panel": access.sees_all_municipalities(request.user),
        },
    )


# Figures and series --------------------------------------------------------------------


@login_required
def figures(request):
    _require_user(request)
    form = forms.FiguresForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else False
    data = form.cleaned_data if valid else {}
    instrument = data.get("instrument") or Instrument.START_LOAN
    measure = data.get("measure") or Measure.AMOUNT
    to_year = data.get("to_year") or _default_to_year(request.as_of)
    from_year = min(data.get("from_year") or to_year - 4, to_year)
    codes = None
    if not access.sees_all_municipalities(request.user):
        codes = sorted(
            access.own_codes_at(request.user, request.as_of)
            | access.own_lineage(request.user, range(from_year, to_year + 1))
        )
    years, rows = selectors.figures_table(
        instrument=instrument, years=range(from_year, to_year + 1), codes=codes, measure=measure
    )
    if _wants_csv(request):
        return csv_response(
            f"tall-{instrument}-{from_year}-{to_year}.csv",
            [[_("Kommunenummer"), _("Kommune"), *years]]
            + [[r["code"], r["name"], *r["values"]] for r in rows],
        )
    return render(
        request,
        "instruments/figures.html",
        {
            "form": form,
            "years": years,
            "rows": rows,
            "instrument_label": Instrument(instrument).label,
            "unit": selectors.measure_unit_label(instrument, measure),
        },
    )


@login_required
def series(request):
    _require_user(request)
    form = forms.SeriesForm(request.GET or None)
    own = request.user.municipality.code if request.user.municipality_id else "3907"
    code = form.value("code", own) if form.is_bound else own
    structure = form.value("structure", dt.date(2020, 1, 1))
    to_year = form.value("to_year", 2018)
    from_year = min(form.value("from_year", to_year - 3), to_year)
    result = selectors.series_in_structure(
        code=code,
        instrument=form.value("instrument", Instrument.START_LOAN),
        years=range(from_year, to_year + 1),
        structure_date=structure,
        measure=form.value("measure", Measure.AMOUNT),
    )
    visible = any(access.can_see_code(request.user, c, structure) for c in result.target_codes)
    if not (visible or access.sees_all_municipalities(request.user)):
        raise Http404
    if _wants_csv(request):
        return csv_response(f"serie-{code}-{from_year}-{to_year}.csv", result.csv_rows())
    return render(request, "instruments/series.html", {"form": form, "result": result})


# Frames -------------------------------------------------------------------------------


@login_required
def frames(request):
    _require_user(request)
    rows = selectors.frame_overview()
    if _wants_csv(request):
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
                    r.frame.get_region_display(),
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
            form.add_error(None, str(error))
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


# Applications ---------------------------------------------------------------------------


@login_required
def applications(request):
    _require_user(request)
    qs = access.visible_applications(request.user).prefetch_related("payments")
    if _wants_csv(request):
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
            messages.error(request, f"{form.fields[field].label}: {' '.join(errors)}")
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
