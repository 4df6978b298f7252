"""REST API for instruments: figures, frames, applications and analyses. Routes call the
same access functions, services and selectors as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from boligsosial.core.concurrency import require_version
from boligsosial.instruments import access, selectors, services
from boligsosial.instruments.bounds import (
    Amount,
    AnalysisYear,
    Count,
    FigureYear,
    InstrumentParam,
    MeasureParam,
    Month,
    Percent,
    RegionParam,
    Version,
)
from boligsosial.instruments.importers import ImportRefused
from boligsosial.instruments.jsonstat import JsonStatError
from boligsosial.instruments.models import (
    INSTRUMENT_INFO,
    Instrument,
    InstrumentFigure,
    Measure,
    RegionalFrame,
)

router = Router(tags=["Virkemidler og statistikk"])


def _require_user(request):
    if not access.can_use_instruments(request.auth):
        raise Http404


class InstrumentOut(Schema):
    code: str
    name: str
    amount_unit: str
    count_unit: str
    has_frame: bool


class FigureOut(Schema):
    instrument: str
    code: str
    year: int
    month: int | None
    amount: Decimal | None
    count: int | None
    data_source: str
    source_note: str


class FigureIn(Schema):
    instrument: InstrumentParam
    code: str = Field(pattern=r"^\d{4}$", max_length=4)
    year: FigureYear
    month: Month | None = None
    amount: Amount | None = None
    count: Count | None = None
    source_note: str = Field("", max_length=500)


class GrowthRowOut(Schema):
    name: str
    codes: list[str]
    baseline_year: int
    to_year: int
    baseline_value: Decimal | None
    to_value: Decimal | None
    change_percent: Decimal | None


class GrowthOut(Schema):
    instrument: str
    measure: str
    unit: str
    baseline: str
    to_year: int
    structure_date: dt.date
    total_baseline: Decimal | None
    total_to: Decimal | None
    change_percent: Decimal | None
    excluded: list[str]
    rows: list[GrowthRowOut]


class ShareRowOut(Schema):
    name: str
    codes: list[str]
    amount: Decimal | None
    share_percent: Decimal | None


class ShareOut(Schema):
    instrument: str
    year: int
    region: str
    frame_amount: Decimal | None
    target_percent: Decimal | None
    programme_amount: Decimal | None
    share_percent: Decimal | None
    committed: Decimal
    excluded: list[str]
    rows: list[ShareRowOut]


class ComparisonYearOut(Schema):
    year: int
    programme_value: Decimal | None
    programme_population: int | None
    programme_per_thousand: Decimal | None
    rest_value: Decimal | None
    rest_population: int | None
    rest_per_thousand: Decimal | None


class ComparisonOut(Schema):
    instrument: str
    measure: str
    unit: str
    programme_units: int
    rest_units: int
    programme_change: Decimal | None
    rest_change: Decimal | None
    years: list[ComparisonYearOut]


class DidOut(Schema):
    instrument: str
    unit: str
    pre_years: list[int]
    post_years: list[int]
    estimate: float | None
    std_error: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    n_obs: int
    n_treated: int
    n_control: int
    cov_type: str
    cell_means: dict[str, float | None]
    note: str


class SeriesYearOut(Schema):
    year: int
    value: Decimal | None
    parts: list[tuple[str, str, Decimal]]
    missing_codes: list[str]


class SeriesOut(Schema):
    code: str
    target_codes: list[str]
    name: str
    instrument: str
    structure_date: dt.date
    years: list[SeriesYearOut]


class FrameOut(Schema):
    id: int
    region: str
    instrument: str
    year: int
    amount: Decimal
    programme_target_percent: Decimal | None
    committed: Decimal
    applied: Decimal
    remaining: Decimal
    version: int
    data_source: str


class FrameIn(Schema):
    region: RegionParam
    instrument: InstrumentParam
    year: FigureYear
    amount: Amount
    programme_target_percent: Percent | None = None
    version: Version | None = Field(
        None, description="Påkrevd når rammen finnes fra før (versjonen du leste)."
    )
    source_note: str = Field("", max_length=500)


class ApplicationOut(Schema):
    id: int
    participation_id: int
    municipality: str
    instrument: str
    year: int
    amount_applied: Decimal
    purpose: str
    status: str
    amount_granted: Decimal | None
    conditions: str
    commitment_letter_date: dt.date | None
    paid_total: Decimal
    final_report_status: str
    version: int

    @staticmethod
    def resolve_municipality(obj):
        return obj.participation.municipality.name

    @staticmethod
    def resolve_paid_total(obj):
        return obj.paid_total()


class ApplicationIn(Schema):
    participation_id: int
    instrument: InstrumentParam
    year: FigureYear
    amount_applied: Amount
    purpose: str = Field(max_length=10_000)


class SubmitIn(Schema):
    version: Version | None = Field(None, description="Påkrevd: versjonen du leste.")


class GrantDecisionIn(Schema):
    granted: bool
    amount_granted: Amount | None = None
    conditions: str = Field("", max_length=10_000)
    commitment_letter_date: dt.date | None = None
    decision_note: str = Field("", max_length=10_000)
    version: Version | None = Field(None, description="Påkrevd: versjonen du leste.")


class PaymentIn(Schema):
    paid_on: dt.date
    amount: Amount
    note: str = Field("", max_length=300)


class InstrumentImportOut(Schema):
    id: int
    kind: str
    file_name: str
    row_count: int


class ImportRefusedOut(Schema):
    detail: str
    errors: list[str]


class StatisticOut(Schema):
    table_id: str
    contents_code: str
    label: str
    unit: str
    year: int
    value: Decimal
    data_source: str
    source_note: str
    source_updated: dt.datetime | None


@router.get("/instruments", response=list[InstrumentOut], summary="Virkemidler og enheter")
def list_instruments(request):
    from boligsosial.instruments.models import count_unit_label

    return [
        {
            "code": k,
            "name": str(v),
            "amount_unit": "NOK",
            "count_unit": count_unit_label(k),
            "has_frame": INSTRUMENT_INFO[k].is_grant,
        }
        for k, v in Instrument.choices
    ]


@router.get("/figures", response=list[FigureOut], summary="Virkemiddeltall per kommune og år")
def list_figures(
    request,
    instrument: InstrumentParam | None = None,
    year: AnalysisYear | None = None,
    code: str | None = None,
):
    _require_user(request)
    qs = InstrumentFigure.objects.all()
    if instrument:
        qs = qs.filter(instrument=instrument)
    if year:
        qs = qs.filter(year=year)
    if code:
        qs = qs.filter(code=code)
    if not access.sees_all_municipalities(request.auth):
        own = access.own_codes_at(request.auth, request.as_of) | access.own_lineage(
            request.auth, [year] if year else selectors.figure_years()
        )
        qs = qs.filter(code__in=own)
    return list(qs[:5000])


@router.post("/figures", response={200: FigureOut}, summary="Registrer eller endre ett tall")
def save_figure(request, payload: FigureIn):
    return services.figure_save(user=request.auth, **payload.dict())


@router.post(
    "/figures/import",
    response={200: InstrumentImportOut, 422: ImportRefusedOut},
    summary="Importer CSV/Excel (alt eller ingenting)",
)
def import_figures(request, file: UploadedFile = File(...)):  # noqa: B008 (ninja idiom)
    try:
        return services.figures_import(user=request.auth, file_name=file.name, content=file.read())
    except ImportRefused as error:
        return Status(
            422,
            {"detail": "Filen er ikke importert. Ingenting er lagret.", "errors": error.problems},
        )


@router.post(
    "/statistics/import",
    response={200: InstrumentImportOut, 422: ImportRefusedOut},
    summary="Importer SSB JSON-stat 2.0 (folketall eller KOSTRA-nøkkeltall)",
)
def import_statistics(request, kind: str = Form(...), file: UploadedFile = File(...)):  # noqa: B008
    content = file.read()
    try:
        if kind == "population":
            return services.population_import_jsonstat(
                user=request.auth, content=content, file_name=file.name
            )
        return services.statistics_import_jsonstat(
            user=request.auth, content=content, file_name=file.name
        )
    except JsonStatError as error:
        return Status(
            422,
            {"detail": "Filen er ikke importert. Ingenting er lagret.", "errors": error.problems},
        )


@router.get(
    "/statistics/{code}", response=list[StatisticOut], summary="Nøkkeltall for et kommunenummer"
)
def statistics(request, code: str):
    return selectors.statistics_for(code)


FRAME_FIELDS = (
    "id",
    "region",
    "instrument",
    "year",
    "amount",
    "programme_target_percent",
    "version",
    "data_source",
)


def _frame_row(frame):
    """The frame's overview row (committed, applied, remaining)."""
    return next(
        r
        for r in selectors.frame_overview(region=frame.region, year=frame.year)
        if r.frame.pk == frame.pk
    )


def _frame_out(row) -> dict:
    return {
        **{f: getattr(row.frame, f) for f in FRAME_FIELDS},
        "committed": row.committed,
        "applied": row.applied,
        "remaining": row.remaining,
    }


@router.get("/frames", response=list[FrameOut], summary="Regionale rammer med tilsagn")
def list_frames(request, year: int | None = None):
    _require_user(request)
    return [_frame_out(r) for r in selectors.frame_overview(year=year)]


@router.post("/frames", response=FrameOut, summary="Lagre en ramme")
def save_frame(request, payload: FrameIn):
    frame = services.frame_save(user=request.auth, version_required=True, **payload.dict())
    return _frame_out(_frame_row(frame))


@router.get("/applications", response=list[ApplicationOut], summary="Søknader du har tilgang til")
def list_applications(request):
    _require_user(request)
    return list(access.visible_applications(request.auth).prefetch_related("payments"))


@router.get("/applications/{pk}", response=ApplicationOut)
def get_application(request, pk: int):
    application, _edit, _decide = access.get_application_for_user(request.auth, pk)
    return application


@router.post("/applications", response=ApplicationOut, summary="Ny søknad (utkast)")
def create_application(request, payload: ApplicationIn):
    from boligsosial.accounts.access import get_participation_for_user

    participation, _ = get_participation_for_user(request.auth, payload.participation_id)
    data = payload.dict()
    data.pop("participation_id")
    return services.application_create(user=request.auth, participation=participation, **data)


@router.post(
    "/applications/{pk}/submit", response=ApplicationOut, summary="Send søknaden til Husbanken"
)
def submit_application(request, pk: int, payload: SubmitIn):
    application, _edit, _decide = access.get_application_for_user(request.auth, pk)
    version = require_version(payload.version, application)
    return services.application_submit(user=request.auth, application=application, version=version)


@router.post("/applications/{pk}/decision", response=ApplicationOut, summary="Husbankens vedtak")
def decide_application(request, pk: int, payload: GrantDecisionIn):
    application, _edit, _decide = access.get_application_for_user(request.auth, pk)
    data = payload.dict()
    data["version"] = require_version(payload.version, application)
    return services.application_decide(user=request.auth, application=application, **data)


@router.post("/applications/{pk}/payments", response=ApplicationOut, summary="Registrer utbetaling")
def add_payment(request, pk: int, payload: PaymentIn):
    application, _edit, _decide = access.get_application_for_user(request.auth, pk)
    services.payment_add(user=request.auth, application=application, **payload.dict())
    return access.get_application_for_user(request.auth, pk)[0]


def _years(first: int, last: int, what: str) -> range:
    """The years from `first` to `last`; an empty span is refused with a Norwegian message."""
    if first > last:
        raise ValidationError(
            {
                what: _("Fra-året (%(first)s) må være før eller lik til-året (%(last)s).")
                % {"first": first, "last": last}
            }
        )
    return range(first, last + 1)


def _programme(request, programme: int | None):
    _require_user(request)
    return access.get_programme_for_user(request.auth, programme)


@router.get(
    "/analyses/growth", response=GrowthOut, summary="Vekst fra basisår (tomt: året før oppstart)"
)
def analysis_growth(
    request,
    instrument: InstrumentParam = Instrument.START_LOAN,
    to_year: AnalysisYear = 2011,
    baseline_year: AnalysisYear | None = None,
    measure: MeasureParam = Measure.AMOUNT,
    structure_date: dt.date | None = None,
    programme: int | None = None,
):
    result = selectors.growth(
        programme=_programme(request, programme),
        instrument=instrument,
        to_year=to_year,
        baseline_year=baseline_year,
        as_of=request.as_of,
        measure=measure,
        structure_date=structure_date,
    )
    access.redact_rows(request.auth, result, result.structure_date)
    return {
        **result.__dict__,
        "unit": result.unit,
        "baseline": result.baseline_label,
        "rows": result.visible_rows(),
    }


@router.get(
    "/analyses/frame-share",
    response=ShareOut,
    summary="Programkommunenes andel av en regional ramme",
)
def analysis_share(
    request,
    instrument: InstrumentParam = Instrument.COMPETENCE_GRANT,
    year: AnalysisYear = 2011,
    programme: int | None = None,
):
    result = selectors.frame_share(
        programme=_programme(request, programme),
        instrument=instrument,
        year=year,
        as_of=request.as_of,
    )
    access.redact_rows(request.auth, result, selectors.default_structure_date(year))
    return {**result.__dict__, "frame_amount": result.frame_amount, "rows": result.visible_rows()}


@router.get(
    "/analyses/comparison",
    response=ComparisonOut,
    summary="Programkommuner mot resten av regionen per 1 000",
)
def analysis_comparison(
    request,
    instrument: InstrumentParam = Instrument.HOUSING_ALLOWANCE,
    from_year: AnalysisYear = 2008,
    to_year: AnalysisYear = 2011,
    measure: MeasureParam = Measure.COUNT,
    programme: int | None = None,
):
    result = selectors.comparison(
        programme=_programme(request, programme),
        instrument=instrument,
        years=_years(from_year, to_year, "from_year"),
        as_of=request.as_of,
        measure=measure,
    )
    return {
        **result.__dict__,
        "unit": result.unit,
        "programme_change": result.programme_change,
        "rest_change": result.rest_change,
    }


def _did_post_years(pre_to: int, post_from: int, post_to: int) -> range:
    if post_from <= pre_to:
        raise ValidationError(
            {"post_from": _("Perioden etter må begynne etter at perioden før er slutt.")}
        )
    return _years(post_from, post_to, "post_from")


@router.get(
    "/analyses/did", response=DidOut, summary="Forskjell i forskjeller med konfidensintervall"
)
def analysis_did(
    request,
    instrument: InstrumentParam = Instrument.START_LOAN,
    pre_from: AnalysisYear = 2008,
    pre_to: AnalysisYear = 2009,
    post_from: AnalysisYear = 2010,
    post_to: AnalysisYear = 2011,
    measure: MeasureParam = Measure.AMOUNT,
    per_thousand: bool = True,
    programme: int | None = None,
):
    result = selectors.did_estimate(
        programme=_programme(request, programme),
        instrument=instrument,
        pre_years=_years(pre_from, pre_to, "pre_from"),
        post_years=_did_post_years(pre_to, post_from, post_to),
        as_of=request.as_of,
        measure=measure,
        per_thousand=per_thousand,
    )
    return {**result.__dict__, "unit": result.unit}


@router.get("/analyses/series", response=SeriesOut, summary="Serie i kommunestrukturen per en dato")
def analysis_series(
    request,
    code: str,
    structure_date: dt.date,
    from_year: AnalysisYear,
    to_year: AnalysisYear,
    instrument: InstrumentParam = Instrument.START_LOAN,
    measure: MeasureParam = Measure.AMOUNT,
):
    _require_user(request)
    result = selectors.series_in_structure(
        code=code,
        instrument=instrument,
        years=_years(from_year, to_year, "from_year"),
        structure_date=structure_date,
        measure=measure,
    )
    if not any(access.can_see_code(request.auth, c, structure_date) for c in result.target_codes):
        raise Http404
    return result


@router.get("/frames/{pk}", response=FrameOut)
def get_frame(request, pk: int):
    _require_user(request)
    frame = RegionalFrame.objects.filter(pk=pk).first()
    if frame is None:
        raise Http404
    return _frame_out(_frame_row(frame))


class RegionMembersIn(Schema):
    codes: list[str]
    source_note: str = ""


@router.get(
    "/regions/{region}/members", response=list[str], summary="Kommunenummer i en Husbanken-region"
)
def region_members(request, region: str):
    _require_user(request)
    from boligsosial.instruments.models import RegionMember

    return list(RegionMember.objects.filter(region=region).values_list("code", flat=True))


@router.put(
    "/regions/{region}/members",
    response=list[str],
    summary="Sett kommunene i en region (administrator)",
)
def set_region_members(request, region: str, payload: RegionMembersIn):
    from boligsosial.municipalities.selectors import CodeError, check_code_format
    from boligsosial.programmes.models import HusbankenRegion

    if not access.can_manage_data(request.auth) or region not in HusbankenRegion.values:
        raise Http404
    problems = []
    for code in payload.codes:
        try:
            check_code_format(code)
        except CodeError as error:
            problems.append(str(error))
    if problems:
        raise ValidationError({"codes": problems})
    services.region_members_set(
        user=request.auth, region=region, codes=payload.codes, source_note=payload.source_note
    )
    return sorted(payload.codes)
