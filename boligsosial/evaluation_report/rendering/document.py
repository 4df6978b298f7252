"""The report builder: findings, recommendations and narrative in the source report's structure.

`build_document` returns plain data (a dict that JSON can hold): the sections in order, each
with blocks (narrative Markdown, a finding, a table, a chart, quotes, recommendations), plus
the findings and recommendations they refer to. The HTML, PDF and Word renderers read only
this dict, so a published version (the same dict, frozen) renders exactly as it was.

Structure (DOMAIN.md §7): foreword; 1 summary; 2 background; 3 method; 4 Husbanken's work
4.1–4.6; 5 each municipality; 6 success factors 6.1–6.6; 7 summary and recommendations
7.1–7.4; appendices. One function lays out each chapter; the blocks that read other apps
(quotes, a municipality's plans, interview guides) are in `blocks.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from boligsosial.evaluation_report.findings import (
    Finding,
    FindingContext,
    compute_findings,
    jsonable,
)
from boligsosial.evaluation_report.findings.base import FINDERS
from boligsosial.evaluation_report.findings.rules import RULES, propose_all
from boligsosial.evaluation_report.rendering.appendix import questionnaire_blocks
from boligsosial.evaluation_report.rendering.basis import (
    basis_of,
    mark_changed_prose,
    section_codes,
)
from boligsosial.evaluation_report.rendering.blocks import (
    NARRATIVE_SECTIONS,
    finding_block,
    guide_blocks,
    method_text,
    municipality_blocks,
    narrative_blocks,
    quote_block,
)
from boligsosial.evaluation_report.rendering.framework import framework_block
from boligsosial.instruments.selectors.growth import programme_baseline

DOCUMENT_FORMAT = 1

__all__ = ["NARRATIVE_SECTIONS", "DOCUMENT_FORMAT", "build_document"]

_finding = finding_block


def _section(id_: str, number: str, title: str, level: int = 1, blocks: list | None = None) -> dict:
    return {"id": id_, "number": number, "title": title, "level": level, "blocks": blocks or []}


def build_document(
    *,
    programme: Any,
    as_of: dt.date,
    evaluation: Any = None,
    title: str = "",
    subtitle: str = "",
    narratives: dict[str, str] | None = None,
    thresholds: dict | None = None,
    enabled: set[str] | None = None,
    decisions: dict | None = None,
    language: str = "nb",
    draft: bool = True,
    progress: Callable[[str], None] | None = None,
    narrative_bases: dict[str, dict] | None = None,
    municipality_order: list[str] | None = None,
) -> dict:
    """Compute everything and lay it out. `decisions` maps rule code -> dict(decision, text,
    reason, proposal_text, decided_by, decided_at); `narrative_bases` maps a narrative key to
    the findings it rested on when saved (basis.py); `municipality_order` lists municipality
    codes in the order of chapter 5 (others follow by name)."""
    with translation.override(language):
        ctx = FindingContext.build(programme=programme, as_of=as_of, evaluation=evaluation)
        ctx.participations = ordered_participations(ctx.participations, municipality_order)
        findings = compute_findings(ctx, progress=progress)
        recommendations = _recommendations(
            findings, thresholds or {}, enabled, decisions or {}, draft
        )
        layout = _Layout(ctx, narratives or {}, recommendations, findings, progress, draft)
        sections = [
            *layout.opening(),
            *layout.chapter_4(),
            *layout.chapter_5(),
            *layout.chapter_6(),
            *layout.chapter_7(),
            *layout.appendices(),
        ]
        if progress:
            progress("layout")
        finding_dicts = {code: f.as_dict() for code, f in findings.items()}
        if draft:
            mark_changed_prose(sections, finding_dicts, narrative_bases or {})
        return jsonable(
            {
                "format": DOCUMENT_FORMAT,
                "title": title or (evaluation.title if evaluation else programme.name),
                "subtitle": subtitle,
                "programme": programme.name,
                "author": str(programme.owner_region.name),
                "evaluation": evaluation.title if evaluation else "",
                "as_of": as_of.isoformat(),
                "language": language,
                "draft": draft,
                "generated_at": timezone.now().isoformat(),
                "findings": finding_dicts,
                "recommendations": recommendations,
                "sections": sections,
            }
        )


def ordered_participations(participations: list, order: list[str] | None) -> list:
    """The participations in the report's order of municipalities (codes); any not in the
    order follow in their own (alphabetical) order."""
    rank = {code: index for index, code in enumerate(order or [])}
    return sorted(
        participations, key=lambda p: rank.get(p.municipality.code, len(rank))
    )  # sorted() is stable: the unlisted keep their order


def narrative_basis(
    *, programme: Any, as_of: dt.date, evaluation: Any, key: str, language: str = "nb"
) -> dict[str, dict]:
    """The findings a narrative text rests on as they stand now, to store with the text.

    Lays out only the chapters (5, or the others) with no findings computed, reads which
    findings share the text's section, then computes just those."""
    with translation.override(language):
        ctx = FindingContext.build(programme=programme, as_of=as_of, evaluation=evaluation)
        computed: dict[str, Finding] = {}
        # A stand-in text, so the section shows the text's place like the real report.
        layout = _Layout(ctx, {key: "…"}, [], computed, None)
        if key.startswith("5-"):
            sections = layout.chapter_5()
        else:
            sections = [
                *layout.opening(),
                *layout.chapter_4(),
                *layout.chapter_6(),
                *layout.chapter_7(),
                *layout.appendices(),
            ]
        codes = section_codes(sections).get(key, [])
        finders = {func.__name__: func for func in FINDERS}
        for code in codes:
            if code not in computed and code in finders:
                computed[code] = finders[code](ctx)
        return jsonable(basis_of({c: f.as_dict() for c, f in computed.items()}, codes))


def _recommendations(
    findings: dict[str, Finding],
    thresholds: dict,
    enabled: set[str] | None,
    decisions: dict,
    draft: bool,
) -> list[dict]:
    items = []
    for proposal in propose_all(findings, thresholds, enabled):
        decision = decisions.get(proposal.rule)
        status = decision["decision"] if decision else "proposed"
        if status == "rejected" or (not draft and status == "proposed"):
            continue
        items.append(_recommendation(proposal, decision, status, thresholds))
    # Numbered in reading order: a recommendation in 6.4 comes before those of chapter 7.
    items.sort(key=lambda item: tuple(int(part) for part in item["section"].split(".")))
    for number, item in enumerate(items, start=1):
        item["number"] = number
    return items


def _recommendation(proposal, decision: dict | None, status: str, thresholds: dict) -> dict:
    text = (
        decision["text"]
        if decision and status == "edited" and decision.get("text")
        else proposal.text
    )
    return {
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
        "changed_since_decision": bool(decision and decision["proposal_text"] != proposal.text),
        "condition": RULES[proposal.rule].describe(
            thresholds.get(proposal.rule, RULES[proposal.rule].default_threshold)
        ),
    }


@dataclass
class _Layout:
    """The report's chapters, each a list of sections, from the computed findings."""

    ctx: FindingContext
    narratives: dict[str, str]
    recommendations: list[dict]
    findings: dict[str, Finding]
    progress: Callable[[str], None] | None
    draft: bool = True

    def n(self, key: str) -> list[dict]:
        return narrative_blocks(self.narratives, key)

    def recs(self, section: str) -> list[dict]:
        return (
            [{"type": "recommendations", "section": section}]
            if any(r["section"] == section for r in self.recommendations)
            else []
        )

    def quotes(self, section: str) -> list[dict]:
        block = quote_block(self.ctx.evaluation, section)
        return [block] if block else []

    def growth_base(self) -> list[dict]:
        """The one growth base, in words (the instruments pages use and state the same)."""
        year = programme_baseline(self.ctx.programme)
        if year is None:
            return []
        text = _(
            "Veksten i virkemidlene er regnet fra %(year)s, året programmet startet (den første "
            "kommunen ble med), til %(to)s. Virkemiddelsidene i Boligsosial bruker samme basisår."
        ) % {"year": year, "to": self.ctx.as_of.year}
        return [{"type": "paragraph", "text": text}]

    def opening(self) -> list[dict]:
        """Foreword, 1 summary, 2 background, 3 about the report."""
        n = self.n
        return [
            _section("foreword", "", _("Forord"), blocks=n("foreword")),
            _section(
                "s1",
                "1",
                _("Sammendrag"),
                blocks=[
                    *n("1"),
                    {"type": "heading", "text": _("Hovedfunn")},
                    {
                        "type": "finding_list",
                        "codes": [
                            "programme_start",
                            "anchoring",
                            "concrete_results",
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
            _section("s2", "2", _("Bakgrunn og hensikt"), blocks=n("2")),
            _section(
                "s3",
                "3",
                _("Om rapporten"),
                blocks=[
                    *n("3"),
                    {"type": "paragraph", "text": method_text(self.ctx.evaluation, self.ctx.as_of)},
                    _finding("informants"),
                    _finding("questionnaire"),
                    _finding("code_frequencies"),
                ],
            ),
        ]

    def chapter_4(self) -> list[dict]:
        """4 Husbanken's work and goal attainment, 4.1–4.6."""
        n = self.n
        return [
            _section(
                "s4",
                "4",
                _("Husbankens arbeid og måloppnåelse"),
                blocks=[*n("4"), framework_block(), _finding("programme_start", table=True)],
            ),
            _section(
                "s4-1",
                "4.1",
                _("Bosetting av vanskeligstilte"),
                2,
                [*n("4.1"), _finding("target_homeless")],
            ),
            _section(
                "s4-2",
                "4.2",
                _("Kompetanseheving i boligsosialt arbeid"),
                2,
                [*n("4.2"), _finding("learning_arenas")],
            ),
            _section(
                "s4-3",
                "4.3",
                _("Utvikling i Husbankens virkemidler"),
                2,
                [
                    *n("4.3"),
                    *self.growth_base(),
                    _finding("start_loans", table=True, chart=True),
                    _finding("establishment_grants", table=True, chart=True),
                    _finding("rental_grants", table=True),
                    _finding("competence_share", table=True, chart=True),
                    _finding("housing_allowance", chart=True),
                ],
            ),
            _section(
                "s4-4",
                "4.4",
                _("Videreutvikling av tverrsektorielt samarbeid"),
                2,
                [*n("4.4"), _finding("organisation")],
            ),
            _section(
                "s4-5",
                "4.5",
                _("Metodeutvikling innen boligsosialt arbeid"),
                2,
                [*n("4.5"), _finding("housing_first")],
            ),
            _section(
                "s4-6",
                "4.6",
                _("Bedre samarbeid mellom stat og kommune"),
                2,
                [
                    *n("4.6"),
                    _finding("followup_cadence", table=True),
                    _finding("annual_meetings"),
                    _finding("reporting"),
                ],
            ),
        ]

    def chapter_5(self) -> list[dict]:
        """5 The municipalities' work: one section per municipality (adds their findings)."""
        sections = [_section("s5", "5", _("Kommunenes arbeid og måloppnåelse"), blocks=self.n("5"))]
        for index, participation in enumerate(self.ctx.participations, start=1):
            sections.append(
                _section(
                    f"s5-{index}",
                    f"5.{index}",
                    participation.municipality.name,
                    2,
                    municipality_blocks(self.ctx, participation, self.narratives, self.findings),
                )
            )
            if self.progress:
                self.progress(f"5.{index}")
        return sections

    def chapter_6(self) -> list[dict]:
        """6 Successful approaches and success factors, 6.1–6.6, with quotes."""
        n, quotes = self.n, self.quotes
        return [
            _section("s6", "6", _("Vellykkede tilnærminger og suksessfaktorer"), blocks=[*n("6")]),
            _section(
                "s6-1",
                "6.1",
                _("Forankring"),
                2,
                [
                    *n("6.1"),
                    _finding("anchoring", table=True, chart=True),
                    _finding("political_participation"),
                    *quotes("6.1"),
                ],
            ),
            _section(
                "s6-2",
                "6.2",
                _("Mobilisering"),
                2,
                [*n("6.2"), _finding("mobilisation"), *quotes("6.2")],
            ),
            _section(
                "s6-3",
                "6.3",
                _("Organisering"),
                2,
                [*n("6.3"), _finding("organisation", table=True), *quotes("6.3")],
            ),
            _section(
                "s6-4",
                "6.4",
                _("Planlegging, strategier og mål for arbeidet"),
                2,
                [
                    *n("6.4"),
                    _finding("planning", table=True),
                    _finding("plan_revision"),
                    *quotes("6.4"),
                    *self.recs("6.4"),
                ],
            ),
            _section(
                "s6-5",
                "6.5",
                _("Kompetanse og læringsarenaer"),
                2,
                [*n("6.5"), _finding("learning_arenas", table=True), *quotes("6.5")],
            ),
            _section(
                "s6-6",
                "6.6",
                _("Dialog og samarbeid mellom kommunene og Husbanken"),
                2,
                [
                    *n("6.6"),
                    _finding("husbanken_steering"),
                    _finding("followup_cadence"),
                    *quotes("6.6"),
                ],
            ),
        ]

    def chapter_7(self) -> list[dict]:
        """7 Summary and recommendations, 7.1–7.4."""
        n, recs = self.n, self.recs
        return [
            _section(
                "s7",
                "7",
                _("Oppsummering og anbefalinger"),
                blocks=[*n("7"), {"type": "recommendation_table"}],
            ),
            _section(
                "s7-1",
                "7.1",
                _("Forankring og organisering"),
                2,
                [*n("7.1"), _finding("anchoring"), *recs("7.1")],
            ),
            _section(
                "s7-2",
                "7.2",
                _("Prioriterte målgrupper"),
                2,
                [
                    *n("7.2"),
                    _finding("target_youth", table=True),
                    _finding("target_homeless"),
                    _finding("rental_grants"),
                    *recs("7.2"),
                ],
            ),
            _section(
                "s7-3",
                "7.3",
                _("Housing First"),
                2,
                [*n("7.3"), _finding("housing_first"), *recs("7.3")],
            ),
            _section(
                "s7-4",
                "7.4",
                _("Oppfølging fra Husbanken"),
                2,
                [
                    *n("7.4"),
                    _finding("followup_cadence"),
                    _finding("learning_arenas"),
                    _finding("reporting"),
                    _finding("concrete_results"),
                    *recs("7.4"),
                ],
            ),
        ]

    def appendices(self) -> list[dict]:
        """Appendix 1 questionnaire, 2 interview guides, 3 references, 4 evidence."""
        n = self.n
        return [
            _section(
                "a1",
                _("Vedlegg 1"),
                _("Spørreskjema og svar"),
                blocks=[
                    *n("a1"),
                    _finding("questionnaire"),
                    *questionnaire_blocks(self.ctx.evaluation, self.narratives, self.draft),
                ],
            ),
            _section(
                "a2",
                _("Vedlegg 2"),
                _("Intervjuguider"),
                blocks=[*n("a2"), *guide_blocks(self.ctx.evaluation)],
            ),
            _section("a3", _("Vedlegg 3"), _("Referanser"), blocks=n("a3")),
            _section(
                "a4",
                _("Vedlegg 4"),
                _("Grunnlaget for tallene"),
                blocks=[{"type": "evidence_list"}],
            ),
        ]
