"""Goals, sub-projects, measures and results of the six municipalities (report chapter 5).

Every goal, sub-project and result that chapter 5 names is here, with the status and dates
the report gives. Where the report gives no day ("høsten 2011", "nylig startet") the record
carries a date inside that span and the report's wording in `date_note`. Records marked
ILLUSTRATIVE are not in the report: the links from municipal main goals to the national
goals are our reading; the few result goals with baseline and target exist to show the
progress rule (the report's point in §6.4 is precisely that such goals were missing); and one
draft measure in Drammen shows that drafts stay private.
"""

from typing import Any

from boligsosial.plans import services
from boligsosial.plans.demo import (
    arendal,
    drammen,
    larvik,
    porsgrunn,
    sandefjord,
    skien,
)
from boligsosial.plans.demo.common import ILLUSTRATIVE, REPORT, S
from boligsosial.plans.demo.result_goals import RESULT_GOALS
from boligsosial.plans.models import (
    Funding,
    Goal,
    GoalLevel,
    GoalMeasurement,
    Measure,
    MeasureMethod,
    MeasureTargetGroup,
    Result,
    StatusEvent,
)
from boligsosial.programmes.models import NationalGoal, Participation

_MUNICIPALITIES = (sandefjord, arendal, porsgrunn, skien, larvik, drammen)
# Goals: {municipality: [(key, level, parent key, title, national goals, source note)]}
GOALS = {m.NAME: m.GOALS for m in _MUNICIPALITIES}
# Measures: {municipality: [dict(name, kind, status history [(status, date, date_note)],
#   groups, methods, goal keys, leader, partners, description,
#   results [(date, date_note, text, value, label, unit)],
#   funding [(source, year, amount, description)], source, data_source, published)]}
MEASURES = {m.NAME: m.MEASURES for m in _MUNICIPALITIES}
__all__ = ["GOALS", "MEASURES", "RESULT_GOALS", "load", "reset"]


def reset() -> None:
    # Participations are deleted by programmes.demo.reset; goals and measures cascade. The
    # FTS rows go with them through services when deleted one by one.
    for measure in Measure.objects.filter(data_source__in=[REPORT, ILLUSTRATIVE]):
        services.delete_from_index(measure.pk)


def _goals(participation: Participation, name: str, national: dict) -> dict[str, Goal]:
    keys: dict[str, Goal] = {}
    Goal.objects.filter(participation=participation).delete()
    for position, (key, level, parent, title, numbers, note) in enumerate(GOALS[name]):
        goal = Goal.objects.create(
            participation=participation,
            parent=keys.get(parent),
            level=level,
            title=title,
            position=position,
            data_source=REPORT,
            source_note=note + ("; koblingen til nasjonale mål er vår tolkning" if numbers else ""),
        )
        goal.national_goals.set([national[n] for n in numbers])
        keys[key] = goal
    return keys


def _result_goals(participation, name: str, keys: dict) -> None:
    from boligsosial.reporting.models import Indicator

    for municipality, key, parent, title, spec, measurements in RESULT_GOALS:
        if municipality != name:
            continue
        fields: dict[str, Any] = dict(spec)
        code = fields.pop("indicator_code", None)
        indicator = Indicator.objects.filter(code=code, is_current=True).first() if code else None
        if indicator is not None:
            # Take the baseline from the reporting demo's approved value on that date, when there is one.
            from boligsosial.reporting.selectors import approved_values

            for point in approved_values(participation, code, until=fields["baseline_date"]):
                if point.period_end == fields["baseline_date"] and point.value is not None:
                    fields["baseline_value"] = point.value
        goal = Goal.objects.create(
            participation=participation,
            parent=keys[parent],
            level=GoalLevel.RESULT,
            title=title,
            position=100,
            indicator=indicator,
            data_source=ILLUSTRATIVE,
            source_note="Illustrativt resultatmål som viser fremdriftsregelen; utgangsverdi og mål er ikke fra rapporten",
            **fields,
        )
        for date, value, note in measurements:
            GoalMeasurement.objects.create(
                goal=goal, date=date, value=value, data_source=REPORT, source_note=note
            )
        keys[key] = goal


def _measure(participation, spec: dict, keys: dict) -> Measure:
    data_source = spec.get("data_source", REPORT)
    history = spec["status"]
    measure = Measure.objects.create(
        participation=participation,
        kind=spec.get("kind", "sub_project"),
        name=spec["name"],
        description=spec["description"],
        status=history[-1][0],
        leader=spec.get("leader", ""),
        partners=spec.get("partners", ""),
        published=spec.get("published", True),
        data_source=data_source,
        source_note=spec["source"],
    )
    for status, date, note in history:
        StatusEvent.objects.create(
            measure=measure,
            status=status,
            date=date,
            date_note=note,
            data_source=data_source,
            source_note=spec["source"],
        )
    started = measure.started_on()
    ended = history[-1][1] if history[-1][0] in (S.COMPLETED, S.STOPPED) else None
    Measure.objects.filter(pk=measure.pk).update(start_date=started, end_date=ended)
    for code in spec["groups"]:
        MeasureTargetGroup.objects.create(measure=measure, code=code)
    for code in spec["methods"]:
        MeasureMethod.objects.create(measure=measure, code=code)
    for code in spec.get("individual_methods", []):
        MeasureMethod.objects.create(measure=measure, code=code, use="individual")
    measure.goals.set([keys[k] for k in spec["goals"]])
    for date, date_note, text, value, label, unit in spec["results"]:
        Result.objects.create(
            measure=measure,
            date=date,
            date_note=date_note,
            text=text,
            value=value,
            value_label=label,
            value_unit=unit,
            data_source=data_source,
            source_note=spec["source"],
        )
    for source, year, amount, description in spec.get("funding", []):
        Funding.objects.create(
            measure=measure,
            source=source,
            year=year,
            amount_nok=amount,
            description=description,
            data_source=data_source,
            source_note=spec["source"],
        )
    measure.refresh_from_db()
    services.reindex_measure(measure)
    return measure


def load(ctx: dict) -> None:
    national = {g.number: g for g in NationalGoal.objects.all()}
    measures = {}
    for name, participation in ctx["participations"].items():
        for measure in Measure.objects.filter(participation=participation):
            services.delete_from_index(measure.pk)
        Measure.objects.filter(participation=participation).delete()
        keys = _goals(participation, name, national)
        _result_goals(participation, name, keys)
        measures[name] = [_measure(participation, spec, keys) for spec in MEASURES.get(name, [])]
    ctx["measures"] = measures
