"""Files: the Excel workbook per report, the CSV import and the exports."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from boligsosial.core.concurrency import StaleEditError
from boligsosial.jobs.uploads import runs_in_background
from boligsosial.reporting import access, forms, transfer
from boligsosial.reporting.jobs import start_csv_import
from boligsosial.reporting.views.common import _indicator_choices


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
        if runs_in_background(upload):
            # A large file: the worker imports it; the job page shows progress and outcome.
            job = start_csv_import(user=request.user, programme=programme, upload=upload)
            return redirect("jobs:detail", job.pk)
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


def _export_page(request, programme, error: str = ""):
    from boligsosial.reporting.models import Dhis2Mapping

    return render(
        request,
        "reporting/export.html",
        {
            "programme": programme,
            "periods": programme.reporting_periods.order_by("start", "kind"),
            "indicators": _indicator_choices(),
            "derived_note": _(transfer.DERIVED_NOTE),
            "has_uids": Dhis2Mapping.objects.exists(),
            "can_manage_mapping": access.can_manage_reporting(request.user),
            "error": error,
        },
    )


@login_required
def export(request, programme_pk: int):
    programme = access.get_programme_for_user(request.user, programme_pk)
    if not access.can_export_programme(request.user):
        raise Http404
    kind = request.GET.get("format")
    if kind not in EXPORT_TYPES:
        return _export_page(request, programme)
    values = transfer.export_values(
        programme,
        user=request.user,
        period_ids=[int(p) for p in request.GET.getlist("periode") if p.isdigit()] or None,
        indicator_codes=request.GET.getlist("indikator") or None,
        approved_only=request.GET.get("godkjente") == "1",
    )
    content_type, extension = EXPORT_TYPES[kind]
    response: HttpResponseBase
    if kind == "csv":
        # Streamed: a national export is ~300 000 rows, read through a cursor in chunks.
        response = StreamingHttpResponse(transfer.csv_chunks(values), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="rapportering-{kind}.{extension}"'
        return response
    body: bytes | str
    if kind == "xlsx":
        body = transfer.to_excel_long(values)
    elif kind == "jsonstat":
        body = json.dumps(transfer.to_jsonstat(values, programme=programme), ensure_ascii=False)
    else:
        try:
            body = json.dumps(transfer.to_dhis2(values, uids=_uids(request)), ensure_ascii=False)
        except transfer.ExportRefused as error:
            return _export_page(request, programme, str(error))
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="rapportering-{kind}.{extension}"'
    return response


def _uids(request):
    """The identifier table when the DHIS2 export is asked for with UIDs (idscheme=uid)."""
    if request.GET.get("idscheme") != "uid":
        return None
    from boligsosial.reporting.services.dhis2 import dhis2_uids

    return dhis2_uids()
