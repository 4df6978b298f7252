"""Findings from follow-up, learning arenas (followup app) and periodic reports (reporting app)."""

from __future__ import annotations

from collections import defaultdict
from statistics import median

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from boligsosial.evaluation_report.findings.base import (
    NUMBER,
    PERCENT,
    TEXT,
    Evidence,
    Figure,
    Finding,
    FindingContext,
    finder,
    names,
)
from boligsosial.evaluation_report.findings.finders_programme import participation_url
from boligsosial.followup import selectors as followup_selectors
from boligsosial.followup.models import ArenaAttendance, ArenaKind, LearningArena
from boligsosial.reporting import selectors as reporting_selectors


def _url(name: str, *args, query: str = "") -> str:
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:
        return ""


def _as_days(value) -> float | None:
    """The follow-up selector's cadence as a number of days (None: too few contacts)."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dict):
        return _as_days(value.get("median_days", value.get("days")))
    for attr in ("median_days", "days", "median"):
        if hasattr(value, attr):
            return _as_days(getattr(value, attr))
    return float(value)


def _meeting_evidence(ctx, participation) -> Evidence:
    return Evidence(
        _("Oppfølgingsmøter med %(m)s") % {"m": ctx.name(participation)},
        _url("followup:participation", participation.pk) or participation_url(participation),
    )


@finder
def followup_cadence(ctx: FindingContext) -> Finding:
    title = _("Oppfølging fra Husbanken")
    cadence = followup_selectors.cadence_days_by_participation(ctx.participations, as_of=ctx.as_of)
    per = {p: _as_days(cadence[p.pk]) for p in ctx.participations}
    known = {p: d for p, d in per.items() if d is not None}
    finding = Finding(code="followup_cadence", topic="followup", title=title)
    sentences = []
    if known:
        tightest = min(known, key=lambda p: known[p])
        sentences.append(
            _(
                "Median antall dager mellom kontaktene med Husbanken varierer fra {min_days} ({min_name}) til {max_days} ({max_name})."
            )
        )
        loosest = max(known, key=lambda p: known[p])
        finding.figures.update(
            {
                "min_days": Figure(
                    known[tightest], NUMBER, 0, evidence=[_meeting_evidence(ctx, tightest)]
                ),
                "min_name": Figure(ctx.name(tightest), TEXT),
                "max_days": Figure(
                    known[loosest], NUMBER, 0, evidence=[_meeting_evidence(ctx, loosest)]
                ),
                "max_name": Figure(ctx.name(loosest), TEXT),
            }
        )
    unknown = [p for p, d in per.items() if d is None]
    if unknown:
        sentences.append(
            _("For {unknown_names} er det registrert for få møter til å beregne et tall.")
        )
        finding.figures["unknown_names"] = Figure(
            names(ctx.name(p) for p in unknown),
            TEXT,
            evidence=[_meeting_evidence(ctx, p) for p in unknown],
        )
    finding.text = " ".join(sentences)
    finding.table = {
        "caption": _("Dager mellom kontaktene (median)"),
        "header": [_("Kommune"), _("Dager")],
        "rows": [
            [
                {"text": ctx.name(p), "href": _meeting_evidence(ctx, p).url},
                {"value": d, "kind": NUMBER, "decimals": 0},
            ]
            for p, d in per.items()
        ],
        "numeric": [1],
    }
    finding.data = {
        "per_municipality": {ctx.name(p): d for p, d in per.items()},
        "median": median(known.values()) if known else None,
    }
    return finding


@finder
def annual_meetings(ctx: FindingContext) -> Finding:
    title = _("Årsmøter")
    missing: dict[str, list[int]] = {}
    held_total = expected_total = 0
    by_participation = followup_selectors.annual_meetings_by_participation(
        ctx.participations, as_of=ctx.as_of
    )
    for participation in ctx.participations:
        years = by_participation[participation.pk]
        rows = [_year_row(row) for row in years]
        expected_total += len(rows)
        held_total += sum(1 for _year, held in rows if held)
        lacking = [year for year, held in rows if not held]
        if lacking:
            missing[ctx.name(participation)] = lacking
    finding = Finding(code="annual_meetings", topic="followup", title=title)
    finding.text = _(
        "Rammemodellen krever ett årsmøte per år i gjennomføringsfasen. {held} av {expected} slike årsmøter er holdt."
    )
    if missing:
        finding.text += " " + _("Årsmøte mangler for {missing_names}.")
    finding.figures = {
        "held": Figure(
            held_total, NUMBER, evidence=[_meeting_evidence(ctx, p) for p in ctx.participations]
        ),
        "expected": Figure(expected_total, NUMBER),
        "missing_names": Figure(
            "; ".join(
                f"{name} ({', '.join(str(y) for y in years)})" for name, years in missing.items()
            ),
            TEXT,
            evidence=[
                _meeting_evidence(ctx, p) for p in ctx.participations if ctx.name(p) in missing
            ],
        ),
    }
    finding.data = {"held": held_total, "expected": expected_total, "missing": missing}
    return finding


def _year_row(row) -> tuple[int, bool]:
    if isinstance(row, dict):
        return int(row["year"]), bool(row.get("held"))
    if isinstance(row, (tuple, list)):
        return int(row[0]), bool(row[1])
    return int(row.year), bool(row.held)


def _attendance(arenas: list) -> defaultdict[int, set[int]]:
    """participation pk -> the arenas (pks) it attended with at least one person."""
    attendance: defaultdict[int, set[int]] = defaultdict(set)
    for arena_id, participation_id in ArenaAttendance.objects.filter(
        arena__in=arenas, persons__gt=0
    ).values_list("arena_id", "participation_id"):
        attendance[participation_id].add(arena_id)
    return attendance


def _attendance_table(ctx: FindingContext, attendance: dict, arena_count: int) -> dict:
    return {
        "caption": _("Deltakelse på læringsarenaene per kommune"),
        "header": [_("Kommune"), _("Arenaer deltatt"), _("Andel")],
        "rows": [
            [
                {"text": ctx.name(p), "href": participation_url(p)},
                {"value": len(attendance[p.pk]), "kind": NUMBER},
                {
                    "value": round(100 * len(attendance[p.pk]) / arena_count)
                    if arena_count
                    else None,
                    "kind": PERCENT,
                },
            ]
            for p in ctx.participations
        ],
        "numeric": [1, 2],
    }


@finder
def learning_arenas(ctx: FindingContext) -> Finding:
    title = _("Læringsarenaer")
    arenas = list(
        LearningArena.objects.filter(programme=ctx.programme, start_date__lte=ctx.as_of).order_by(
            "start_date"
        )
    )
    attendance = _attendance(arenas)
    finding = Finding(code="learning_arenas", topic="learning", title=title)
    by_kind = defaultdict(list)
    for arena in arenas:
        by_kind[arena.kind].append(arena)
    starts = [p.start_date for p in ctx.participations if p.start_date]
    years = (ctx.as_of - min(starts)).days / 365.25 if starts else None
    leader = by_kind.get(ArenaKind.LEADER_GATHERING, [])
    per_year = round(len(leader) / years, 1) if years else None
    arena_evidence = [
        Evidence(
            f"{a.title} ({a.start_date:%d.%m.%Y})",
            _url("followup:arena", a.pk) or _url("followup:arenas"),
        )
        for a in arenas
    ]
    kinds = ", ".join(
        f"{ArenaKind(kind).label.lower()}: {len(items)}" for kind, items in by_kind.items()
    )
    finding.text = _(
        "Husbanken har holdt {count} læringsarenaer i programmet per {as_of_text} ({kinds}). Det tilsvarer {per_year} "
        "programledersamlinger per år. Kommunene har i gjennomsnitt deltatt på {attendance_share} av arenaene."
    )
    shares = (
        [100 * len(attendance[p.pk]) / len(arenas) for p in ctx.participations] if arenas else []
    )
    finding.figures = {
        "count": Figure(len(arenas), NUMBER, evidence=arena_evidence),
        "as_of_text": Figure(ctx.as_of.isoformat(), "date"),
        "kinds": Figure(kinds or "–", TEXT),
        "per_year": Figure(
            per_year,
            NUMBER,
            1,
            evidence=[
                e
                for a, e in zip(arenas, arena_evidence, strict=True)
                if a.kind == ArenaKind.LEADER_GATHERING
            ],
        ),
        "attendance_share": Figure(
            round(sum(shares) / len(shares)) if shares else None,
            PERCENT,
            0,
            evidence=arena_evidence,
        ),
    }
    finding.table = _attendance_table(ctx, attendance, len(arenas))
    finding.data = {
        "count": len(arenas),
        "leader_gatherings": len(leader),
        "leader_gatherings_per_year": per_year,
        "by_kind": {k: len(v) for k, v in by_kind.items()},
    }
    return finding


@finder
def reporting(ctx: FindingContext) -> Finding:
    title = _("Rapportering")
    from boligsosial.reporting.models import ReportingPeriod

    period = (
        ReportingPeriod.objects.filter(programme=ctx.programme, deadline__lte=ctx.as_of)
        .order_by("-deadline", "-end")
        .first()
    )
    finding = Finding(code="reporting", topic="reporting", title=title)
    if period is None:
        finding.text = _(
            "Det er ingen rapporteringsperioder med frist før {as_of}; kommunene rapporterer ennå ikke i en felles mal."
        )
        finding.figures["as_of"] = Figure(ctx.as_of.isoformat(), "date")
        finding.data = {
            "period": None,
            "as_of": ctx.as_of.isoformat(),
            "on_time_share": None,
            "late": [p.municipality.name for p in ctx.participations],
        }
        return finding
    result = reporting_selectors.completeness(ctx.programme, period)
    evidence = [
        Evidence(
            _("Rapporter for %(period)s") % {"period": period.label},
            _url("reporting:periods", ctx.programme.pk) or _url("reporting:index"),
        )
    ]
    finding.text = _(
        "For {period} (frist {deadline}) var {expected} rapporter forventet: {submitted} er sendt inn, {on_time} i tide "
        "({on_time_share}), og {approved} er godkjent. {values_share} av de forventede indikatorverdiene er rapportert."
    )

    def pct(value):
        return round(100 * value, 1) if value is not None else None

    finding.figures = {
        "period": Figure(period.label, TEXT),
        "deadline": Figure(period.deadline.isoformat(), "date"),
        "expected": Figure(result["expected"], NUMBER, evidence=evidence),
        "submitted": Figure(result["submitted"], NUMBER, evidence=evidence),
        "on_time": Figure(result["on_time"], NUMBER, evidence=evidence),
        "on_time_share": Figure(pct(result["on_time_share"]), PERCENT, 0, evidence=evidence),
        "approved": Figure(result["approved"], NUMBER, evidence=evidence),
        "values_share": Figure(pct(result["values_reported_share"]), PERCENT, 0, evidence=evidence),
    }
    finding.data = {
        "period": period.label,
        "on_time_share": pct(result["on_time_share"]),
        "submitted_share": pct(result["submitted_share"]),
        "approved_share": pct(result["approved_share"]),
    }
    return finding
