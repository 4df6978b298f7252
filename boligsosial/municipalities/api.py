import datetime as dt

from django.http import Http404
from ninja import Router, Schema, Status

from boligsosial.municipalities import selectors
from boligsosial.municipalities.models import Municipality

router = Router(tags=["Kommuner"])


class RegistryMunicipalityOut(Schema):
    code: str
    name: str
    county_code: str
    valid_from: dt.date
    valid_to: dt.date | None
    data_source: str
    source_note: str


class CodeChangeOut(Schema):
    old_code: str
    old_name: str
    new_code: str
    new_name: str
    changed_on: dt.date


class CodeHistoryOut(Schema):
    code: str
    spans: list[RegistryMunicipalityOut]
    came_from: list[CodeChangeOut]
    became: list[CodeChangeOut]
    population: dict[int, int]


class CodeMappingOut(Schema):
    code: str
    at: dt.date
    codes: list[str]
    names: list[str]


class RegistryErrorOut(Schema):
    detail: str


@router.get("/", response=list[RegistryMunicipalityOut], summary="Kommuner gyldige på en dato")
def list_municipalities(request, at: dt.date | None = None, q: str = ""):
    qs = selectors.municipalities_valid_at(at or request.as_of)
    if q:
        qs = qs.filter(name__icontains=q) | qs.filter(code__startswith=q)
    return list(qs.order_by("code"))


@router.get(
    "/map/{code}",
    response={200: CodeMappingOut, 422: RegistryErrorOut},
    summary="Kommunenummer gyldig på en dato",
)
def map_code(request, code: str, at: dt.date | None = None):
    date = at or request.as_of
    try:
        codes = selectors.codes_valid_at(code, date)
    except selectors.CodeError as exc:
        return Status(422, {"detail": str(exc)})
    names = [(selectors.municipality_at(c, date) or Municipality(name="")).name for c in codes]
    return {"code": code, "at": date, "codes": codes, "names": names}


@router.get("/{code}", response=CodeHistoryOut, summary="Kodehistorikk og folketall")
def municipality_history(request, code: str):
    history = selectors.code_history(code)
    if not history["spans"]:
        raise Http404
    return {
        "code": code,
        "spans": history["spans"],
        "came_from": history["came_from"],
        "became": history["became"],
        "population": {p.year: p.value for p in selectors.population_series(code)},
    }
