"""The report builder: findings, recommendations and narrative in the source report's structure.

`build_document` returns plain data (a dict that JSON can hold): the sections in order, each
with blocks (narrative Markdown, a finding, a table, a chart, quotes, recommendations), plus
the findings and recommendations they refer to. The HTML, PDF and Word renderers read only
this dict, so a published version (the same dict, frozen) renders exactly as it was.

Structure (DOMAIN.md §7): foreword; 1 summary; 2 background; 3 method; 4 Husbanken's work
4.1–4.6; 5 each municipality; 6 success factors 6.1–6.6; 7 summary and recommendations
7.1–7.4; appendices.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boligsosial.evaluation import selectors as evaluation_selectors
from boligsosial.evaluation.models import Code, InterviewGuide
from boligsosial.evaluation_report.findings import FindingContext, compute_findings, jsonable
from boligsosial.evaluation_report.rules import RULES, propose_all
from boligsosial.plans.models import Goal, GoalLevel, Measure, MeasureStatus

DOCUMENT_FORMAT = 1

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


def _section(id_: str, number: str, title: str, level: int = 1, blocks: list | None = None) -> dict:
    return {"id": id_, "number": number, "title": title, "level": level, "blocks": blocks or []}


def _narrative(narratives: dict[str, str], key: str) -> list[dict]:
    text = (narratives.get(key) or "").strip()
    return (
        [{"type": "markdown", "key": key, "source": text}]
        if text
        else [{"type": "narrative_slot", "key": key}]
    )


def _finding(code: str, *, table: bool = False, chart: bool = False) -> dict:
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


def _quotes(evaluation, section: str) -> dict | None:
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


def _municipality_blocks(
    ctx: FindingContext, participation, narratives: dict[str, str], findings: dict
) -> list[dict]:
    from boligsosial.evaluation_report.finders import municipality_finding
    from boligsosial.evaluation_report.findings import display_value

    name = participation.municipality.name
    finding = municipality_finding(ctx, participation)
    findings[finding.code] = finding
    blocks: list[dict] = [_finding(finding.code)]
    blocks.extend(
        b
        for b in _narrative(narratives, f"5-{participation.municipality.code}")
        if b["type"] == "markdown"
    )
    goals, measures = _plans(participation, ctx.as_of)
    blocks.append({"type": "heading", "text": _("Kommunens mål ved oppstart")})
    blocks.append(
        {"type": "list", "items": goals}
        if goals
        else {"type": "paragraph", "text": _("Ingen mål er registrert.")}
    )
    blocks.append({"type": "heading", "text": _("Måloppnåelse – hva har skjedd til nå?")})
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
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("plans:measure", args=[measure.pk])
    except NoReverseMatch:
        return ""


def _plans(participation, as_of: dt.date):
    """(main goals as text, measure rows)."""
    goals = [
        g.title
        for g in Goal.objects.filter(participation=participation, level=GoalLevel.MAIN).order_by(
            "position", "id"
        )
    ]
    rows = []
    # Only measures the municipality has published: a report is read by every programme
    # municipality, and drafts stay private to their municipality and Husbanken.
    measures = (
        Measure.objects.filter(participation=participation, published=True)
        .prefetch_related("status_events", "target_groups", "results")
        .order_by("name")
    )
    for measure in measures:
        status = measure.status_at(as_of)
        if status is None:
            continue
        results = [r for r in measure.results.all() if r.date <= as_of]
        rows.append(
            [
                {"text": measure.name, "href": _measure_url(measure)},
                str(MeasureStatus(status).label),
                ", ".join(str(label) for label in measure.target_group_labels()) or "–",
                " ".join(r.text for r in sorted(results, key=lambda r: r.date)) or "–",
            ]
        )
    return goals, rows


def build_document(
    *,
    programme,
    as_of: dt.date,
    evaluation=None,
    title: str = "",
    subtitle: str = "",
    narratives: dict[str, str] | None = None,
    thresholds: dict | None = None,
    enabled: set[str] | None = None,
    decisions: dict | None = None,
    language: str = "nb",
    draft: bool = True,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Compute everything and lay it out. `decisions` maps rule code -> dict(decision, text,
    reason, proposal_text, decided_by, decided_at)."""
    with translation.override(language):
        return _build(
            programme=programme,
            as_of=as_of,
            evaluation=evaluation,
            title=title,
            subtitle=subtitle,
            narratives=narratives or {},
            thresholds=thresholds or {},
            enabled=enabled,
            decisions=decisions or {},
            language=language,
            draft=draft,
            progress=progress,
        )


def _recommendations(findings, thresholds, enabled, decisions, draft: bool) -> list[dict]:
    items = []
    for proposal in propose_all(findings, thresholds, enabled):
        decision = decisions.get(proposal.rule)
        status = decision["decision"] if decision else "proposed"
        if status == "rejected" or (not draft and status == "proposed"):
            continue
        text = (
            decision["text"]
            if decision and status == "edited" and decision.get("text")
            else proposal.text
        )
        items.append(
            {
                "rule": proposal.rule,
                "section": proposal.section,
                "title": proposal.title,
                "text": text,
                "proposal_text": proposal.text,
                "evidence": proposal.evidence,
                "named": proposal.named,
                "status": status,
                "reason": decision["reason"] if decision else "",
                "decided_by": decision.get("decided_by", "") if decision else "",
                "changed_since_decision": bool(
                    decision and decision["proposal_text"] != proposal.text
                ),
                "condition": RULES[proposal.rule].describe(
                    thresholds.get(proposal.rule, RULES[proposal.rule].default_threshold)
                ),
            }
        )
    # Numbered in reading order: a recommendation in 6.4 comes before those of chapter 7.
    items.sort(key=lambda item: tuple(int(part) for part in item["section"].split(".")))
    for number, item in enumerate(items, start=1):
        item["number"] = number
    return items


def _build(
    *,
    programme,
    as_of,
    evaluation,
    title,
    subtitle,
    narratives,
    thresholds,
    enabled,
    decisions,
    language,
    draft,
    progress,
) -> dict:
    ctx = FindingContext.build(programme=programme, as_of=as_of, evaluation=evaluation)
    findings = compute_findings(ctx, progress=progress)
    recommendations = _recommendations(findings, thresholds, enabled, decisions, draft)
    n = _narrative

    def recs(section: str) -> list[dict]:
        return (
            [{"type": "recommendations", "section": section}]
            if any(r["section"] == section for r in recommendations)
            else []
        )

    def quotes(section: str) -> list[dict]:
        block = _quotes(evaluation, section)
        return [block] if block else []

    sections = [
        _section("foreword", "", _("Forord"), blocks=n(narratives, "foreword")),
        _section(
            "s1",
            "1",
            _("Sammendrag"),
            blocks=[
                *n(narratives, "1"),
                {"type": "heading", "text": _("Hovedfunn")},
                {
                    "type": "finding_list",
                    "codes": [
                        "programme_start",
                        "anchoring",
                        "target_youth",
                        "housing_first",
                        "start_loans",
                        "establishment_grants",
                        "competence_share",
                        "informants",
                    ],
                },
                {"type": "heading", "text": _("Anbefalinger")},
                {"type": "recommendation_list"},
            ],
        ),
        _section("s2", "2", _("Bakgrunn og hensikt"), blocks=n(narratives, "2")),
        _section(
            "s3",
            "3",
            _("Om rapporten"),
            blocks=[
                *n(narratives, "3"),
                {"type": "paragraph", "text": _method_text(evaluation, as_of)},
                _finding("informants"),
                _finding("questionnaire"),
                _finding("code_frequencies"),
            ],
        ),
        _section(
            "s4",
            "4",
            _("Husbankens arbeid og måloppnåelse"),
            blocks=[
                *n(narratives, "4"),
                _finding("programme_start", table=True),
            ],
        ),
        _section(
            "s4-1",
            "4.1",
            _("Bosetting av vanskeligstilte"),
            2,
            [*n(narratives, "4.1"), _finding("target_homeless")],
        ),
        _section(
            "s4-2",
            "4.2",
            _("Kompetanseheving i boligsosialt arbeid"),
            2,
            [*n(narratives, "4.2"), _finding("learning_arenas")],
        ),
        _section(
            "s4-3",
            "4.3",
            _("Utvikling i Husbankens virkemidler"),
            2,
            [
                *n(narratives, "4.3"),
                _finding("start_loans", table=True, chart=True),
                _finding("establishment_grants", table=True, chart=True),
                _finding("competence_share", table=True, chart=True),
                _finding("housing_allowance", chart=True),
            ],
        ),
        _section(
            "s4-4",
            "4.4",
            _("Videreutvikling av tverrsektorielt samarbeid"),
            2,
            [*n(narratives, "4.4"), _finding("organisation")],
        ),
        _section(
            "s4-5",
            "4.5",
            _("Metodeutvikling innen boligsosialt arbeid"),
            2,
            [*n(narratives, "4.5"), _finding("housing_first")],
        ),
        _section(
            "s4-6",
            "4.6",
            _("Bedre samarbeid mellom stat og kommune"),
            2,
            [
                *n(narratives, "4.6"),
                _finding("followup_cadence", table=True),
                _finding("annual_meetings"),
                _finding("reporting"),
            ],
        ),
        _section("s5", "5", _("Kommunenes arbeid og måloppnåelse"), blocks=n(narratives, "5")),
    ]
    for index, participation in enumerate(ctx.participations, start=1):
        sections.append(
            _section(
                f"s5-{index}",
                f"5.{index}",
                participation.municipality.name,
                2,
                _municipality_blocks(ctx, participation, narratives, findings),
            )
        )
        if progress:
            progress(f"5.{index}")
    sections += [
        _section(
            "s6", "6", _("Vellykkede tilnærminger og suksessfaktorer"), blocks=[*n(narratives, "6")]
        ),
        _section(
            "s6-1",
            "6.1",
            _("Forankring"),
            2,
            [*n(narratives, "6.1"), _finding("anchoring", table=True, chart=True), *quotes("6.1")],
        ),
        _section("s6-2", "6.2", _("Mobilisering"), 2, [*n(narratives, "6.2"), *quotes("6.2")]),
        _section(
            "s6-3",
            "6.3",
            _("Organisering"),
            2,
            [*n(narratives, "6.3"), _finding("organisation", table=True), *quotes("6.3")],
        ),
        _section(
            "s6-4",
            "6.4",
            _("Planlegging, strategier og mål for arbeidet"),
            2,
            [*n(narratives, "6.4"), _finding("planning", table=True), *quotes("6.4"), *recs("6.4")],
        ),
        _section(
            "s6-5",
            "6.5",
            _("Kompetanse og læringsarenaer"),
            2,
            [*n(narratives, "6.5"), _finding("learning_arenas", table=True), *quotes("6.5")],
        ),
        _section(
            "s6-6",
            "6.6",
            _("Dialog og samarbeid mellom kommunene og Husbanken"),
            2,
            [*n(narratives, "6.6"), _finding("followup_cadence"), *quotes("6.6")],
        ),
        _section(
            "s7",
            "7",
            _("Oppsummering og anbefalinger"),
            blocks=[*n(narratives, "7"), {"type": "recommendation_table"}],
        ),
        _section(
            "s7-1",
            "7.1",
            _("Forankring og organisering"),
            2,
            [*n(narratives, "7.1"), _finding("anchoring"), *recs("7.1")],
        ),
        _section(
            "s7-2",
            "7.2",
            _("Prioriterte målgrupper"),
            2,
            [
                *n(narratives, "7.2"),
                _finding("target_youth", table=True),
                _finding("target_homeless"),
                *recs("7.2"),
            ],
        ),
        _section(
            "s7-3",
            "7.3",
            _("Housing First"),
            2,
            [*n(narratives, "7.3"), _finding("housing_first"), *recs("7.3")],
        ),
        _section(
            "s7-4",
            "7.4",
            _("Oppfølging fra Husbanken"),
            2,
            [
                *n(narratives, "7.4"),
                _finding("followup_cadence"),
                _finding("learning_arenas"),
                _finding("reporting"),
                *recs("7.4"),
            ],
        ),
        _section(
            "a1",
            _("Vedlegg 1"),
            _("Spørreskjema og svar"),
            blocks=[*n(narratives, "a1"), _finding("questionnaire", table=True)],
        ),
        _section(
            "a2",
            _("Vedlegg 2"),
            _("Intervjuguider"),
            blocks=[*n(narratives, "a2"), *_guides(evaluation)],
        ),
        _section("a3", _("Vedlegg 3"), _("Referanser"), blocks=n(narratives, "a3")),
        _section(
            "a4", _("Vedlegg 4"), _("Grunnlaget for tallene"), blocks=[{"type": "evidence_list"}]
        ),
    ]
    if progress:
        progress("layout")
    return jsonable(
        {
            "format": DOCUMENT_FORMAT,
            "title": title or (evaluation.title if evaluation else programme.name),
            "subtitle": subtitle,
            "programme": programme.name,
            "author": str(programme.get_owner_region_display()),
            "evaluation": evaluation.title if evaluation else "",
            "as_of": as_of.isoformat(),
            "language": language,
            "draft": draft,
            "generated_at": timezone.now().isoformat(),
            "findings": {code: f.as_dict() for code, f in findings.items()},
            "recommendations": recommendations,
            "sections": sections,
        }
    )


def _method_text(evaluation, as_of: dt.date) -> str:
    from boligsosial.evaluation_report.findings import display_value

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


def _guides(evaluation) -> list[dict]:
    if evaluation is None:
        return []
    blocks = []
    for guide in (
        InterviewGuide.objects.filter(evaluation=evaluation)
        .prefetch_related("questions")
        .order_by("audience", "id")
    ):
        blocks.append({"type": "heading", "text": guide.title})
        if guide.introduction:
            blocks.append({"type": "paragraph", "text": guide.introduction})
        parts: dict[str, list[str]] = {}
        for question in guide.questions.order_by("number"):
            parts.setdefault(question.get_part_display(), []).append(
                f"{question.number}. {question.text}"
            )
        for part, items in parts.items():
            blocks.append({"type": "subheading", "text": part})
            blocks.append({"type": "list", "items": items, "ordered": False})
    return blocks
