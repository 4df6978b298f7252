"""Reporting pages. Thin: parse, check access, call a service or selector, render."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boligsosial.accounts import access as base_access
from boligsosial.audit.selectors import history_for
from boligsosial.core.concurrency import StaleEditError
from boligsosial.programmes.models import Programme
from boligsosial.reporting import access, forms, privacy, selectors, services, transfer
from boligsosial.reporting.models import Indicator, IndicatorGroup, Report, ReportingPeriod


def _messages_of(error: ValidationError) -> list[str]:
    return (
        [m for messages_ in error.message_dict.values() for m in messages_]
        if hasattr(error, "error_dict")
        else error.messages
    )


def _programmes(user):
    ids = base_access.visible_participations(user).values_list("programme_id", flat=True)
    return Programme.objects.filter(pk__in=ids).order_by("name")


@login_required
def index(request):
    programmes = []
    for programme in _programmes(request.user):
        periods = list(
            programme.reporting_periods.select_related("template").order_by("-start", "kind")
        )
        own = base_access.visible_participations(request.user).filter(programme=programme)
        reports = {
            (r.participation_id, r.period_id): r
            for r in Report.objects.filter(participation__in=own)
        }
        programmes.append(
            {
                "programme": programme,
                "periods": [
                    {"period": p, "completeness": selectors.completeness(programme, p)}
                    for p in periods
                ],
                "own": [
                    {
                        "participation": part,
                        "can_fill": access.can_fill_in(request.user, part),
                        "cells": [(p, reports.get((part.pk, p.pk))) for p in periods],
                    }
                    for part in own
                ]
                if request.user.is_municipal
                else [],
            }
        )
    return render(
        request,
        "reporting/index.html",
        {
            "programmes": programmes,
            "queue": selectors.review_queue(request.user)
            if base_access.is_husbanken(request.user)
            else [],
            "can_manage": access.can_manage_reporting(request.user),
            "can_export": access.can_export_programme(request.user),
            "can_import": access.can_import(request.user),
        },
    )


# Catalogue ---------------------------------------------------------------------------


@login_required
def catalogue(request):
    indicators = list(
        Indicator.objects.prefetch_related("dimensions__options").order_by(
            "order", "code", "-version"
        )
    )
    groups = {}
    for indicator in indicators:
        groups.setdefault(IndicatorGroup(indicator.group).label, []).append(indicator)
    return render(request, "reporting/catalogue.html", {"groups": groups})


@login_required
def indicator_detail(request, code: str):
    versions = list(
        Indicator.objects.filter(code=code)
        .prefetch_related("dimensions__options")
        .order_by("-version")
    )
    if not versions:
        raise Http404
    current = next((v for v in versions if v.is_current), versions[0])
    form = None
    if access.can_manage_reporting(request.user):
        form = forms.IndicatorVersionForm(
            request.POST or None,
            initial={
                "name_nb": current.name_nb,
                "name_en": current.name_en,
                "definition": current.definition,
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.indicator_new_version(
                    user=request.user, indicator=current, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, _messages_of(error))
            else:
                messages.success(
                    request,
                    _(
                        "Ny versjon av indikatoren er lagret. Tidligere rapporterte tall beholder sin versjon."
                    ),
                )
                return redirect("reporting:indicator", code)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "reporting/indicator.html",
        {"versions": versions, "current": current, "form": form},
    )


# Periods -----------------------------------------------------------------------------


@login_required
def periods(request, programme_pk: int):
    programme = access.get_programme_for_user(request.user, programme_pk)
    can_manage = access.can_manage_reporting(request.user)
    form = forms.PeriodForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if form.is_valid():
            try:
                services.period_create(user=request.user, programme=programme, **form.cleaned_data)
            except ValidationError as error:
                for field, errors in (
                    error.message_dict.items()
                    if hasattr(error, "error_dict")
                    else [(None, error.messages)]
                ):
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Perioden er opprettet."))
                return redirect("reporting:periods", programme.pk)
    return render(
        request,
        "reporting/periods.html",
        {
            "programme": programme,
            "form": form,
            "can_manage": can_manage,
            "periods": programme.reporting_periods.select_related("template").order_by(
                "-start", "kind"
            ),
            "settings": services.programme_settings(programme),
        },
    )


@login_required
def period_deadline(request, period_pk: int):
    period = get_object_or_404(ReportingPeriod.objects.select_related("programme"), pk=period_pk)
    access.get_programme_for_user(request.user, period.programme_id)
    if not access.can_manage_reporting(request.user):
        raise Http404
    form = forms.DeadlineForm(request.POST or None, initial={"deadline": period.deadline})
    if request.method == "POST" and form.is_valid():
        try:
            services.period_set_deadline(user=request.user, period=period, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("deadline", _messages_of(error))
        else:
            messages.success(request, _("Fristen er endret."))
            return redirect("reporting:periods", period.programme_id)
    return render(
        request,
        "reporting/simple_form.html",
        {
            "form": form,
            "title": _("Endre frist for %(period)s") % {"period": period.label},
            "back": ("reporting:periods", period.programme_id),
            "submit": _("Lagre frist"),
        },
    )


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


def _transition_view(request, pk: int, action):
    report = access.get_report_for_user(request.user, pk)
    try:
        action(report)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
        return redirect("reporting:report", report.pk)
    return None


@login_required
@require_POST
def report_submit(request, pk: int):
    failed = _transition_view(
        request, pk, lambda r: services.report_submit(user=request.user, report=r)
    )
    if failed:
        return failed
    messages.success(request, _("Rapporten er sendt inn til Husbanken."))
    return redirect("reporting:report", pk)


@login_required
@require_POST
def report_return(request, pk: int):
    comment = request.POST.get("comment", "")
    failed = _transition_view(
        request, pk, lambda r: services.report_return(user=request.user, report=r, comment=comment)
    )
    if failed:
        return failed
    messages.success(request, _("Rapporten er returnert til kommunen med kommentaren din."))
    return redirect("reporting:report", pk)


@login_required
@require_POST
def report_approve(request, pk: int):
    comment = request.POST.get("approve_comment", "")
    failed = _transition_view(
        request, pk, lambda r: services.report_approve(user=request.user, report=r, comment=comment)
    )
    if failed:
        return failed
    messages.success(request, _("Rapporten er godkjent og låst."))
    return redirect("reporting:report", pk)


@login_required
@require_POST
def report_reopen(request, pk: int):
    reason = request.POST.get("reason", "")
    failed = _transition_view(
        request, pk, lambda r: services.report_reopen(user=request.user, report=r, reason=reason)
    )
    if failed:
        return failed
    messages.success(request, _("Rapporten er gjenåpnet og returnert til kommunen."))
    return redirect("reporting:report", pk)


@login_required
def report_excel(request, pk: int):
    report = access.get_report_for_user(request.user, pk)
    if request.method == "GET":
        response = HttpResponse(
            transfer.report_workbook(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"rapport-{report.participation.municipality.code}-{report.period.code}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    if not access.can_edit_report(request.user, report):
        raise Http404
    form = forms.ExcelImportForm(request.POST, request.FILES)
    errors = []
    if form.is_valid():
        try:
            warnings = transfer.import_report_workbook(
                user=request.user,
                report=report,
                data=form.cleaned_data["file"].read(),
                version=form.cleaned_data["version"],
            )
        except StaleEditError as error:
            errors = [str(error)]
        except transfer.ImportRefused as refused:
            errors = [str(e) for e in refused.errors]
        else:
            messages.success(
                request,
                _("Excel-filen er lest inn.")
                if not warnings
                else _(
                    "Excel-filen er lest inn, men noen tall må kontrolleres før rapporten kan sendes inn."
                ),
            )
            return redirect("reporting:report_edit", report.pk)
    return render(
        request,
        "reporting/excel_import.html",
        {"report": report, "form": form, "errors": errors},
        status=400,
    )


# Trend, table, completeness -------------------------------------------------------------


def _indicator_choices():
    return list(
        Indicator.objects.filter(is_current=True)
        .prefetch_related("dimensions__options")
        .order_by("order")
    )


@login_required
def trend(request, pk: int):
    participation, _can_edit = base_access.get_participation_for_user(request.user, pk)
    indicators = _indicator_choices()
    code = request.GET.get("indikator") or indicators[0].code
    option = request.GET.get("kategori") or None
    if selectors.indicator_for(code) is None:
        raise Http404
    indicator, points, chart = selectors.trend(
        participation, code, until=request.as_of, disaggregation=option
    )
    return render(
        request,
        "reporting/trend.html",
        {
            "participation": participation,
            "indicators": indicators,
            "indicator": indicator,
            "points": points,
            "chart": chart,
            "option": option,
        },
    )


@login_required
def programme_table(request, programme_pk: int):
    programme = access.get_programme_for_user(request.user, programme_pk)
    indicators = _indicator_choices()
    code = request.GET.get("indikator") or indicators[0].code
    table = selectors.programme_table(
        programme,
        code,
        user=request.user,
        disaggregation=request.GET.get("kategori") or None,
        per_year=request.GET.get("per") == "aar",
    )
    if table is None:
        raise Http404
    return render(
        request,
        "reporting/programme_table.html",
        {
            "programme": programme,
            "table": table,
            "indicators": indicators,
            "per_year": request.GET.get("per") == "aar",
            "option": request.GET.get("kategori") or "",
            "small_label": privacy.small_count_label(),
        },
    )


# Import and export -----------------------------------------------------------------------


@login_required
def csv_import(request, programme_pk: int):
    programme = access.get_programme_for_user(request.user, programme_pk)
    if not access.can_import(request.user):
        raise Http404
    form = forms.CsvImportForm(request.POST or None, request.FILES or None)
    errors, result = [], None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = transfer.import_csv(
                user=request.user,
                programme=programme,
                data=upload.read(),
                source_note=_("CSV-fil %(name)s") % {"name": upload.name},
            )
        except transfer.ImportRefused as refused:
            errors = refused.errors
    return render(
        request,
        "reporting/csv_import.html",
        {"programme": programme, "form": form, "errors": errors, "result": result},
        status=400 if errors else 200,
    )


EXPORT_TYPES = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "jsonstat": ("application/json", "json"),
    "dhis2": ("application/json", "json"),
}


@login_required
def export(request, programme_pk: int):
    programme = access.get_programme_for_user(request.user, programme_pk)
    if not access.can_export_programme(request.user):
        raise Http404
    kind = request.GET.get("format")
    if kind not in EXPORT_TYPES:
        return render(
            request,
            "reporting/export.html",
            {
                "programme": programme,
                "periods": programme.reporting_periods.order_by("start", "kind"),
                "indicators": _indicator_choices(),
            },
        )
    values = transfer.export_values(
        programme,
        user=request.user,
        period_ids=[int(p) for p in request.GET.getlist("periode") if p.isdigit()] or None,
        indicator_codes=request.GET.getlist("indikator") or None,
        approved_only=request.GET.get("godkjente") == "1",
    )
    if kind == "csv":
        body: bytes | str = transfer.to_csv(values)
    elif kind == "xlsx":
        body = transfer.to_excel_long(values)
    elif kind == "jsonstat":
        body = json.dumps(transfer.to_jsonstat(values, programme=programme), ensure_ascii=False)
    else:
        body = json.dumps(transfer.to_dhis2(values), ensure_ascii=False)
    content_type, extension = EXPORT_TYPES[kind]
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="rapportering-{kind}.{extension}"'
    return response
