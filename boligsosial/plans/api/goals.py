"""API routes for the goal hierarchy and the measurements of result goals."""

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Status

from boligsosial.core.concurrency import require_version
from boligsosial.plans import access as plan_access
from boligsosial.plans import selectors, services
from boligsosial.plans.api.common import goal_out
from boligsosial.plans.api.router import router
from boligsosial.plans.api.schemas import (
    GoalIn,
    GoalOut,
    GoalTreeOut,
    MeasurementIn,
)
from boligsosial.plans.models import (
    Goal,
)
from boligsosial.plans.progress import PROGRESS_RULE_TEXT
from boligsosial.programmes.models import NationalGoal


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
        "goals": [goal_out(g, date) for g in selectors.goals_for(participation)],
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
    return Status(201, goal_out(goal, request.as_of))


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
    return goal_out(goal, request.as_of)


@router.delete("/participations/{pk}/goals/{goal_pk}", response={204: None})
def delete_goal(request, pk: int, goal_pk: int):
    goal, _ = plan_access.get_goal_for_user(request.user, pk, goal_pk, for_edit=True)
    services.goal_delete(user=request.user, goal=goal)
    return Status(204, None)


@router.post("/participations/{pk}/goals/{goal_pk}/measurements", response={201: GoalOut})
def add_measurement(request, pk: int, goal_pk: int, payload: MeasurementIn):
    goal, _ = plan_access.get_goal_for_user(request.user, pk, goal_pk, for_edit=True)
    services.measurement_add(user=request.user, goal=goal, **payload.dict())
    return Status(201, goal_out(Goal.objects.get(pk=goal.pk), request.as_of))
