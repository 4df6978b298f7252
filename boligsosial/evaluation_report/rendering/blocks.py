"""Blocks of the report that read data beyond the findings: narrative slots, quotes chosen for
the success-factor sections, each municipality's goals and measures, the interview guides and
the method paragraph. `document.py` places them in the chapters."""

from __future__ import annotations

import datetime as dt

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boligsosial.evaluation import selectors as evaluation_selectors
from boligsosial.evaluation.models import Code, GuideAudience, InterviewGuide
from boligsosial.evaluation_report.findings import FindingContext, display_value
from boligsosial.evaluation_report.findings.finders_programme import municipality_finding
from boligsosial.evaluation_report.findings.finders_results import (
    municipality_results_finding,
    result_line,
    results_by_participation,
)
from boligsosial.plans.models import Goal, GoalLevel, Measure, MeasureStatus

# Narrative slots the evaluators fill in (key -> section). Municipalities add "5-<code>".
NARRATIVE_SECTIONS = [
    ("foreword", gettext_lazy("Forord")),
    ("1", gettext_lazy("1 Sammendrag")),
    ("2", gettext_lazy("2 Bakgrunn og hensikt")),
    ("3", gettext_lazy("3 Om rapporten")),
    ("4", gettext_lazy("4 Husbankens arbeid og måloppnåelse")),
    ("4.1", gettext_lazy("4.1 Bosetting av vanskeligstilte")),
    ("4.2", gettext_lazy("4.2 Kompetanseheving i boligsosialt arbeid")),
    ("4.3", gettext_lazy("4.3 Utvikling i Husbankens virkemidler")),
    ("4.4", gettext_lazy("4.4 Videreutvikling av tverrsektorielt samarbeid")),
    ("4.5", gettext_lazy("4.5 Metodeutvikling innen boligsosialt arbeid")),
    ("4.6", gettext_lazy("4.6 Bedre samarbeid mellom stat og kommune")),
    ("5", gettext_lazy("5 Kommunenes arbeid og måloppnåelse")),
    ("6", gettext_lazy("6 Vellykkede tilnærminger og suksessfaktorer")),
    ("6.1", gettext_lazy("6.1 Forankring")),
    ("6.2", gettext_lazy("6.2 Mobilisering")),
    ("6.3", gettext_lazy("6.3 Organisering")),
    ("6.4", gettext_lazy("6.4 Planlegging, strategier og mål for arbeidet")),
    ("6.5", gettext_lazy("6.5 Kompetanse og læringsarenaer")),
    ("6.6", gettext_lazy("6.6 Dialog og samarbeid mellom kommunene og Husbanken")),
    ("7", gettext_lazy("7 Oppsummering og anbefalinger")),
    ("7.1", gettext_lazy("7.1 Forankring og organisering")),
    ("7.2", gettext_lazy("7.2 Prioriterte målgrupper")),
    ("7.3", gettext_lazy("7.3 Housing First")),
    ("7.4", gettext_lazy("7.4 Oppfølging fra Husbanken")),
    ("a1", gettext_lazy("Vedlegg 1 Spørreskjema og svar")),
    ("a2", gettext_lazy("Vedlegg 2 Intervjuguider")),
    ("a3", gettext_lazy("Vedlegg 3 Referanser")),
]


def narrative_blocks(narratives: dict[str, str], key: str) -> list[dict]:
    text = (narratives.get(key) or "").strip()
    return (
        [{"type": "markdown", "key": key, "source": text}]
        if text
        else [{"type": "narrative_slot", "key": key}]
    )


def finding_block(code: str, *, table: bool = False, chart: bool = False) -> dict:
    return {"type": "finding", "code": code, "table": table, "chart": chart}


# The quotes chosen for each success-factor section: codebook slugs tried in order.
QUOTE_CODES = {
    "6.1": ("forankring", "anchoring", "forankring-og-eierskap"),
    "6.2": ("mobilisering", "mobilisation", "motiverte-aktorer"),
    "6.3": ("organisering", "organisation", "god-prosjektledelse-og-organisering"),
    "6.4": (
        "planlegging-strategier-mal",
        "planlegging-strategier-og-mal",
        "planlegging",
        "planning",
        "god-planlegging",
    ),
    "6.5": ("kompetanse-og-laeringsarenaer", "kompetanse", "learning", "boligsosial-kompetanse"),
    "6.6": (
        "dialog-med-husbanken",
        "dialog-og-samarbeid-med-husbanken",
        "dialog",
        "god-oppfolging",
    ),
}
QUOTES_PER_SECTION = 3


def quote_block(evaluation, section: str) -> dict | None:
    if evaluation is None:
        return None
    slugs = set(Code.objects.filter(evaluation=evaluation).values_list("slug", flat=True))
    for slug in QUOTE_CODES.get(section, ()):
        if slug in slugs:
            quotes = evaluation_selectors.approved_quotes(
                evaluation, slug, limit=QUOTES_PER_SECTION
            )
            if quotes:
                return {
                    "type": "quotes",
                    "code": slug,
                    "items": [
                        {
                            "text": q["text"],
                            "attribution": q["attribution"],
                            "warning": q.get("identification_warning", ""),
                        }
                        for q in quotes
                    ],
                }
    return None


def municipality_blocks(
    ctx: FindingContext, participation, narratives: dict[str, str], findings: dict
) -> list[dict]:
    name = participation.municipality.name
    finding = municipality_finding(ctx, participation)
    findings[finding.code] = finding
    blocks: list[dict] = [finding_block(finding.code)]
    blocks.extend(
        b
        for b in narrative_blocks(narratives, f"5-{participation.municipality.code}")
        if b["type"] == "markdown"
    )
    goals, measures = _plans(ctx, participation)
    blocks.append({"type": "heading", "text": _("Kommunens mål ved oppstart")})
    blocks.append(
        {"type": "list", "items": goals}
        if goals
        else {"type": "paragraph", "text": _("Ingen mål er registrert.")}
    )
    blocks.append({"type": "heading", "text": _("Måloppnåelse – hva har skjedd til nå?")})
    results = municipality_results_finding(ctx, participation)
    findings[results.code] = results
    blocks.append(finding_block(results.code))
    if measures:
        blocks.append(
            {
                "type": "table",
                "caption": _("Delprosjekter og tiltak i %(name)s per %(date)s")
                % {"name": name, "date": display_value(ctx.as_of.isoformat(), "date")},
                "header": [
                    _("Delprosjekt eller tiltak"),
                    _("Status"),
                    _("Målgrupper"),
                    _("Resultater"),
                ],
                "rows": measures,
            }
        )
    else:
        blocks.append(
            {"type": "paragraph", "text": _("Ingen delprosjekter eller tiltak er registrert.")}
        )
    return blocks


def _measure_url(measure) -> str:
    try:
        return reverse("plans:measure", args=[measure.pk])
    except NoReverseMatch:
        return ""


def _plans(ctx: FindingContext, participation) -> tuple[list[str], list[list]]:
    """(main goals as text, measure rows) of one participation, read for all at once."""
    plans = ctx.once("plans", lambda: _read_plans(ctx))
    return plans.get(participation.pk, ([], []))


def _read_plans(ctx: FindingContext) -> dict[int, tuple[list[str], list[list]]]:
    as_of = ctx.as_of
    ids = [p.pk for p in ctx.participations]
    plans: dict[int, tuple[list[str], list[list]]] = {pk: ([], []) for pk in ids}
    for participation_id, title in (
        Goal.objects.filter(participation__in=ids, level=GoalLevel.MAIN)
        .order_by("position", "id")
        .values_list("participation_id", "title")
    ):
        plans[participation_id][0].append(title)
    # Only measures the municipality has published: a report is read by every programme
    # municipality, and drafts stay private to their municipality and Husbanken.
    measures = (
        Measure.objects.filter(participation__in=ids, published=True)
        .prefetch_related("status_events", "target_groups")
        .order_by("name")
    )
    for measure in measures:
        status = measure.status_at(as_of)
        if status is None:
            continue
        by_participation = results_by_participation(ctx).get(measure.participation_id, [])
        results = [r for r in by_participation if r.measure_id == measure.pk]
        plans[measure.participation_id][1].append(
            [
                {"text": measure.name, "href": _measure_url(measure)},
                str(MeasureStatus(status).label),
                ", ".join(str(label) for label in measure.target_group_labels()) or "–",
                " ".join(result_line(r) for r in results) or "–",
            ]
        )
    return plans


def method_text(evaluation, as_of: dt.date) -> str:
    if evaluation is None:
        return _("Tallene i rapporten er beregnet fra dataene i Boligsosial per %(date)s.") % {
            "date": display_value(as_of.isoformat(), "date")
        }
    methods = evaluation.method_labels() if hasattr(evaluation, "method_labels") else []
    text = _(
        "Evalueringen «%(title)s» dekker perioden %(start)s–%(end)s. Tallene i rapporten er beregnet fra "
        "dataene i Boligsosial per %(date)s."
    ) % {
        "title": evaluation.title,
        "start": display_value(evaluation.period_start.isoformat(), "date"),
        "end": display_value(evaluation.period_end.isoformat(), "date"),
        "date": display_value(as_of.isoformat(), "date"),
    }
    if methods:
        text += " " + _("Metoder: %(methods)s.") % {
            "methods": ", ".join(m.lower() if i else m for i, m in enumerate(methods))
        }
    return text


def guide_blocks(evaluation) -> list[dict]:
    if evaluation is None:
        return []
    blocks: list[dict] = []
    # The source's order: A) the programme municipalities' guide, then B) Husbanken's.
    audiences = list(GuideAudience.values)
    guides = sorted(
        InterviewGuide.objects.filter(evaluation=evaluation).prefetch_related("questions"),
        key=lambda g: (
            audiences.index(g.audience) if g.audience in audiences else len(audiences),
            g.pk,
        ),
    )
    for guide in guides:
        blocks.append({"type": "heading", "text": guide.title})
        if guide.introduction:
            blocks.append({"type": "paragraph", "text": guide.introduction})
        parts: dict[str, list[str]] = {}
        for question in sorted(guide.questions.all(), key=lambda q: q.number):
            parts.setdefault(question.get_part_display(), []).append(
                f"{question.number}. {question.text}"
            )
        for part, items in parts.items():
            blocks.append({"type": "subheading", "text": part})
            blocks.append({"type": "list", "items": items, "ordered": False})
    return blocks
