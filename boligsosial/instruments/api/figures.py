"""Routes for instruments, figures, imports, statistics and region membership."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from ninja import File, Form, Status
from ninja.files import UploadedFile
from ninja.responses import NinjaJSONEncoder
from pydantic import TypeAdapter

from boligsosial.core.changes import tables_of
from boligsosial.core.stored import remember
from boligsosial.instruments import access, selectors, services
from boligsosial.instruments.api.router import require_user, router
from boligsosial.instruments.api.schemas import (
    FigureIn,
    FigureOut,
    ImportRefusedOut,
    InstrumentImportOut,
    InstrumentOut,
    RegionMembersIn,
    StatisticOut,
)
from boligsosial.instruments.bounds import (
    AnalysisYear,
    InstrumentParam,
)
from boligsosial.instruments.importers import ImportRefused
from boligsosial.instruments.jsonstat import JsonStatError
from boligsosial.instruments.models import (
    INSTRUMENT_INFO,
    Instrument,
    InstrumentFigure,
)


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
    """Stored until the registry or instruments change, per filter and reader (all
    municipalities, or one municipality's codes at the as-of date): up to 5 000 figures,
    0.3 s to read and validate; the schema stays the API document's."""
    require_user(request)
    user = request.auth

    def compute() -> str:
        qs = InstrumentFigure.objects.all()
        if instrument:
            qs = qs.filter(instrument=instrument)
        if year:
            qs = qs.filter(year=year)
        if code:
            qs = qs.filter(code=code)
        if not access.sees_all_municipalities(user):
            own = access.own_codes_at(user, request.as_of) | access.own_lineage(
                user, [year] if year else selectors.figure_years()
            )
            qs = qs.filter(code__in=own)
        figures = TypeAdapter(list[FigureOut]).validate_python(list(qs[:5000]))
        return json.dumps([f.model_dump() for f in figures], cls=NinjaJSONEncoder)

    key = ("instruments.figures-json", instrument or "", year or 0, code or "", _scope(request))
    text = remember(key, tables_of("municipalities", "instruments"), compute)
    return HttpResponse(text, content_type="application/json; charset=utf-8")


def _scope(request) -> tuple:
    """Which figures the reader sees: all, or their municipality's codes at the as-of date."""
    user = request.auth
    if access.sees_all_municipalities(user):
        return ("all",)
    own = user.municipality_id if access.is_active(user) and user.is_municipal else None
    return ("own", own, request.as_of.isoformat())


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
        return services.figures_import(
            user=request.auth, file_name=file.name or "fil", content=file.read()
        )
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
                user=request.auth, content=content, file_name=file.name or "fil"
            )
        return services.statistics_import_jsonstat(
            user=request.auth, content=content, file_name=file.name or "fil"
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


@router.get(
    "/regions/{region}/members", response=list[str], summary="Kommunenummer i en Husbanken-region"
)
def region_members(request, region: str):
    require_user(request)
    from django.utils import timezone

    from boligsosial.programmes.models import RegionMunicipality
    from boligsosial.programmes.region_models import served_at

    served = RegionMunicipality.objects.filter(served_at(timezone.localdate()), region__key=region)
    return sorted(set(served.values_list("code", flat=True)))


@router.put(
    "/regions/{region}/members",
    response=list[str],
    summary="Sett kommunene i en region (administrator)",
)
def set_region_members(request, region: str, payload: RegionMembersIn):
    from boligsosial.municipalities.selectors import CodeError, check_code_format
    from boligsosial.programmes.models import Region

    if not access.can_manage_data(request.auth) or not Region.objects.filter(key=region).exists():
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
