"""Findings for the success factors of report chapter 6 that the records can show: political
participation (6.1), mobilisation of users, neighbours and voluntary groups (6.2), plan
revision (6.4) and Husbanken in the steering groups (6.6).

The organisation is read as it was on the as-of date (its dated history). Where a field is
not registered for a municipality, the finding says so in its own sentence and never claims
"none" or "all" over it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from boligsosial.evaluation_report.findings.base import (
    DATE,
    NUMBER,
    TEXT,
    Figure,
    Finding,
    FindingContext,
    finder,
    names,
)
from boligsosial.evaluation_report.findings.finders_plans import (
    measure_evidence,
    plan_evidence,
    started_measures,
)
from boligsosial.evaluation_report.findings.finders_programme import org_evidence
from boligsosial.programmes.selectors import organisation_at


def _by_value(ctx: FindingContext, field: str, among=None) -> tuple[list, list, list]:
    """(yes, no, not registered) for a yes/no field of the organisation on the as-of date."""
    yes: list = []
    no: list = []
    unknown: list = []
    for participation in among if among is not None else ctx.participations:
        organisation = organisation_at(participation, ctx.as_of)
        value = getattr(organisation, field) if organisation is not None else None
        (yes if value else no if value is False else unknown).append(participation)
    return yes, no, unknown


def _names_figure(ctx: FindingContext, participations: list) -> Figure:
    return Figure(
        names(ctx.name(p) for p in participations),
        TEXT,
        evidence=[org_evidence(p) for p in participations],
    )


@finder
def political_participation(ctx: FindingContext) -> Finding:
    """Source 6.1: "Ingen av kommunene har politisk deltakelse i prosjektorganiseringen"."""
    yes, no, unknown = _by_value(ctx, "political_participation")
    finding = Finding(
        code="political_participation", topic="anchoring", title=_("Politisk deltakelse")
    )
    if yes:
        sentences = [
            _(
                "{yes_count} av {total} programkommuner har politisk deltakelse i "
                "prosjektorganiseringen: {yes_names}."
            )
        ]
    elif unknown:
        sentences = [
            _(
                "Ingen av de {no_count} programkommunene der det er registrert, har politisk "
                "deltakelse i prosjektorganiseringen."
            )
        ]
    else:
        sentences = [
            _("Ingen av programkommunene har politisk deltakelse i prosjektorganiseringen.")
        ]
    if unknown:
        sentences.append(_("For {unknown_names} er det ikke registrert."))
    finding.text = " ".join(sentences)
    finding.figures = {
        "yes_count": Figure(len(yes), NUMBER, evidence=[org_evidence(p) for p in yes]),
        "no_count": Figure(len(no), NUMBER, evidence=[org_evidence(p) for p in no]),
        "total": Figure(len(ctx.participations), NUMBER),
        "yes_names": _names_figure(ctx, yes),
        "unknown_names": _names_figure(ctx, unknown),
    }
    finding.data = {
        "yes": [ctx.name(p) for p in yes],
        "no": [ctx.name(p) for p in no],
        "unknown": [ctx.name(p) for p in unknown],
        "total": len(ctx.participations),
    }
    return finding


@finder
def husbanken_steering(ctx: FindingContext) -> Finding:
    """Source 6.6: Husbanken takes part in the steering groups (as a participating observer)."""
    with_group = [
        p
        for p in ctx.participations
        if (o := organisation_at(p, ctx.as_of)) is not None and o.has_steering_group
    ]
    yes, no, unknown = _by_value(ctx, "husbanken_in_steering_group", among=with_group)
    finding = Finding(
        code="husbanken_steering",
        topic="dialogue",
        title=_("Husbanken i styringsgruppene"),
    )
    if not with_group:
        sentences = [_("Ingen av programkommunene har styringsgruppe per {as_of}.")]
    elif yes and len(yes) == len(with_group):
        sentences = [
            _(
                "Husbanken deltar i styringsgruppen i alle de {group_count} programkommunene som "
                "har styringsgruppe: {yes_names}."
            )
        ]
    elif yes:
        sentences = [
            _(
                "Husbanken deltar i styringsgruppen i {yes_count} av {group_count} programkommuner "
                "med styringsgruppe: {yes_names}."
            )
        ]
    elif no:
        sentences = [_("Husbanken deltar ikke i noen av de registrerte styringsgruppene.")]
    else:
        sentences = []
    if unknown:
        sentences.append(
            _("For {unknown_names} er det ikke registrert om Husbanken deltar i styringsgruppen.")
        )
    finding.text = " ".join(sentences)
    finding.figures = {
        "yes_count": Figure(len(yes), NUMBER, evidence=[org_evidence(p) for p in yes]),
        "group_count": Figure(
            len(with_group), NUMBER, evidence=[org_evidence(p) for p in with_group]
        ),
        "yes_names": _names_figure(ctx, yes),
        "unknown_names": _names_figure(ctx, unknown),
        "as_of": Figure(ctx.as_of.isoformat(), DATE),
    }
    finding.data = {
        "with_steering_group": [ctx.name(p) for p in with_group],
        "yes": [ctx.name(p) for p in yes],
        "no": [ctx.name(p) for p in no],
        "unknown": [ctx.name(p) for p in unknown],
    }
    return finding


def _measure_list_finding(
    ctx: FindingContext, finding: Finding, grouped: dict, *, with_partners: bool
) -> list:
    """Figures {count}, {total}, {names} and {list} for measures grouped by participation."""
    having = [p for p in ctx.participations if grouped.get(p.pk)]
    evidence = [e for p in having for e in measure_evidence(ctx, p, grouped[p.pk])]
    items = []
    for participation in having:
        for measure in grouped[participation.pk]:
            partners = measure.partner_list() if with_partners else []
            item = f"{ctx.name(participation)}: «{measure.name}»"
            items.append(item + (f" ({', '.join(partners).lower()})" if partners else ""))
    finding.figures = {
        "count": Figure(len(having), NUMBER, evidence=evidence),
        "total": Figure(len(ctx.participations), NUMBER),
        "names": Figure(names(ctx.name(p) for p in having), TEXT, evidence=evidence),
        "list": Figure("; ".join(items), TEXT, evidence=evidence),
        "as_of": Figure(ctx.as_of.isoformat(), DATE),
    }
    return having


@finder
def mobilisation(ctx: FindingContext) -> Finding:
    """Source 6.2: users, neighbours and voluntary groups involved (Porsgrunn's neighbour
    meetings, Arendal's parents' group): started measures with user participation or
    neighbourhood work, with their partners."""
    grouped: dict[int, list] = {}
    for method in ("user_participation", "neighbourhood"):
        for pk, measures in started_measures(ctx, methods__code=method).items():
            known = {m.pk for m in grouped.get(pk, [])}
            grouped.setdefault(pk, []).extend(m for m in measures if m.pk not in known)
    grouped = {pk: [m for m in ms if m.partner_list()] for pk, ms in grouped.items()}
    finding = Finding(code="mobilisation", topic="mobilisation", title=_("Mobilisering"))
    having = _measure_list_finding(ctx, finding, grouped, with_partners=True)
    finding.text = (
        _(
            "Brukere, naboer eller frivillige er trukket inn i startede tiltak i {count} av "
            "{total} programkommuner: {list}."
        )
        if having
        else _(
            "Ingen startede tiltak med brukermedvirkning eller bomiljøarbeid har registrert samarbeidspartnere per {as_of}."
        )
    )
    finding.data = {"with": [ctx.name(p) for p in having], "total": len(ctx.participations)}
    return finding


@finder
def plan_revision(ctx: FindingContext) -> Finding:
    """Source 6.4: "Det arbeides med revisjon av boligsosiale handlingsplaner i 4 av kommunene"."""
    from boligsosial.plans.models import MethodUse

    grouped = started_measures(ctx, methods__code="plan_revision", methods__use=MethodUse.MEASURE)
    finding = Finding(code="plan_revision", topic="planning", title=_("Revisjon av planverk"))
    having = _measure_list_finding(ctx, finding, grouped, with_partners=False)
    without = [p for p in ctx.participations if p not in having]
    finding.figures["without"] = Figure(
        names(ctx.name(p) for p in without), TEXT, evidence=[plan_evidence(ctx, p) for p in without]
    )
    finding.text = (
        _(
            "Det arbeides med revisjon av boligsosiale handlingsplaner i {count} av {total} "
            "programkommuner: {names}."
        )
        if having
        else _(
            "Ingen av programkommunene har startet revisjon av boligsosial handlingsplan per {as_of}."
        )
    )
    finding.data = {
        "with": [ctx.name(p) for p in having],
        "without": [ctx.name(p) for p in without],
        "total": len(ctx.participations),
    }
    return finding
