"""Shaping goals, measures and results for the API, and loading a measure the user may see."""

import datetime as dt

from boligsosial.plans import access as plan_access
from boligsosial.plans import selectors
from boligsosial.plans.models import (
    Goal,
    Result,
)
from boligsosial.plans.progress import progress_for


def goal_out(goal: Goal, as_of: dt.date) -> dict:
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
        "indicator_code": goal.indicator.code if goal.indicator is not None else None,
        "progress": progress.status if progress else None,
        "progress_reason": progress.reason if progress else None,
    }


def result_out(result: Result) -> dict:
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
        "indicator_code": result.indicator.code if result.indicator is not None else None,
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


def measure_out(measure) -> dict:
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
        "individual_methods": measure.method_codes(individual=True),
        "goal_ids": [g.pk for g in measure.goals.all()],
        "status_history": list(measure.status_events.all()),
        "funding": list(measure.funding.all()),
        "results": [result_out(r) for r in measure.results.all()],
    }


def load_measure(user, pk: int, *, for_edit: bool = False):
    measure, _ = plan_access.get_measure_for_user(user, pk, for_edit=for_edit)
    return (
        selectors.with_details(type(measure).objects.filter(pk=measure.pk))
        .select_related("participation__municipality")
        .get()
    )
