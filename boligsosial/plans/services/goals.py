"""Writes for the goal hierarchy: goals and the measurements of result goals with an own measure."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from boligsosial.accounts.models import User
from boligsosial.audit.models import Action
from boligsosial.audit.services import record, snapshot
from boligsosial.core.concurrency import bump_version
from boligsosial.core.formatting import format_date
from boligsosial.core.validation import check_fields
from boligsosial.plans.models import (
    ALLOWED_PARENT_LEVELS,
    Goal,
    GoalLevel,
    GoalMeasurement,
)
from boligsosial.plans.services.common import require_plan_editor as _require
from boligsosial.programmes.models import NationalGoal, Participation

GOAL_FIELDS = (
    "parent",
    "level",
    "title",
    "description",
    "position",
    "disaggregation",
    "custom_measure_name",
    "custom_measure_definition",
    "custom_measure_unit",
    "custom_better",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "indicator",
    "data_source",
    "source_note",
)
RESULT_GOAL_ONLY = (
    "indicator",
    "disaggregation",
    "custom_measure_name",
    "custom_measure_definition",
    "custom_measure_unit",
    "custom_better",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
)


Problem = tuple[str, str]  # (field, message)


def _parent_level_problem(level: str, parent: Goal | None) -> Problem | None:
    allowed = ALLOWED_PARENT_LEVELS[GoalLevel(level)]
    if (parent.level if parent else None) in allowed:
        return None
    names = ", ".join(GoalLevel(x).label.lower() for x in allowed if x) or _("ingen")
    if parent is None:
        return (
            "parent",
            _("Et %(level)s må ligge under et overordnet mål (%(allowed)s). Velg overordnet mål.")
            % {"level": GoalLevel(level).label.lower(), "allowed": names},
        )
    return (
        "parent",
        _(
            "Et %(level)s kan ikke ligge under et %(parent)s. Velg et overordnet mål av typen: %(allowed)s."
        )
        % {
            "level": GoalLevel(level).label.lower(),
            "parent": parent.get_level_display().lower(),
            "allowed": names,
        },
    )


def _is_own_descendant(goal: Goal, parent: Goal) -> bool:
    ancestor: Goal | None = parent
    while ancestor is not None:
        if ancestor.pk == goal.pk:
            return True
        ancestor = ancestor.parent
    return False


def _placement_problems(participation: Participation, goal: Goal, data: dict) -> list[Problem]:
    """Where the goal sits: a known level, under a parent of an allowed level, no cycle."""
    level, parent = data.get("level"), data.get("parent")
    if level not in GoalLevel.values:
        return [("level", _("Velg nivå: visjon, hovedmål, delmål eller resultatmål."))]
    problems: list[Problem] = []
    if parent is not None and parent.participation_id != participation.pk:
        problems.append(
            (
                "parent",
                _(
                    "Det overordnede målet hører til en annen kommune. Velg et mål i denne kommunens målhierarki."
                ),
            )
        )
    elif (problem := _parent_level_problem(level, parent)) is not None:
        problems.append(problem)
    if parent is not None and goal.pk and _is_own_descendant(goal, parent):
        problems.append(
            ("parent", _("Et mål kan ikke ligge under seg selv eller et av sine egne undermål."))
        )
    return problems


def _measure_problems(data: dict) -> list[Problem]:
    """A result goal's measure: an indicator or an own measure with its definition, dated values."""
    problems: list[Problem] = []
    if data.get("indicator") and data.get("custom_measure_name"):
        problems.append(
            ("custom_measure_name", _("Velg enten en indikator eller et eget måltall, ikke begge."))
        )
    if (
        data.get("custom_measure_name")
        and not (data.get("custom_measure_definition") or "").strip()
    ):
        problems.append(
            (
                "custom_measure_definition",
                _("Beskriv hvordan det egne måltallet telles, slik at andre kan måle det likt."),
            )
        )
    baseline_date, target_date = data.get("baseline_date"), data.get("target_date")
    if baseline_date and target_date and target_date <= baseline_date:
        problems.append(
            (
                "target_date",
                _("Måldatoen (%(target)s) må være etter datoen for utgangsverdien (%(base)s).")
                % {"target": format_date(target_date), "base": format_date(baseline_date)},
            )
        )
    if (data.get("baseline_value") is None) != (baseline_date is None):
        problems.append(
            (
                "baseline_date",
                _("Oppgi både utgangsverdi og datoen den gjelder, eller ingen av dem."),
            )
        )
    return problems


def _numbers_outside_result_goal(data: dict) -> list[Problem]:
    if not any(data.get(f) not in (None, "") for f in RESULT_GOAL_ONLY):
        return []
    return [
        (
            "level",
            _(
                "Indikator, utgangsverdi og målverdi hører bare til resultatmål. Velg nivået resultatmål eller fjern tallene."
            ),
        )
    ]


def _validate_goal(participation: Participation, goal: Goal, data: dict) -> None:
    """ValidationError naming each field that is wrong, with what to do about it."""
    problems: list[Problem] = []
    if not (data.get("title") or "").strip():
        problems.append(("title", _("Skriv målet.")))
    problems += _placement_problems(participation, goal, data)
    if data.get("level") == GoalLevel.RESULT:
        problems += _measure_problems(data)
    else:
        problems += _numbers_outside_result_goal(data)
    errors: dict[str, list[str]] = {}
    for field, message in problems:
        errors.setdefault(field, []).append(message)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def goal_save(
    *,
    user: User,
    participation: Participation,
    goal: Goal | None = None,
    version: int | None = None,
    national_goals: list[NationalGoal] | None = None,
    **data: Any,
) -> Goal:
    """Create (goal None) or update a goal. `national_goals` is a list of NationalGoal or None (unchanged)."""
    _require(user, participation)
    goal = goal or Goal(participation=participation)
    fields = GOAL_FIELDS
    merged = {f: data.get(f, getattr(goal, f, None)) for f in fields}
    for text_field in (
        "title",
        "description",
        "disaggregation",
        "custom_measure_name",
        "custom_measure_definition",
        "custom_measure_unit",
        "custom_better",
        "source_note",
    ):
        merged[text_field] = (merged.get(text_field) or "").strip()
    _validate_goal(participation, goal, merged)
    if national_goals and merged["level"] != GoalLevel.MAIN:
        raise ValidationError(
            {"national_goals": _("Bare hovedmål knyttes til de nasjonale hovedmålene.")}
        )
    before = snapshot(goal) if goal.pk else None
    for field, value in merged.items():
        if value is None and field in ("data_source",):
            continue
        setattr(goal, field, value)
    check_fields(goal)
    if goal.pk:
        bump_version(goal, version)
    goal.save()
    if national_goals is not None:
        goal.national_goals.set(national_goals)
    record(
        user=user,
        action=Action.UPDATE if before else Action.CREATE,
        target=goal,
        scope=participation,
        before=before,
        after=snapshot(goal),
    )
    return goal


@transaction.atomic
def goal_delete(*, user: User, goal: Goal) -> None:
    _require(user, goal.participation)
    if goal.children.exists():
        raise ValidationError(
            {"__all__": _("Målet har undermål. Flytt eller slett undermålene først.")}
        )
    record(
        user=user,
        action=Action.DELETE,
        target=goal,
        scope=goal.participation,
        before=snapshot(goal),
    )
    goal.delete()


@transaction.atomic
def measurement_add(
    *, user: User, goal: Goal, date: dt.date, value: Decimal, note: str = "", **provenance: Any
) -> GoalMeasurement:
    _require(user, goal.participation)
    if not goal.custom_measure_name:
        raise ValidationError(
            {
                "value": _(
                    "Målinger registreres bare for resultatmål med eget måltall. Indikatorer får tall fra godkjente rapporter."
                )
            }
        )
    if value is None or date is None:
        raise ValidationError({"value": _("Oppgi både dato og verdi.")})
    check_fields(GoalMeasurement(goal=goal, date=date, value=value, note=note, **provenance))
    measurement, created = GoalMeasurement.objects.update_or_create(
        goal=goal,
        date=date,
        defaults={"value": value, "note": note, **provenance},
    )
    record(
        user=user,
        action=Action.CREATE if created else Action.UPDATE,
        target=measurement,
        scope=goal.participation,
        after=snapshot(measurement),
    )
    return measurement
