"""The finding functions, one per statement the report makes from data.

Each takes a FindingContext and returns a Finding. Those that read another app's selectors
import them directly (the report is the top layer).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from boligsosial.evaluation_report.findings.base import (
    DATE,
    MONTH,
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
from boligsosial.programmes.models import AnchoringLevel
from boligsosial.programmes.selectors import organisation_at


def participation_url(participation, anchor: str = "") -> str:
    return reverse("programmes:participation", args=[participation.pk]) + anchor


def org_evidence(participation) -> Evidence:
    return Evidence(
        label=_("Organisering i %(m)s") % {"m": participation.municipality.name},
        url=participation_url(participation, "#org-h"),
    )


def start_display(participation) -> tuple[str | None, str]:
    """(value, kind) for a participation's start date at the precision the source gives."""
    start = participation.start_date
    if start is None:
        return None, TEXT
    precision = participation.start_precision
    if precision == "month":
        return start.isoformat(), MONTH
    if precision == "year":
        return str(start.year), TEXT
    if precision == "season":
        season = (
            _("våren")
            if start.month in (3, 4, 5)
            else _("sommeren")
            if start.month in (6, 7, 8)
            else _("høsten")
            if start.month in (9, 10, 11)
            else _("vinteren")
        )
        return f"{season} {start.year}", TEXT
    return start.isoformat(), DATE


def _organisation(ctx: FindingContext, participation):
    """The organisation as it was on the report's as-of date (its dated history)."""
    return organisation_at(participation, ctx.as_of)


# Programme and organisation (programmes app) -------------------------------------------


@finder
def programme_start(ctx: FindingContext) -> Finding:
    started = sorted((p for p in ctx.participations if p.start_date), key=lambda p: p.start_date)
    finding = Finding(code="programme_start", topic="programme", title=_("Oppstart i programmet"))
    if not started:
        finding.text = _("Ingen kommuner har startet i programmet per {as_of}.")
        finding.figures["as_of"] = Figure(ctx.as_of.isoformat(), DATE)
        return finding
    first = started[0]
    value, kind = start_display(first)
    same_start = [p for p in started if p.start_date == first.start_date]
    finding.text = _(
        "{first} var den første kommunen i programmet ({first_start}). "
        "Per {as_of} er {count} kommuner med."
    )
    finding.figures = {
        "first": Figure(
            names(ctx.name(p) for p in same_start),
            TEXT,
            evidence=[evidence_for(p, ctx.name(p)) for p in same_start],
        ),
        "first_start": Figure(
            value,
            kind,
            evidence=[evidence_for(first, _("Oppstart for %(m)s") % {"m": ctx.name(first)})],
        ),
        "as_of": Figure(ctx.as_of.isoformat(), DATE),
        "count": Figure(
            len(started), NUMBER, evidence=[evidence_for(p, ctx.name(p)) for p in started]
        ),
    }
    rows = []
    for participation in started:
        value, kind = start_display(participation)
        phase = participation.current_phase(ctx.as_of)
        rows.append(
            [
                {"text": ctx.name(participation), "href": participation_url(participation)},
                {"value": value, "kind": kind},
                phase.get_kind_display() if phase else _("Ikke startet"),
                {"value": participation.months_in_phase(ctx.as_of), "kind": NUMBER},
            ]
        )
    finding.table = {
        "caption": _("Programkommunene etter oppstart"),
        "header": [
            _("Kommune"),
            _("Oppstart"),
            _("Fase per evalueringsdato"),
            _("Måneder i fasen"),
        ],
        "rows": rows,
        "numeric": [3],
    }
    finding.data = {
        "first": [ctx.name(p) for p in same_start],
        "first_start": first.start_date.isoformat(),
        "count": len(started),
    }
    return finding


def _anchoring_row(ctx: FindingContext, participation, organisation) -> list:
    steering = organisation.has_steering_group
    return [
        {"text": ctx.name(participation), "href": participation_url(participation, "#org-h")},
        organisation.steering_group_leader_position if steering else _("Ingen styringsgruppe"),
        organisation.get_steering_group_leader_rank_display() if steering else "",
        organisation.get_anchoring_level_display(),
    ]


def _anchoring_text(unit: list, none: list, unregistered: list) -> str:
    sentences = [
        _(
            "{radmann} av {total} programkommuner er forankret på rådmannsnivå: styringsgruppen ledes av rådmannen, en assisterende rådmann eller en direktør i rådmannens ledergruppe."
        )
    ]
    if unit:
        sentences.append(
            _("I {unit_names} ledes styringsgruppen av en virksomhetsleder.")
            if len(unit) == 1
            else _("I {unit_names} ledes styringsgruppen av virksomhetsledere.")
        )
    if none:
        sentences.append(_("{none_names} har ikke etablert styringsgruppe."))
    elif unregistered:
        # "All have" would contradict the missing registrations in the same paragraph.
        sentences.append(
            _("Alle programkommunene med registrert organisering har etablert styringsgruppe.")
        )
    else:
        sentences.append(_("Alle programkommunene har etablert styringsgruppe."))
    if unregistered:
        sentences.append(
            _("Organiseringen per {as_of} er ikke registrert for {unregistered_names}.")
        )
    return " ".join(sentences)


def _anchoring_chart(radmann: int, unit: int, none: int) -> dict:
    return {
        "kind": "bar",
        "title": _("Forankringsnivå i programkommunene"),
        "categories": [
            AnchoringLevel.RADMANN.label,
            AnchoringLevel.UNIT.label,
            AnchoringLevel.NONE.label,
        ],
        "series": [{"name": _("Antall kommuner"), "values": [radmann, unit, none]}],
        "unit": _("kommuner"),
        "category_label": _("Forankringsnivå"),
        "decimals": 0,
    }


@finder
def anchoring(ctx: FindingContext) -> Finding:
    finding = Finding(code="anchoring", topic="anchoring", title=_("Forankring"))
    by_level: dict[str, list] = {
        AnchoringLevel.RADMANN: [],
        AnchoringLevel.UNIT: [],
        AnchoringLevel.NONE: [],
    }
    unregistered = []
    rows = []
    for participation in ctx.participations:
        organisation = _organisation(ctx, participation)
        if organisation is None:
            unregistered.append(participation)
            continue
        by_level[organisation.anchoring_level].append(participation)
        rows.append(_anchoring_row(ctx, participation, organisation))
    total = len(ctx.participations)
    radmann, unit, none = (
        by_level[AnchoringLevel.RADMANN],
        by_level[AnchoringLevel.UNIT],
        by_level[AnchoringLevel.NONE],
    )
    finding.text = _anchoring_text(unit, none, unregistered)
    finding.figures = {
        "radmann": Figure(len(radmann), NUMBER, evidence=[org_evidence(p) for p in radmann]),
        "total": Figure(
            total, NUMBER, evidence=[evidence_for(p, ctx.name(p)) for p in ctx.participations]
        ),
        "unit_names": Figure(
            names(ctx.name(p) for p in unit), TEXT, evidence=[org_evidence(p) for p in unit]
        ),
        "none_names": Figure(
            names(ctx.name(p) for p in none), TEXT, evidence=[org_evidence(p) for p in none]
        ),
        "unregistered_names": Figure(
            names(ctx.name(p) for p in unregistered),
            TEXT,
            evidence=[org_evidence(p) for p in unregistered],
        ),
        "as_of": Figure(ctx.as_of.isoformat(), DATE),
    }
    finding.table = {
        "caption": _("Styringsgruppe og forankringsnivå"),
        "header": [_("Kommune"), _("Styringsgruppen ledes av"), _("Nivå"), _("Forankring")],
        "rows": rows,
    }
    finding.data = {
        "total": total,
        "radmann": [ctx.name(p) for p in radmann],
        "unit": [ctx.name(p) for p in unit],
        "none": [ctx.name(p) for p in none],
        "unregistered": [ctx.name(p) for p in unregistered],
        "radmann_share": round(100 * len(radmann) / total, 1) if total else None,
    }
    finding.chart = _anchoring_chart(len(radmann), len(unit), len(none))
    return finding


def _organisation_text(project: int, total: int, unknown: bool, fte_count: int, acting: bool):
    if total and 2 * project > total:
        lead = _("Flesteparten av programkommunene ({project} av {total}) er prosjektorganisert.")
    else:
        lead = _("{project} av {total} programkommuner er prosjektorganisert.")
    sentences = [lead]
    if unknown:
        sentences.append(
            _("For {unknown_names} er det ikke registrert om programmet er prosjektorganisert.")
        )
    if fte_count == 1:
        sentences.append(_("Årsverk i programmet er registrert for én kommune ({fte_list})."))
    elif fte_count:
        sentences.append(
            _("Årsverk i programmet er registrert for {fte_count} kommuner ({fte_list}).")
        )
    if acting:
        sentences.append(_("{acting_names} har fungerende programleder."))
    return " ".join(sentences)


def _organisation_row(ctx: FindingContext, participation, org) -> list:
    acting = (
        org.programme_leader_acting and "fungerende" not in org.programme_leader_position.lower()
    )
    if org.project_organised:
        project = _("Ja")
    else:
        project = _("Nei") if org.project_organised is False else "–"
    partners = org.partners.all()
    return [
        {"text": ctx.name(participation), "href": participation_url(participation, "#org-h")},
        org.programme_leader_position + (f" ({_('fungerende')})" if acting else ""),
        org.programme_leader_unit,
        project,
        {"value": org.ftes, "kind": NUMBER, "decimals": 1},
        names(partner.name for partner in partners) if partners else "–",
    ]


def _organisation_figures(ctx: FindingContext, project, with_ftes, acting, unknown) -> dict:
    def named(participations) -> Figure:
        return Figure(
            names(ctx.name(p) for p in participations),
            TEXT,
            evidence=[org_evidence(p) for p in participations],
        )

    fte_list = ", ".join(
        f"{ctx.name(p)}: {Figure(o.ftes, NUMBER, 1).display()} " + _("årsverk")
        for p, o in with_ftes
    )
    fte_evidence = [org_evidence(p) for p, _o in with_ftes]
    return {
        "project": Figure(len(project), NUMBER, evidence=[org_evidence(p) for p in project]),
        "total": Figure(len(ctx.participations), NUMBER),
        "fte_count": Figure(len(with_ftes), NUMBER, evidence=fte_evidence),
        "fte_list": Figure(fte_list, TEXT, evidence=fte_evidence),
        "acting_names": named(acting),
        "unknown_names": named(unknown),
    }


@finder
def organisation(ctx: FindingContext) -> Finding:
    finding = Finding(code="organisation", topic="organisation", title=_("Organisering"))
    at_date = [(p, _organisation(ctx, p)) for p in ctx.participations]
    with_org = [(p, o) for p, o in at_date if o is not None]
    project = [p for p, o in with_org if o.project_organised]
    unknown = [p for p, o in at_date if o is None or o.project_organised is None]
    acting = [p for p, o in with_org if o.programme_leader_acting]
    with_ftes = [(p, o) for p, o in with_org if o.ftes is not None]
    finding.text = _organisation_text(
        len(project), len(ctx.participations), bool(unknown), len(with_ftes), bool(acting)
    )
    finding.figures = _organisation_figures(ctx, project, with_ftes, acting, unknown)
    rows = [_organisation_row(ctx, participation, org) for participation, org in with_org]
    finding.table = {
        "caption": _("Programledelse og organisering"),
        "header": [
            _("Kommune"),
            _("Programleder"),
            _("Plassert i"),
            _("Prosjektorganisert"),
            _("Årsverk"),
            _("Samarbeidspartnere"),
        ],
        "rows": rows,
        "numeric": [4],
    }
    finding.data = {
        "project": [ctx.name(p) for p in project],
        "project_unknown": [ctx.name(p) for p in unknown],
        "total": len(ctx.participations),
        "acting": [ctx.name(p) for p in acting],
        "ftes": {ctx.name(p): float(o.ftes) for p, o in with_ftes},
    }
    return finding


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


__all__ = ["PERCENT"]  # re-exported for the other finder modules


def _latest_population(ctx: FindingContext) -> dict[str, tuple[int, int]]:
    """code → (population, year): the latest figure by the as-of year for every participation."""
    from boligsosial.municipalities.models import Population

    codes = {p.municipality.code for p in ctx.participations}
    latest: dict[str, tuple[int, int]] = {}
    for code, year, value in (
        Population.objects.filter(code__in=codes, year__lte=ctx.as_of.year)
        .order_by("year")
        .values_list("code", "year", "value")
    ):
        latest[code] = (value, year)
    return latest


def municipality_finding(ctx: FindingContext, participation) -> Finding:
    """Size, start and organisation of one municipality (report chapter 5 opening)."""
    name = ctx.name(participation)
    code = participation.municipality.code
    finding = Finding(code=f"municipality_{code}", topic="municipality", title=name)
    registry = Evidence(
        _("Kommuneregisteret: %(m)s (%(code)s)") % {"m": name, "code": code},
        reverse("municipalities:detail", args=[code]),
    )
    sentences = []
    population = ctx.once("population", lambda: _latest_population(ctx)).get(code)
    if population:
        sentences.append(_("{name} kommune har {population} innbyggere ({population_year})."))
        finding.figures["population"] = Figure(population[0], NUMBER, evidence=[registry])
        finding.figures["population_year"] = Figure(str(population[1]), TEXT)
    finding.figures["name"] = Figure(name, TEXT)
    value, kind = start_display(participation)
    sentences.append(_("Kommunen har vært med i programmet siden {start}."))
    finding.figures["start"] = Figure(
        value, kind, evidence=[evidence_for(participation, _("Oppstart for %(m)s") % {"m": name})]
    )
    organisation = _organisation(ctx, participation)
    if organisation is not None:
        evidence = [org_evidence(participation)]
        if organisation.programme_leader_unit:
            position = organisation.programme_leader_position.strip()
            unit = organisation.programme_leader_unit.strip()
            generic = not position or position.lower().startswith("programleder")
            if unit.lower().startswith("under "):
                sentences.append(
                    _("Programleder er organisert {leader_unit}.")
                    if generic
                    else _("Programleder ({leader}) er organisert {leader_unit}.")
                )
            else:
                sentences.append(
                    _("Programleder er plassert i {leader_unit}.")
                    if generic
                    else _("Programleder ({leader}) er plassert i {leader_unit}.")
                )
            if organisation.programme_leader_acting:
                sentences.append(_("Programlederen er fungerende."))
            finding.figures["leader"] = Figure(position.lower(), TEXT, evidence=evidence)
            finding.figures["leader_unit"] = Figure(
                unit[0].lower() + unit[1:], TEXT, evidence=evidence
            )
        if organisation.project_organised:
            sentences.append(_("Programmet er prosjektorganisert."))
        if organisation.has_steering_group:
            sentences.append(_("Styringsgruppen ledes av {steering_leader} ({anchoring_level})."))
            finding.figures["steering_leader"] = Figure(
                organisation.steering_group_leader_position.lower(), TEXT, evidence=evidence
            )
            finding.figures["anchoring_level"] = Figure(
                organisation.get_anchoring_level_display().lower(), TEXT, evidence=evidence
            )
        else:
            sentences.append(_("Kommunen har {no_steering_group}."))
            finding.figures["no_steering_group"] = Figure(
                _("ikke etablert styringsgruppe"), TEXT, evidence=evidence
            )
        if organisation.ftes is not None:
            sentences.append(_("Programmet har {ftes} årsverk."))
            finding.figures["ftes"] = Figure(float(organisation.ftes), NUMBER, 1, evidence=evidence)
    else:
        sentences.append(_("Organiseringen per {as_of} er ikke registrert."))
        finding.figures["as_of"] = Figure(ctx.as_of.isoformat(), DATE)
    finding.text = " ".join(sentences)
    finding.data = {
        "population": population[0] if population else None,
        "anchoring": organisation.anchoring_level if organisation else None,
    }
    return finding
