"""Reporting API under /api/v1/reporting. Same access functions and services as the pages.

Values are written as text (exactly what a person would type: "1234", "12,5", "ja",
"31.12.2011") so the API and the form go through the same parsing and rules.
"""

import datetime as dt
import json
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from ninja import Router, Schema, Status
from ninja.responses import NinjaJSONEncoder
from pydantic import TypeAdapter

from boligsosial.core.changes import tables_of
from boligsosial.core.concurrency import require_version
from boligsosial.core.stored import remember
from boligsosial.programmes import access as base_access
from boligsosial.reporting import access, selectors, services, transfer
from boligsosial.reporting.models import Indicator, ReportingPeriod

router = Router(tags=["Rapportering"])


class ReportingOptionOut(Schema):
    code: str
    name_nb: str
    name_en: str


class ReportingDimensionOut(Schema):
    code: str
    name_nb: str
    name_en: str
    options: list[ReportingOptionOut]

    @staticmethod
    def resolve_options(obj):
        return list(obj.options.all())


class ReportingIndicatorOut(Schema):
    code: str
    version: int
    is_current: bool
    group: str
    name_nb: str
    name_en: str
    definition: str
    unit: str
    aggregation: str
    better: str
    source: str
    dimensions: list[ReportingDimensionOut]
    min_value: Decimal | None
    max_value: Decimal | None
    at_most_code: str
    numerator_code: str
    denominator_code: str
    valid_from: dt.date
    change_note: str

    @staticmethod
    def resolve_dimensions(obj):
        return list(obj.dimensions.all())


class ReportingPeriodOut(Schema):
    id: int
    code: str
    label: str
    kind: str
    start: dt.date
    end: dt.date
    deadline: dt.date


class ReportingValueOut(Schema):
    indicator: str
    indicator_version: int
    disaggregation: str | None
    value: Decimal | None
    date_value: dt.date | None
    not_available: bool
    not_available_reason: str
    comment: str
    is_outlier: bool


class ReportingReportOut(Schema):
    id: int
    version: int
    participation_id: int
    municipality_code: str
    period: ReportingPeriodOut
    status: str
    first_submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    review_comment: str


class ReportingReportDetailOut(ReportingReportOut):
    values: list[ReportingValueOut]
    answers: dict[str, str]
    problems: dict[str, list[str]]


class ReportingValueIn(Schema):
    indicator: str
    disaggregation: str | None = None
    value: str = ""
    not_available: bool = False
    not_available_reason: str = ""
    comment: str = ""


class ReportingValuesIn(Schema):
    version: int | None = None
    values: list[ReportingValueIn] = []
    answers: dict[str, str] = {}


class ReportingSaveOut(Schema):
    report: ReportingReportDetailOut
    warnings: dict[str, list[str]]


class ReportingVersionIn(Schema):
    version: int | None = None


class ReportingCommentIn(Schema):
    version: int | None = None
    comment: str = ""


class ReportingReportStartIn(Schema):
    participation_id: int
    period_id: int


class ReportingCompletenessOut(Schema):
    period: ReportingPeriodOut
    expected: int
    submitted: int
    on_time: int
    approved: int
    submitted_share: float | None
    on_time_share: float | None
    approved_share: float | None
    values_expected: int
    values_reported: int
    values_not_available: int


class ReportingCellOut(Schema):
    period: str
    value: Decimal | None
    not_available: bool
    suppressed: bool


class ReportingTableRowOut(Schema):
    municipality_code: str
    municipality_name: str
    cells: list[ReportingCellOut]


class ReportingTableOut(Schema):
    indicator: str
    rows: list[ReportingTableRowOut]


def _report_out(report) -> dict:
    return {
        "id": report.pk,
        "version": report.version,
        "participation_id": report.participation_id,
        "municipality_code": report.participation.municipality.code,
        "period": report.period,
        "status": report.status,
        "first_submitted_at": report.first_submitted_at,
        "approved_at": report.approved_at,
        "review_comment": report.review_comment,
    }


def _detail(report) -> dict:
    values = [
        {
            "indicator": v.indicator.code,
            "indicator_version": v.indicator.version,
            "disaggregation": v.option.code if v.option_id else None,
            "value": v.value,
            "date_value": v.date_value,
            "not_available": v.not_available,
            "not_available_reason": v.not_available_reason,
            "comment": v.comment,
            "is_outlier": v.is_outlier,
        }
        for v in report.values.select_related("indicator", "option").order_by(
            "indicator__order", "option__code"
        )
    ]
    answers = {a.question.code: a.text for a in report.answers.select_related("question")}
    problems = selectors.submission_problems(report) if report.is_editable else {}
    return {**_report_out(report), "values": values, "answers": answers, "problems": problems}


@router.get(
    "/indicators",
    response=list[ReportingIndicatorOut],
    summary="Indikatorkatalogen (alle versjoner med ?all=true)",
)
def list_indicators(request, all: bool = False):
    qs = Indicator.objects.prefetch_related("dimensions__options").order_by(
        "order", "code", "-version"
    )
    return list(qs if all else qs.filter(is_current=True))


@router.get(
    "/indicators/{code}",
    response=list[ReportingIndicatorOut],
    summary="Alle versjoner av én indikator, nyeste først",
)
def get_indicator(request, code: str):
    versions = list(
        Indicator.objects.filter(code=code)
        .prefetch_related("dimensions__options")
        .order_by("-version")
    )
    if not versions:
        raise Http404
    return versions


@router.get("/programmes/{programme_id}/periods", response=list[ReportingPeriodOut])
def list_periods(request, programme_id: int):
    programme = access.get_programme_for_user(request.user, programme_id)
    return list(programme.reporting_periods.order_by("start", "kind"))


@router.get(
    "/programmes/{programme_id}/periods/{period_id}/completeness", response=ReportingCompletenessOut
)
def get_completeness(request, programme_id: int, period_id: int):
    programme = access.get_programme_for_user(request.user, programme_id)
    for row in selectors.stored_completeness(programme):  # the overview's, stored
        if row["period"].pk == period_id:
            return row["completeness"]
    raise Http404


@router.get(
    "/programmes/{programme_id}/table",
    response=ReportingTableOut,
    summary="Én indikator for alle kommuner og perioder",
)
def get_table(
    request,
    programme_id: int,
    indicator: str,
    disaggregation: str | None = None,
    per_year: bool = False,
):
    programme = access.get_programme_for_user(request.user, programme_id)
    # Written directly (`table_json`): the same text the response schema gives, without
    # validating each of the 7 000 cells of a national table (the schema stays for the
    # OpenAPI document); stored until the table's data change.
    text = selectors.stored_table_json(
        programme, indicator, user=request.user, disaggregation=disaggregation, per_year=per_year
    )
    if text is None:
        raise Http404
    return HttpResponse(text, content_type="application/json; charset=utf-8")


@router.get("/reports", response=list[ReportingReportOut], url_name="reporting_list_reports")
def list_reports(
    request,
    participation_id: int | None = None,
    period_id: int | None = None,
    status: str | None = None,
):
    """Stored until the registry, programmes or reporting change, per filter, language and
    reader scope (7 000 reports at national size: 3 s to read and validate); the schema stays the API
    document's."""

    def compute() -> str:
        qs = access.visible_reports(request.user).select_related(
            "participation__municipality", "period"
        )
        if participation_id:
            qs = qs.filter(participation_id=participation_id)
        if period_id:
            qs = qs.filter(period_id=period_id)
        if status:
            qs = qs.filter(status=status)
        rows = [
            _report_out(r)
            for r in qs.order_by("period__start", "participation__municipality__name")
        ]
        reports = TypeAdapter(list[ReportingReportOut]).validate_python(rows)
        return json.dumps([r.model_dump() for r in reports], cls=NinjaJSONEncoder)

    key = (
        "reporting.reports-json",
        participation_id or 0,
        period_id or 0,
        status or "",
        get_language(),  # the periods' labels
        base_access.reader_scope(request.user),
    )
    text = remember(key, tables_of("municipalities", "programmes", "reporting"), compute)
    return HttpResponse(text, content_type="application/json; charset=utf-8")


@router.post(
    "/reports",
    response={201: ReportingReportDetailOut, 200: ReportingReportDetailOut},
    summary="Start (eller hent) rapporten for en periode",
)
def start_report(request, payload: ReportingReportStartIn):
    participation, _ = base_access.get_participation_for_user(
        request.user, payload.participation_id
    )
    period = get_object_or_404(
        ReportingPeriod, pk=payload.period_id, programme_id=participation.programme_id
    )
    if not access.can_fill_in(request.user, participation):
        raise PermissionDenied
    existed = participation.reports.filter(period=period).exists()
    report = services.report_start(user=request.user, participation=participation, period=period)
    return Status(
        200 if existed else 201, _detail(access.get_report_for_user(request.user, report.pk))
    )


@router.get("/reports/{report_id}", response=ReportingReportDetailOut)
def get_report(request, report_id: int):
    return _detail(access.get_report_for_user(request.user, report_id))


@router.put(
    "/reports/{report_id}/values",
    response=ReportingSaveOut,
    summary="Lagre verdier og tekstsvar (utkast eller returnert)",
)
def save_values(request, report_id: int, payload: ReportingValuesIn):
    report = access.get_report_for_user(request.user, report_id)
    if not access.can_fill_in(request.user, report.participation):
        raise PermissionDenied
    inputs = [
        services.ValueInput(
            indicator_code=v.indicator,
            option_code=v.disaggregation,
            raw=v.value,
            not_available=v.not_available,
            reason=v.not_available_reason,
            comment=v.comment,
        )
        for v in payload.values
    ]
    warnings = services.report_save(
        user=request.user,
        report=report,
        version=require_version(payload.version, report),
        values=inputs,
        answers=payload.answers or None,
        source="user",
    )
    return {
        "report": _detail(access.get_report_for_user(request.user, report_id)),
        "warnings": warnings,
    }


def _transition(request, report_id: int, version: int | None, action, allowed):
    report = access.get_report_for_user(request.user, report_id)
    if not allowed(request.user, report.participation):
        raise PermissionDenied  # before the version: an outsider learns nothing (404)
    action(report, require_version(version, report))
    return _detail(access.get_report_for_user(request.user, report_id))


@router.post("/reports/{report_id}/submit", response=ReportingReportDetailOut)
def submit_report(request, report_id: int, payload: ReportingVersionIn):
    return _transition(
        request,
        report_id,
        payload.version,
        lambda r, v: services.report_submit(user=request.user, report=r, version=v),
        access.can_submit,
    )


@router.post("/reports/{report_id}/return", response=ReportingReportDetailOut)
def return_report(request, report_id: int, payload: ReportingCommentIn):
    return _transition(
        request,
        report_id,
        payload.version,
        lambda r, v: services.report_return(
            user=request.user, report=r, comment=payload.comment, version=v
        ),
        access.can_review,
    )


@router.post("/reports/{report_id}/approve", response=ReportingReportDetailOut)
def approve_report(request, report_id: int, payload: ReportingCommentIn):
    return _transition(
        request,
        report_id,
        payload.version,
        lambda r, v: services.report_approve(
            user=request.user, report=r, comment=payload.comment, version=v
        ),
        access.can_review,
    )


@router.post("/reports/{report_id}/reopen", response=ReportingReportDetailOut)
def reopen_report(request, report_id: int, payload: ReportingCommentIn):
    return _transition(
        request,
        report_id,
        payload.version,
        lambda r, v: services.report_reopen(
            user=request.user, report=r, reason=payload.comment, version=v
        ),
        access.can_review,
    )


@router.get(
    "/programmes/{programme_id}/values",
    summary="Eksport: format=csv|jsonstat|dhis2, idscheme=code|uid for DHIS2 (bare Husbanken)",
)
def export_values(
    request,
    programme_id: int,
    format: str = "jsonstat",
    approved_only: bool = True,
    idscheme: str = "code",
):
    from django.core.exceptions import ValidationError
    from django.http import JsonResponse, StreamingHttpResponse

    programme = access.get_programme_for_user(request.user, programme_id)
    if not access.can_export_programme(request.user):
        raise PermissionDenied
    values = transfer.export_values(programme, user=request.user, approved_only=approved_only)
    if format == "csv":
        return StreamingHttpResponse(
            transfer.csv_chunks(values), content_type="text/csv; charset=utf-8"
        )
    if format == "dhis2":
        from boligsosial.reporting.services.dhis2 import dhis2_uids

        try:
            return JsonResponse(
                transfer.to_dhis2(values, uids=dhis2_uids() if idscheme == "uid" else None)
            )
        except transfer.ExportRefused as error:
            raise ValidationError(str(error)) from None
    return JsonResponse(transfer.to_jsonstat(values, programme=programme))
