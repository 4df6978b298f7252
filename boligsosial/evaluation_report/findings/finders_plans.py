"""Findings from goals and measures (plans app): planning quality, target groups, Housing First."""

from __future__ import annotations

from django.utils.translation import gettext as _

from boligsosial.evaluation_report.findings.base import (
    NUMBER,
    PERCENT,
    TEXT,
    Evidence,
    Figure,
    Finding,
    FindingContext,
    evidence_for,
    finder,
    names,
)
from boligsosial.evaluation_report.findings.finders_programme import participation_url
from boligsosial.plans import selectors as plans_selectors


def _url(name: str, *args) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def plan_evidence(ctx: FindingContext, participation) -> Evidence:
    return Evidence(
        _("Mål og tiltak i %(m)s") % {"m": ctx.name(participation)},
        _url("plans:participation", participation.pk) or participation_url(participation),
    )


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def started_measures(ctx: FindingContext, **filters) -> dict[int, list]:
    """{participation_id: [measures started by as_of with the filters]} for the evidence lists."""
    from boligsosial.plans.models import STARTED_STATUSES, Measure

    qs = (
        Measure.objects.filter(
            participation__in=[p.pk for p in ctx.participations],
            status_events__status__in=STARTED_STATUSES,
            status_events__date__lte=ctx.as_of,
            **filters,
        )
        .distinct()
        .order_by("name")
    )
    grouped: dict[int, list] = {}
    for measure in qs:
        grouped.setdefault(measure.participation_id, []).append(measure)
    return grouped


def measure_evidence(ctx: FindingContext, participation, measures) -> list[Evidence]:
    return [
        Evidence(
            label=f"{ctx.name(participation)}: {m.name}",
            url=_url("plans:measure", m.pk) or participation_url(participation),
        )
        for m in measures
    ] or [evidence_for(participation, ctx.name(participation))]


def _target_group_finding(
    ctx: FindingContext, code: str, target_group: str, title, sentence
) -> Finding:
    started = plans_selectors.municipalities_with_started_measures(
        ctx.programme, target_group=target_group, as_of=ctx.as_of
    )
    in_scope = {p.pk for p in ctx.participations}
    started = [p for p in started if p.pk in in_scope]
    started_ids = {p.pk for p in started}
    without = [p for p in ctx.participations if p.pk not in started_ids]
    measures = started_measures(ctx, target_groups__code=target_group)
    finding = Finding(code=code, topic="target_groups", title=title, text=sentence)
    evidence = [e for p in started for e in measure_evidence(ctx, p, measures.get(p.pk, []))]
    finding.figures = {
        "count": Figure(len(started), NUMBER, evidence=evidence),
        "total": Figure(len(ctx.participations), NUMBER),
        "names": Figure(names(ctx.name(p) for p in started), TEXT, evidence=evidence),
        "without": Figure(
            names(ctx.name(p) for p in without),
            TEXT,
            evidence=[plan_evidence(ctx, p) for p in without],
        ),
    }
    finding.table = {
        "caption": title,
        "header": [_("Kommune"), _("Startede tiltak")],
        "rows": [
            [
                {"text": ctx.name(p), "href": plan_evidence(ctx, p).url},
                ", ".join(m.name for m in measures.get(p.pk, [])) or "–",
            ]
            for p in ctx.participations
        ],
    }
    finding.data = {
        "with": [ctx.name(p) for p in started],
        "without": [ctx.name(p) for p in without],
        "total": len(ctx.participations),
        "share": _share(len(started), len(ctx.participations)),
    }
    return finding


@finder
def target_youth(ctx: FindingContext) -> Finding:
    return _target_group_finding(
        ctx,
        "target_youth",
        "youth",
        _("Tiltak for ungdom"),
        _("Tiltak rettet mot ungdom er startet i {count} av {total} programkommuner: {names}."),
    )


@finder
def target_homeless(ctx: FindingContext) -> Finding:
    return _target_group_finding(
        ctx,
        "target_homeless",
        "homeless",
        _("Tiltak for bostedsløse"),
        _(
            "Tiltak rettet mot bostedsløse er startet i {count} av {total} programkommuner: {names}."
        ),
    )


def _housing_first_text(using: list, tried: list) -> str:
    if using and tried:
        return _(
            "Housing First er tatt i bruk som metode i et startet tiltak i {count} av {total} "
            "programkommuner: {names}. {individual_count} har prøvd metoden med enkeltbrukere: "
            "{individual_names}."
        )
    if using:
        return _(
            "Housing First er tatt i bruk som metode i et startet tiltak i {count} av {total} programkommuner: {names}."
        )
    if tried:
        return _(
            "Ingen av de {total} programkommunene har Housing First som metode i et startet "
            "tiltak, men {individual_count} har prøvd metoden med enkeltbrukere: {individual_names}."
        )
    return _(
        "Ingen av de {total} programkommunene har brukt Housing First, verken som metode i et "
        "startet tiltak eller med enkeltbrukere."
    )


@finder
def housing_first(ctx: FindingContext) -> Finding:
    """Housing First as a measure's method, and tried with individual users (source §7.3)."""
    from boligsosial.plans.models import MethodUse

    title = _("Housing First")
    own = started_measures(ctx, methods__code="housing_first", methods__use=MethodUse.MEASURE)
    individual = started_measures(
        ctx, methods__code="housing_first", methods__use=MethodUse.INDIVIDUAL
    )
    using = [p for p in ctx.participations if p.pk in own]
    tried = [p for p in ctx.participations if p.pk in individual and p.pk not in own]
    evidence = [e for p in using for e in measure_evidence(ctx, p, own[p.pk])]
    tried_evidence = [e for p in tried for e in measure_evidence(ctx, p, individual[p.pk])]
    finding = Finding(code="housing_first", topic="target_groups", title=title)
    finding.text = _housing_first_text(using, tried)
    finding.figures = {
        "count": Figure(len(using), NUMBER, evidence=evidence),
        "total": Figure(len(ctx.participations), NUMBER),
        "names": Figure(names(ctx.name(p) for p in using), TEXT, evidence=evidence),
        "individual_count": Figure(len(tried), NUMBER, evidence=tried_evidence),
        "individual_names": Figure(
            names(ctx.name(p) for p in tried), TEXT, evidence=tried_evidence
        ),
    }
    finding.data = {
        "in_use": [ctx.name(p) for p in using],
        "individual": [ctx.name(p) for p in tried],
        "total": len(ctx.participations),
        "share": _share(len(using), len(ctx.participations)),
        "any_share": _share(len(using) + len(tried), len(ctx.participations)),
    }
    return finding


@finder
def planning(ctx: FindingContext) -> Finding:
    title = _("Planlegging og målhierarki")
    from boligsosial.plans.models import Goal, GoalLevel

    counts: dict[int, dict[str, int]] = {}
    for participation_id, level in Goal.objects.filter(
        participation__in=[p.pk for p in ctx.participations]
    ).values_list("participation_id", "level"):
        counts.setdefault(participation_id, {}).setdefault(level, 0)
        counts[participation_id][level] += 1
    flagged: dict[str, list[str]] = {}
    rows = []
    complete = []
    quality = plans_selectors.quality_by_participation(ctx.participations)
    for participation in ctx.participations:
        flags = quality[participation.pk]
        if flags:
            flagged[ctx.name(participation)] = [f.text for f in flags]
        else:
            complete.append(participation)
        level_counts = counts.get(participation.pk, {})
        rows.append(
            [
                {"text": ctx.name(participation), "href": plan_evidence(ctx, participation).url},
                {"value": level_counts.get(GoalLevel.MAIN, 0), "kind": NUMBER},
                {"value": level_counts.get(GoalLevel.SUB, 0), "kind": NUMBER},
                {"value": level_counts.get(GoalLevel.RESULT, 0), "kind": NUMBER},
                " ".join(f.text for f in flags) or _("Ingen mangler"),
            ]
        )
    with_results = [p for p in ctx.participations if counts.get(p.pk, {}).get(GoalLevel.RESULT)]
    flagged_participations = [p for p in ctx.participations if ctx.name(p) in flagged]
    finding = Finding(code="planning", topic="planning", title=title)
    sentences = [_("{with_results} av {total} programkommuner har satt resultatmål.")]
    sentences.append(
        _(
            "{complete} av {total} har et målhierarki uten mangler; {flagged_names} har mangler, for eksempel hovedmål uten resultatmål eller resultatmål uten indikator, målverdi eller dato."
        )
        if flagged
        else _("Alle har et målhierarki uten mangler.")
    )
    finding.text = " ".join(sentences)
    finding.figures = {
        "with_results": Figure(
            len(with_results), NUMBER, evidence=[plan_evidence(ctx, p) for p in with_results]
        ),
        "total": Figure(len(ctx.participations), NUMBER),
        "complete": Figure(
            len(complete), NUMBER, evidence=[plan_evidence(ctx, p) for p in complete]
        ),
        "flagged_names": Figure(
            names(sorted(flagged)),
            TEXT,
            evidence=[plan_evidence(ctx, p) for p in flagged_participations],
        ),
    }
    finding.table = {
        "caption": _("Målhierarkiet i hver kommune"),
        "header": [_("Kommune"), _("Hovedmål"), _("Delmål"), _("Resultatmål"), _("Mangler")],
        "rows": rows,
        "numeric": [1, 2, 3],
    }
    finding.data = {
        "flagged": flagged,
        "total": len(ctx.participations),
        "with_results": [ctx.name(p) for p in with_results],
    }
    return finding


__all__ = ["PERCENT"]
