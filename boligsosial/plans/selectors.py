"""Reads for goals, measures, results and the good-practice library.

Stable selectors the evaluation report calls (keep their signatures):

- ``municipalities_with_started_measures(programme, *, target_group, as_of) -> list[Participation]``
  Participations with at least one measure for `target_group` (a TargetGroup value) that had
  reached pre-project, running, completed or ordinary operation on or before `as_of`
  (report §7.2: "tiltak iverksatt"). Drafts count: this is the programme's own record.
- ``housing_first_in_use(programme, *, as_of) -> list[Participation]``
  Participations with a started measure whose methods include Housing First (report §7.3).
- ``goal_hierarchy_quality(participation) -> list[QualityFlag]``
  The report's advice to build a goal hierarchy (§6.4), made visible: no main goal; no result
  goal at all; a main goal with no result goal under it; a main goal not linked to a national
  goal; a result goal without indicator (or custom measure), target value or target date.
  Each flag has `code`, `severity` ("danger"/"warning"), `text` and `goal` (or None).
"""

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from boligsosial.accounts.models import User
from boligsosial.plans import access as plan_access
from boligsosial.plans.models import (
    STARTED_STATUSES,
    Goal,
    GoalLevel,
    Measure,
    Result,
    StatusEvent,
)
from boligsosial.plans.progress import Progress, progress_for
from boligsosial.programmes.models import Participation, Programme

# Municipality size bands for the library (inhabitants).
SIZE_BANDS = {
    "small": (0, 20_000),
    "medium": (20_000, 50_000),
    "large": (50_000, 10**9),
}


@dataclass
class QualityFlag:
    code: str
    severity: str
    text: str
    goal: Goal | None = None


@dataclass
class GoalNode:
    goal: Goal
    children: list["GoalNode"] = field(default_factory=list)
    progress: Progress | None = None


# Goal hierarchy -----------------------------------------------------------------------


def goals_for(participation: Participation) -> list[Goal]:
    qs = (
        Goal.objects.filter(participation=participation)
        .select_related("parent", "indicator")
        .prefetch_related("national_goals", "measurements", "measures")
    )
    return list(qs.order_by("position", "id"))


def goal_tree(
    participation: Participation, as_of: dt.date, goals: list[Goal] | None = None
) -> list[GoalNode]:
    """`goals`: the participation's `goals_for`, when the caller has read them already."""
    goals = goals_for(participation) if goals is None else goals
    nodes = {g.pk: GoalNode(goal=g) for g in goals}
    roots = []
    order = {GoalLevel.VISION: 0, GoalLevel.MAIN: 1, GoalLevel.SUB: 2, GoalLevel.RESULT: 3}
    for goal in sorted(goals, key=lambda g: (order[GoalLevel(g.level)], g.position, g.pk)):
        node = nodes[goal.pk]
        if goal.is_result_goal:
            node.progress = progress_for(goal, as_of)
        if goal.parent_id and goal.parent_id in nodes:
            nodes[goal.parent_id].children.append(node)
        else:
            roots.append(node)
    return roots


def flatten(nodes: list[GoalNode], depth: int = 0) -> list[tuple[int, GoalNode]]:
    rows = []
    for node in nodes:
        rows.append((depth, node))
        rows.extend(flatten(node.children, depth + 1))
    return rows


def goal_hierarchy_quality(
    participation: Participation, goals: list[Goal] | None = None
) -> list[QualityFlag]:
    return _quality(goals_for(participation) if goals is None else goals)


def quality_by_participation(
    participations: Iterable[Participation],
) -> dict[int, list[QualityFlag]]:
    """goal_hierarchy_quality for many participations in a fixed number of queries."""
    goals = (
        Goal.objects.filter(participation__in=participations)
        .prefetch_related("national_goals")
        .order_by("position", "id")
    )
    by_participation: dict[int, list[Goal]] = defaultdict(list)
    for goal in goals:
        by_participation[goal.participation_id].append(goal)
    return {p.pk: _quality(by_participation[p.pk]) for p in participations}


def _quality(goals: list[Goal]) -> list[QualityFlag]:
    children = defaultdict(list)
    for goal in goals:
        children[goal.parent_id].append(goal)

    def has_result_below(goal: Goal) -> bool:
        return any(c.is_result_goal or has_result_below(c) for c in children[goal.pk])

    flags: list[QualityFlag] = []
    mains = [g for g in goals if g.level == GoalLevel.MAIN]
    results = [g for g in goals if g.is_result_goal]
    if not mains:
        flags.append(QualityFlag("no_main_goals", "danger", _("Kommunen har ingen hovedmål.")))
    if not results:
        flags.append(
            QualityFlag(
                "no_result_goals",
                "danger",
                _(
                    "Kommunen har ingen resultatmål. Legg til målbare resultatmål med indikator, målverdi og dato (rapporten §6.4)."
                ),
            )
        )
    for goal in mains:
        if results and not has_result_below(goal):
            flags.append(
                QualityFlag(
                    "main_without_result",
                    "warning",
                    _("Hovedmålet «%(goal)s» har ingen resultatmål.") % {"goal": goal.title},
                    goal,
                )
            )
        if not goal.national_goals.all():
            flags.append(
                QualityFlag(
                    "main_without_national",
                    "warning",
                    _("Hovedmålet «%(goal)s» er ikke knyttet til et nasjonalt hovedmål.")
                    % {"goal": goal.title},
                    goal,
                )
            )
    for goal in results:
        missing = []
        if not (goal.indicator_id or goal.custom_measure_name):
            missing.append(_("indikator eller eget måltall"))
        if goal.target_value is None:
            missing.append(_("målverdi"))
        if goal.target_date is None:
            missing.append(_("måldato"))
        if missing:
            flags.append(
                QualityFlag(
                    "result_incomplete",
                    "warning",
                    _("Resultatmålet «%(goal)s» mangler %(missing)s.")
                    % {"goal": goal.title, "missing": ", ".join(missing)},
                    goal,
                )
            )
    return flags


def measure_counts(user: User, participations: Iterable[Participation]) -> dict[int, int]:
    from django.db.models import Count

    rows = (
        plan_access.visible_measures(user)
        .filter(participation__in=participations)
        .values("participation_id")
        .annotate(n=Count("id"))
    )
    return {row["participation_id"]: row["n"] for row in rows}


# Measures ---------------------------------------------------------------------------


def with_details(qs: QuerySet) -> QuerySet:
    """Measures with everything their pages show, in a fixed number of queries."""
    return qs.prefetch_related(
        "target_groups",
        "methods",
        "goals",
        "funding",
        Prefetch("status_events", queryset=StatusEvent.objects.order_by("date", "id")),
        Prefetch(
            "results",
            queryset=Result.objects.select_related("indicator")
            .prefetch_related("evidence")
            .order_by("-date", "-id"),
        ),
    )


def measures_for(user: User, participation: Participation) -> list[Measure]:
    qs = plan_access.visible_measures(user).filter(participation=participation)
    return list(with_details(qs).order_by("name"))


def measures_for_summary(user: User, participation: Participation) -> list[Measure]:
    """measures_for with only what the participation page's summary shows (target groups,
    methods, results with evidence): three reads fewer than the plans page's details."""
    qs = plan_access.visible_measures(user).filter(participation=participation)
    return list(
        qs.prefetch_related(
            "target_groups",
            "methods",
            Prefetch(
                "results",
                queryset=Result.objects.select_related("indicator")
                .prefetch_related("evidence")
                .order_by("-date", "-id"),
            ),
        ).order_by("name")
    )


def results_timeline(measures: list[Measure], as_of: dt.date) -> list[Result]:
    """Results of the given measures up to `as_of`, newest first."""
    rows = [r for m in measures for r in m.results.all() if r.date <= as_of]
    for r in rows:
        r.measure_name = next(m.name for m in measures if m.pk == r.measure_id)  # type: ignore[attr-defined]  # for the timeline
    return sorted(rows, key=lambda r: (r.date, r.pk), reverse=True)


def _started_participations(
    programme: Programme, as_of: dt.date, **filters: Any
) -> list[Participation]:
    events = StatusEvent.objects.filter(
        measure__participation__programme=programme,
        status__in=STARTED_STATUSES,
        date__lte=as_of,
        **{f"measure__{k}": v for k, v in filters.items()},
    )
    ids = set(events.values_list("measure__participation_id", flat=True))
    return list(
        Participation.objects.filter(pk__in=ids)
        .select_related("municipality")
        .order_by("municipality__name")
    )


def municipalities_with_started_measures(
    programme: Programme, *, target_group: str, as_of: dt.date
) -> list[Participation]:
    return _started_participations(programme, as_of, target_groups__code=target_group)


def started_measures_for_target_group(
    programme: Programme, *, target_group: str, as_of: dt.date, user: User
) -> dict:
    """{participation: [measures visible to user]} for the target-group page."""
    qs = (
        plan_access.visible_measures(user)
        .filter(
            participation__programme=programme,
            target_groups__code=target_group,
            status_events__status__in=STARTED_STATUSES,
            status_events__date__lte=as_of,
        )
        .distinct()
    )
    grouped: dict = defaultdict(list)
    for measure in with_details(qs).order_by("participation__municipality__name", "name"):
        grouped[measure.participation].append(measure)
    return dict(grouped)


def housing_first_in_use(programme: Programme, *, as_of: dt.date) -> list[Participation]:
    return _started_participations(programme, as_of, methods__code="housing_first")


# Library ----------------------------------------------------------------------------


def search_terms(text: str) -> list[str]:
    return re.findall(r"\w+", (text or "").lower())[:10]


def _full_text(qs: QuerySet, text: str) -> QuerySet:
    terms = search_terms(text)
    if not terms:
        return qs
    vendor = connection.vendor
    if vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("search_text", config="norwegian")
        query = SearchQuery(
            " & ".join(f"{t}:*" for t in terms), search_type="raw", config="norwegian"
        )
        return (
            qs.annotate(rank=SearchRank(vector, query)).filter(rank__gt=0).order_by("-rank", "name")
        )
    if vendor == "sqlite":
        match = " ".join(f'"{t}"*' for t in terms)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM plans_measure_fts WHERE plans_measure_fts MATCH %s ORDER BY rank",
                [match],
            )
            ids = [row[0] for row in cursor.fetchall()]
        order = {pk: i for i, pk in enumerate(ids)}
        rows = qs.filter(pk__in=ids)
        return sorted(rows, key=lambda m: order[m.pk])  # type: ignore[return-value]
    for term in terms:
        qs = qs.filter(search_text__icontains=term)
    return qs


def library_search(
    user: User,
    *,
    text: str = "",
    target_group: str = "",
    method: str = "",
    status: str = "",
    size: str = "",
    municipality_id: int | None = None,
    programme: Programme | None = None,
    limit: int = 100,
) -> list[Measure]:
    """Published measures of the programmes the user takes part in, plus drafts the user may see."""
    qs = plan_access.visible_measures(user)
    if programme is not None:
        qs = qs.filter(participation__programme=programme)
    if target_group:
        qs = qs.filter(target_groups__code=target_group)
    if method:
        qs = qs.filter(methods__code=method)
    if status:
        qs = qs.filter(status=status)
    if municipality_id:
        qs = qs.filter(participation__municipality_id=municipality_id)
    if size in SIZE_BANDS:
        qs = qs.filter(participation__municipality__code__in=_codes_in_band(size))
    qs = with_details(qs.distinct()).order_by("participation__municipality__name", "name")
    rows = _full_text(qs, text)
    return list(rows[:limit])  # the database stops at the limit: 100 of ~15 000 measures


def population_of(participation: Participation) -> int | None:
    from boligsosial.municipalities.models import Population

    row = Population.objects.filter(code=participation.municipality.code).order_by("-year").first()
    return row.value if row else None


def _codes_in_band(size: str) -> list[str]:
    from boligsosial.municipalities.models import Population

    low, high = SIZE_BANDS[size]
    latest: dict[str, tuple[int, int]] = {}
    for code, year, value in Population.objects.values_list("code", "year", "value"):
        if code not in latest or year > latest[code][0]:
            latest[code] = (year, value)
    return [code for code, (_year, value) in latest.items() if low <= value < high]
