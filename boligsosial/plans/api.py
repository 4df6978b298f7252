"""REST API for goals, measures, results, evidence and the library. Same access and services as the pages."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from boligsosial.core.concurrency import require_version
from boligsosial.core.downloads import private_file_response
from boligsosial.plans import access as plan_access
from boligsosial.plans import selectors, services
from boligsosial.plans.models import (
    Evidence,
    Goal,
    MeasureStatus,
    Method,
    Result,
    TargetGroup,
)
from boligsosial.plans.progress import PROGRESS_RULE_TEXT, progress_for
from boligsosial.programmes.models import NationalGoal, Programme

router = Router(tags=["Mål og tiltak"])


class GoalOut(Schema):
    id: int
    version: int
    parent_id: int | None
    level: str
    title: str
    description: str
    national_goals: list[int]
    indicator_code: str | None
    disaggregation: str
    custom_measure_name: str
    custom_measure_definition: str
    custom_measure_unit: str
    baseline_value: Decimal | None
    baseline_date: dt.date | None
    target_value: Decimal | None
    target_date: dt.date | None
    progress: str | None
    progress_reason: str | None
    data_source: str
    source_note: str


class GoalIn(Schema):
    version: int | None = None
    parent_id: int | None = None
    level: str
    title: str
    description: str = ""
    national_goals: list[int] = []
    indicator_code: str | None = None
    disaggregation: str = ""
    custom_measure_name: str = ""
    custom_measure_definition: str = ""
    custom_measure_unit: str = ""
    custom_better: str = ""
    baseline_value: Decimal | None = None
    baseline_date: dt.date | None = None
    target_value: Decimal | None = None
    target_date: dt.date | None = None
    position: int = 0


class FlagOut(Schema):
    code: str
    severity: str
    text: str
    goal_id: int | None


class GoalTreeOut(Schema):
    rule: str
    as_of: dt.date
    goals: list[GoalOut]
    quality_flags: list[FlagOut]


class MeasurementIn(Schema):
    date: dt.date
    value: Decimal
    note: str = ""


class StatusEventOut(Schema):
    status: str
    date: dt.date
    date_note: str
    note: str


class FundingOut(Schema):
    id: int
    source: str
    year: int | None
    amount_nok: Decimal | None
    description: str


class FundingIn(Schema):
    source: str
    year: int | None = None
    amount_nok: Decimal | None = None
    description: str = ""


class EvidenceOut(Schema):
    id: int
    original_name: str
    kind: str
    size: int
    url: str


class ResultOut(Schema):
    id: int
    measure_id: int
    date: dt.date
    date_note: str
    text: str
    value: Decimal | None
    indicator_code: str | None
    value_label: str
    value_unit: str
    evidence: list[EvidenceOut]
    data_source: str
    source_note: str


class MeasureOut(Schema):
    id: int
    version: int
    participation_id: int
    municipality: str
    kind: str
    name: str
    description: str
    status: str
    start_date: dt.date | None
    end_date: dt.date | None
    leader: str
    partners: list[str]
    target_groups: list[str]
    methods: list[str]
    goal_ids: list[int]
    published: bool
    status_history: list[StatusEventOut]
    funding: list[FundingOut]
    results: list[ResultOut]
    data_source: str
    source_note: str


class MeasureIn(Schema):
    version: int | None = None
    kind: str = "sub_project"
    name: str
    description: str = ""
    leader: str = ""
    partners: list[str] = []
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    target_groups: list[str] = []
    methods: list[str] = []
    goal_ids: list[int] = []
    status: str = "idea"
    status_date: dt.date | None = None


class MeasureStatusIn(Schema):
    version: int | None = None
    status: str
    date: dt.date
    date_note: str = ""
    note: str = ""


class MeasurePublishIn(Schema):
    version: int | None = None
    published: bool


class StartedMunicipalityOut(Schema):
    participation_id: int
    municipality_code: str
    municipality_name: str


def _goal_out(goal: Goal, as_of: dt.date) -> dict:
    progress = progress_for(goal, as_of) if goal.is_result_goal else None
    return {
        **{
            f: getattr(goal, f)
            for f in (
                "id",
                "version",
                "parent_id",
                "level",
                "title",
                "description",
                "disaggregation",
                "custom_measure_name",
                "custom_measure_definition",
                "custom_measure_unit",
                "baseline_value",
                "baseline_date",
                "target_value",
                "target_date",
                "data_source",
                "source_note",
            )
        },
        "national_goals": [n.number for n in goal.national_goals.all()],
        "indicator_code": goal.indicator.code if goal.indicator_id else None,
        "progress": progress.status if progress else None,
        "progress_reason": progress.reason if progress else None,
    }


def _result_out(result: Result) -> dict:
    from django.urls import reverse

    return {
        **{
            f: getattr(result, f)
            for f in (
                "id",
                "measure_id",
                "date",
                "date_note",
                "text",
                "value",
                "value_label",
                "value_unit",
                "data_source",
                "source_note",
            )
        },
        "indicator_code": result.indicator.code if result.indicator_id else None,
        "evidence": [
            {
                "id": e.pk,
                "original_name": e.original_name,
                "kind": e.kind,
                "size": e.size,
                "url": reverse("api:plans_evidence", args=[e.pk]),
            }
            for e in result.evidence.all()
        ],
    }


def _measure_out(measure) -> dict:
    return {
        **{
            f: getattr(measure, f)
            for f in (
                "id",
                "version",
                "participation_id",
                "kind",
                "name",
                "description",
                "status",
                "start_date",
                "end_date",
                "leader",
                "published",
                "data_source",
                "source_note",
            )
        },
        "municipality": measure.participation.municipality.name,
        "partners": measure.partner_list(),
        "target_groups": measure.target_group_codes(),
        "methods": measure.method_codes(),
        "goal_ids": [g.pk for g in measure.goals.all()],
        "status_history": list(measure.status_events.all()),
        "funding": list(measure.funding.all()),
        "results": [_result_out(r) for r in measure.results.all()],
    }


def _load_measure(user, pk: int, *, for_edit: bool = False):
    measure, _ = plan_access.get_measure_for_user(user, pk, for_edit=for_edit)
    return (
        selectors.with_details(type(measure).objects.filter(pk=measure.pk))
        .select_related("participation__municipality")
        .get()
    )


def _goal_data(participation, payload: GoalIn) -> tuple[dict, list]:
    from boligsosial.reporting.models import Indicator

    data = payload.dict()
    data.pop("version")
    parent_id = data.pop("parent_id")
    data["parent"] = (
        Goal.objects.filter(pk=parent_id, participation=participation).first()
        if parent_id
        else None
    )
    if parent_id and data["parent"] is None:
        raise ValidationError(
            {"parent_id": "Fant ikke det overordnede målet i denne kommunens målhierarki."}
        )
    code = data.pop("indicator_code")
    data["indicator"] = (
        Indicator.objects.filter(code=code, is_current=True).first() if code else None
    )
    if code and data["indicator"] is None:
        raise ValidationError(
            {
                "indicator_code": f"Fant ingen gjeldende indikator med kode «{code}». Se /api/v1/reporting for katalogen."
            }
        )
    numbers = data.pop("national_goals")
    national = list(NationalGoal.objects.filter(number__in=numbers))
    if len(national) != len(set(numbers)):
        raise ValidationError({"national_goals": "Nasjonale hovedmål har nummer 1, 2 eller 3."})
    return data, national


@router.get(
    "/participations/{pk}/goals",
    response=GoalTreeOut,
    summary="Målhierarki med fremdrift og kvalitetsvarsler",
)
def list_goals(request, pk: int, as_of: dt.date | None = None):
    participation, _ = plan_access.get_participation_for_plan(request.user, pk)
    date = as_of or request.as_of
    return {
        "rule": str(PROGRESS_RULE_TEXT),
        "as_of": date,
        "goals": [_goal_out(g, date) for g in selectors.goals_for(participation)],
        "quality_flags": [
            {
                "code": f.code,
                "severity": f.severity,
                "text": f.text,
                "goal_id": f.goal.pk if f.goal else None,
            }
            for f in selectors.goal_hierarchy_quality(participation)
        ],
    }


@router.post("/participations/{pk}/goals", response={201: GoalOut})
def create_goal(request, pk: int, payload: GoalIn):
    participation, _ = plan_access.get_participation_for_plan(request.user, pk, for_edit=True)
    data, national = _goal_data(participation, payload)
    goal = services.goal_save(
        user=request.user, participation=participation, national_goals=national, **data
    )
    return Status(201, _goal_out(goal, request.as_of))


@router.put("/participations/{pk}/goals/{goal_pk}", response=GoalOut)
def update_goal(request, pk: int, goal_pk: int, payload: GoalIn):
    goal, _ = plan_access.get_goal_for_user(request.user, pk, goal_pk, for_edit=True)
    data, national = _goal_data(goal.participation, payload)
    goal = services.goal_save(
        user=request.user,
        participation=goal.participation,
        goal=goal,
        version=require_version(payload.version, goal),
        national_goals=national,
        **data,
    )
    return _goal_out(goal, request.as_of)


@router.delete("/participations/{pk}/goals/{goal_pk}", response={204: None})
def delete_goal(request, pk: int, goal_pk: int):
    goal, _ = plan_access.get_goal_for_user(request.user, pk, goal_pk, for_edit=True)
    services.goal_delete(user=request.user, goal=goal)
    return Status(204, None)


@router.post("/participations/{pk}/goals/{goal_pk}/measurements", response={201: GoalOut})
def add_measurement(request, pk: int, goal_pk: int, payload: MeasurementIn):
    goal, _ = plan_access.get_goal_for_user(request.user, pk, goal_pk, for_edit=True)
    services.measurement_add(user=request.user, goal=goal, **payload.dict())
    return Status(201, _goal_out(Goal.objects.get(pk=goal.pk), request.as_of))


@router.get("/participations/{pk}/measures", response=list[MeasureOut])
def list_measures(request, pk: int):
    participation, _ = plan_access.get_participation_for_plan(request.user, pk)
    return [_measure_out(m) for m in selectors.measures_for(request.user, participation)]


def _measure_data(participation, payload: MeasureIn, *, creating: bool) -> dict:
    data = payload.dict()
    data.pop("version")
    if not creating:
        # Status changes go through POST /measures/{pk}/status so the history stays dated.
        data.pop("status")
        data.pop("status_date")
    data["partners"] = "\n".join(data["partners"])
    goal_ids = data.pop("goal_ids")
    data["goals"] = list(Goal.objects.filter(pk__in=goal_ids, participation=participation))
    if len(data["goals"]) != len(set(goal_ids)):
        raise ValidationError(
            {"goal_ids": "Et tiltak kan bare knyttes til mål i egen kommunes målhierarki."}
        )
    return data


@router.post(
    "/participations/{pk}/measures",
    response={201: MeasureOut},
    summary="Nytt tiltak (lagres som utkast)",
)
def create_measure(request, pk: int, payload: MeasureIn):
    participation, _ = plan_access.get_participation_for_plan(request.user, pk, for_edit=True)
    measure = services.measure_save(
        user=request.user,
        participation=participation,
        **_measure_data(participation, payload, creating=True),
    )
    return Status(201, _measure_out(_load_measure(request.user, measure.pk)))


@router.get("/measures/{pk}", response=MeasureOut)
def get_measure(request, pk: int):
    return _measure_out(_load_measure(request.user, pk))


@router.put("/measures/{pk}", response=MeasureOut)
def update_measure(request, pk: int, payload: MeasureIn):
    measure = _load_measure(request.user, pk, for_edit=True)
    services.measure_save(
        user=request.user,
        participation=measure.participation,
        measure=measure,
        version=require_version(payload.version, measure),
        **_measure_data(measure.participation, payload, creating=False),
    )
    return _measure_out(_load_measure(request.user, pk))


@router.delete("/measures/{pk}", response={204: None})
def delete_measure(request, pk: int):
    services.measure_delete(
        user=request.user, measure=_load_measure(request.user, pk, for_edit=True)
    )
    return Status(204, None)


@router.post("/measures/{pk}/status", response=MeasureOut)
def set_status(request, pk: int, payload: MeasureStatusIn):
    measure = _load_measure(request.user, pk, for_edit=True)
    data = payload.dict()
    data["version"] = require_version(data["version"], measure)
    services.measure_set_status(user=request.user, measure=measure, **data)
    return _measure_out(_load_measure(request.user, pk))


@router.post("/measures/{pk}/publication", response=MeasureOut)
def publish(request, pk: int, payload: MeasurePublishIn):
    measure = _load_measure(request.user, pk, for_edit=True)
    services.measure_publish(
        user=request.user,
        measure=measure,
        version=require_version(payload.version, measure),
        published=payload.published,
    )
    return _measure_out(_load_measure(request.user, pk))


@router.post("/measures/{pk}/funding", response={201: FundingOut})
def add_funding(request, pk: int, payload: FundingIn):
    return Status(
        201,
        services.funding_add(
            user=request.user,
            measure=_load_measure(request.user, pk, for_edit=True),
            **payload.dict(),
        ),
    )


@router.delete("/measures/{pk}/funding/{funding_pk}", response={204: None})
def delete_funding(request, pk: int, funding_pk: int):
    from boligsosial.plans.models import Funding

    measure = _load_measure(request.user, pk, for_edit=True)
    services.funding_remove(
        user=request.user, funding=get_object_or_404(Funding, pk=funding_pk, measure=measure)
    )
    return Status(204, None)


@router.post(
    "/measures/{pk}/results",
    response={201: ResultOut},
    summary="Nytt resultat, eventuelt med dokumentasjon (multipart)",
)
def create_result(
    request,
    pk: int,
    date: Form[dt.date],
    text: Form[str],
    value: Form[Decimal | None] = None,
    value_label: Form[str] = "",
    value_unit: Form[str] = "",
    date_note: Form[str] = "",
    indicator_code: Form[str] = "",
    file: File[UploadedFile] = None,
):
    from boligsosial.reporting.models import Indicator

    measure = _load_measure(request.user, pk, for_edit=True)
    indicator = (
        Indicator.objects.filter(code=indicator_code, is_current=True).first()
        if indicator_code
        else None
    )
    if indicator_code and indicator is None:
        raise ValidationError(
            {"indicator_code": f"Fant ingen gjeldende indikator med kode «{indicator_code}»."}
        )
    result = services.result_add(
        user=request.user,
        measure=measure,
        date=date,
        text=text,
        value=value,
        value_label=value_label,
        value_unit=value_unit,
        date_note=date_note,
        indicator=indicator,
        files=[file] if file else [],
    )
    return Status(201, _result_out(result))


@router.delete("/measures/{pk}/results/{result_pk}", response={204: None})
def delete_result(request, pk: int, result_pk: int):
    measure = _load_measure(request.user, pk, for_edit=True)
    services.result_delete(
        user=request.user, result=get_object_or_404(Result, pk=result_pk, measure=measure)
    )
    return Status(204, None)


@router.post(
    "/measures/{pk}/results/{result_pk}/evidence",
    response={201: ResultOut},
    summary="Legg dokumentasjon til et resultat (multipart, feltet «file»)",
)
def add_evidence(request, pk: int, result_pk: int, file: File[UploadedFile]):
    measure = _load_measure(request.user, pk, for_edit=True)
    result = get_object_or_404(Result, pk=result_pk, measure=measure)
    services.evidence_add(user=request.user, result=result, uploaded=file)
    return Status(201, _result_out(Result.objects.prefetch_related("evidence").get(pk=result.pk)))


@router.delete("/evidence/{pk}", response={204: None})
def delete_evidence(request, pk: int):
    evidence = (
        Evidence.objects.select_related("result__measure__participation").filter(pk=pk).first()
    )
    if evidence is None or not plan_access.can_see_evidence(request.user, evidence):
        raise Http404
    plan_access.get_measure_for_user(request.user, evidence.result.measure_id, for_edit=True)
    services.evidence_delete(user=request.user, evidence=evidence)
    return Status(204, None)


@router.get(
    "/evidence/{pk}",
    url_name="plans_evidence",
    summary="Last ned dokumentasjon (bare for dem som ser tiltaket)",
)
def download_evidence(request, pk: int):
    evidence = Evidence.objects.select_related("result__measure").filter(pk=pk).first()
    if (
        evidence is None
        or not plan_access.can_see_evidence(request.user, evidence)
        or not evidence.path.exists()
    ):
        raise Http404
    return private_file_response(
        evidence.path.open("rb"),
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


LIBRARY_QUERY_MAX = 200


def _check_library_filters(*, q: str, **filters: str) -> None:
    """Closed choices for the library's filters; an unknown value is named with the allowed ones."""
    allowed = {
        "target_group": TargetGroup.values,
        "method": Method.values,
        "status": MeasureStatus.values,
        "size": list(selectors.SIZE_BANDS),
    }
    errors = {
        name: [
            gettext("Ukjent verdi «%(value)s». Bruk en av: %(allowed)s.")
            % {"value": value[:100], "allowed": ", ".join(allowed[name])}
        ]
        for name, value in filters.items()
        if value and value not in allowed[name]
    }
    if len(q) > LIBRARY_QUERY_MAX:
        errors["q"] = [
            gettext("Søketeksten kan ha høyst %(limit)s tegn.") % {"limit": LIBRARY_QUERY_MAX}
        ]
    if errors:
        raise ValidationError(errors)


@router.get(
    "/library",
    response=list[MeasureOut],
    summary="Erfaringsbanken: søk i publiserte tiltak og resultater",
)
def library(
    request,
    q: str = "",
    target_group: str = "",
    method: str = "",
    status: str = "",
    size: str = "",
    municipality_code: str = "",
    programme_id: int | None = None,
):
    _check_library_filters(q=q, target_group=target_group, method=method, status=status, size=size)
    programme = None
    if programme_id is not None:
        if programme_id not in plan_access.programme_ids_for(request.user):
            raise Http404
        programme = Programme.objects.get(pk=programme_id)
    municipality_id = None
    if municipality_code:
        from boligsosial.municipalities.models import Municipality

        municipality_id = (
            Municipality.objects.filter(code=municipality_code).values_list("pk", flat=True).first()
            or -1
        )
    rows = selectors.library_search(
        request.user,
        text=q,
        target_group=target_group,
        method=method,
        status=status,
        size=size,
        municipality_id=municipality_id,
        programme=programme,
    )
    return [_measure_out(m) for m in rows]


@router.get(
    "/programmes/{programme_id}/started-measures",
    response=list[StartedMunicipalityOut],
    summary="Kommuner med igangsatte tiltak for en målgruppe per dato (rapporten §7.2)",
)
def started_measures(
    request, programme_id: int, target_group: str = TargetGroup.YOUTH, as_of: dt.date | None = None
):
    if programme_id not in plan_access.programme_ids_for(request.user):
        raise Http404
    if target_group not in TargetGroup.values:
        raise ValidationError(
            {"target_group": f"Ukjent målgruppe. Bruk en av: {', '.join(TargetGroup.values)}."}
        )
    programme = Programme.objects.get(pk=programme_id)
    grouped = selectors.started_measures_for_target_group(
        programme, target_group=target_group, as_of=as_of or request.as_of, user=request.user
    )
    return [
        {
            "participation_id": p.pk,
            "municipality_code": p.municipality.code,
            "municipality_name": p.municipality.name,
        }
        for p in grouped
    ]
