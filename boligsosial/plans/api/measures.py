"""API routes for measures: description, status, publication, funding."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Status

from boligsosial.core.concurrency import require_version
from boligsosial.plans import access as plan_access
from boligsosial.plans import selectors, services
from boligsosial.plans.api.common import load_measure, measure_out
from boligsosial.plans.api.router import router
from boligsosial.plans.api.schemas import (
    FundingIn,
    FundingOut,
    MeasureIn,
    MeasureOut,
    MeasurePublishIn,
    MeasureStatusIn,
)
from boligsosial.plans.models import (
    Goal,
)


@router.get("/participations/{pk}/measures", response=list[MeasureOut])
def list_measures(request, pk: int):
    participation, _ = plan_access.get_participation_for_plan(request.user, pk)
    return [measure_out(m) for m in selectors.measures_for(request.user, participation)]


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
    return Status(201, measure_out(load_measure(request.user, measure.pk)))


@router.get("/measures/{pk}", response=MeasureOut)
def get_measure(request, pk: int):
    return measure_out(load_measure(request.user, pk))


@router.put("/measures/{pk}", response=MeasureOut)
def update_measure(request, pk: int, payload: MeasureIn):
    measure = load_measure(request.user, pk, for_edit=True)
    services.measure_save(
        user=request.user,
        participation=measure.participation,
        measure=measure,
        version=require_version(payload.version, measure),
        **_measure_data(measure.participation, payload, creating=False),
    )
    return measure_out(load_measure(request.user, pk))


@router.delete("/measures/{pk}", response={204: None})
def delete_measure(request, pk: int):
    services.measure_delete(
        user=request.user, measure=load_measure(request.user, pk, for_edit=True)
    )
    return Status(204, None)


@router.post("/measures/{pk}/status", response=MeasureOut)
def set_status(request, pk: int, payload: MeasureStatusIn):
    measure = load_measure(request.user, pk, for_edit=True)
    data = payload.dict()
    data["version"] = require_version(data["version"], measure)
    services.measure_set_status(user=request.user, measure=measure, **data)
    return measure_out(load_measure(request.user, pk))


@router.post("/measures/{pk}/publication", response=MeasureOut)
def publish(request, pk: int, payload: MeasurePublishIn):
    measure = load_measure(request.user, pk, for_edit=True)
    services.measure_publish(
        user=request.user,
        measure=measure,
        version=require_version(payload.version, measure),
        published=payload.published,
    )
    return measure_out(load_measure(request.user, pk))


@router.post("/measures/{pk}/funding", response={201: FundingOut})
def add_funding(request, pk: int, payload: FundingIn):
    return Status(
        201,
        services.funding_add(
            user=request.user,
            measure=load_measure(request.user, pk, for_edit=True),
            **payload.dict(),
        ),
    )


@router.delete("/measures/{pk}/funding/{funding_pk}", response={204: None})
def delete_funding(request, pk: int, funding_pk: int):
    from boligsosial.plans.models import Funding

    measure = load_measure(request.user, pk, for_edit=True)
    services.funding_remove(
        user=request.user, funding=get_object_or_404(Funding, pk=funding_pk, measure=measure)
    )
    return Status(204, None)
