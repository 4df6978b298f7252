"""Reads for the evaluation report: rule settings, decisions, the draft document, changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from boligsosial.evaluation_report.findings import FINDERS
from boligsosial.evaluation_report.findings.rules import RULES, RuleDef
from boligsosial.evaluation_report.models import (
    EvaluationReport,
    RecommendationDecision,
    RecommendationRule,
)
from boligsosial.evaluation_report.rendering.appendix import open_questions, summary_key
from boligsosial.evaluation_report.rendering.document import (
    NARRATIVE_SECTIONS,
    build_document,
)
from boligsosial.evaluation_report.rendering.document import (
    narrative_basis as _narrative_basis,
)
from boligsosial.evaluation_report.rendering.render_html import finding_text_plain
from boligsosial.programmes.models import Programme


@dataclass
class RuleSetting:
    rule: RuleDef
    threshold: Decimal
    enabled: bool
    stored: bool
    version: int = 0  # 0: the default, no stored row yet

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def condition(self) -> str:
        return self.rule.describe(self.threshold)


def rule_settings(programme: Programme) -> list[RuleSetting]:
    stored = {r.code: r for r in RecommendationRule.objects.filter(programme=programme)}
    settings = []
    for code, rule in RULES.items():
        row = stored.get(code)
        settings.append(
            RuleSetting(
                rule,
                row.threshold if row else rule.default_threshold,
                row.enabled if row else True,
                row is not None,
                row.version if row else 0,
            )
        )
    return settings


def thresholds_for(programme: Programme) -> tuple[dict[str, Decimal], set[str]]:
    settings = rule_settings(programme)
    return {s.code: s.threshold for s in settings}, {s.code for s in settings if s.enabled}


def latest_decisions(report: EvaluationReport) -> dict[str, RecommendationDecision]:
    latest: dict[str, RecommendationDecision] = {}
    for decision in report.decisions.select_related("decided_by").order_by("created_at", "id"):
        latest[decision.rule_code] = decision
    return latest


def decision_history(report: EvaluationReport) -> list[RecommendationDecision]:
    return list(report.decisions.select_related("decided_by").order_by("-created_at", "-id"))


def narrative_keys(report: EvaluationReport) -> dict[str, str]:
    """The narrative slots of the report: key -> section title (from a light layout pass)."""
    keys = {key: str(title) for key, title in NARRATIVE_SECTIONS}
    for participation in report.programme.participations.select_related("municipality").order_by(
        "municipality__name"
    ):
        keys[f"5-{participation.municipality.code}"] = f"5 {participation.municipality.name}"
    for question in open_questions(report.evaluation):
        keys[summary_key(question["question_id"])] = _(
            "Vedlegg 1: oppsummering av svarene på «%(question)s»"
        ) % {"question": question["label"][:120]}
    return keys


def municipalities_in_order(report: EvaluationReport) -> list[tuple[str, str]]:
    """(number, name) of the programme's municipalities in the report's chapter-5 order."""
    rows = list(
        report.programme.participations.order_by("municipality__name").values_list(
            "municipality__code", "municipality__name"
        )
    )
    rank = {code: index for index, code in enumerate(report.municipality_order or [])}
    return sorted(rows, key=lambda row: rank.get(row[0], len(rank)))


def narratives_for(report: EvaluationReport) -> dict[str, str]:
    return dict(report.narratives.values_list("key", "markdown"))


def generation_steps(report: EvaluationReport) -> int:
    """How many progress steps a generation has: each finding, each municipality, layout, render."""
    municipalities = report.evaluation.programme.participations.count()
    return len(FINDERS) + municipalities + 2


def document_for(
    report: EvaluationReport,
    *,
    draft: bool = True,
    language: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict:
    thresholds, enabled = thresholds_for(report.programme)
    decisions = {
        code: {
            "decision": d.decision,
            "text": d.text,
            "reason": d.reason,
            "proposal_text": d.proposal_text,
            "decided_by": str(d.decided_by) if d.decided_by else "",
            "decided_at": d.created_at.isoformat(),
        }
        for code, d in latest_decisions(report).items()
    }
    return build_document(
        programme=report.programme,
        as_of=report.as_of,
        evaluation=report.evaluation,
        title=report.title,
        subtitle=report.subtitle,
        narratives=narratives_for(report),
        thresholds=thresholds,
        enabled=enabled,
        decisions=decisions,
        language=language or report.language,
        draft=draft,
        progress=progress,
        narrative_bases=dict(report.narratives.values_list("key", "basis")),
        municipality_order=report.municipality_order,
    )


def narrative_basis(report: EvaluationReport, key: str) -> dict:
    """The findings the text of `key` rests on, as they stand now (stored with the text)."""
    return _narrative_basis(
        programme=report.programme,
        as_of=report.as_of,
        evaluation=report.evaluation,
        key=key,
        language=report.language,
    )


def proposals_for(report: EvaluationReport, document: dict | None = None) -> list[dict]:
    """Every current proposal with its latest decision, including rejected ones (for the
    decision page)."""
    from boligsosial.evaluation_report.findings.rules import propose_all

    if document is None:
        from boligsosial.evaluation_report.stored import draft_document

        document = draft_document(report)
    from boligsosial.evaluation_report.findings import Figure, Finding

    findings = {}
    for code, data in document["findings"].items():
        figures = {
            k: Figure(v["value"], v["kind"], v["decimals"]) for k, v in data["figures"].items()
        }
        findings[code] = Finding(
            code=code,
            topic=data["topic"],
            title=data["title"],
            text=data["text"],
            figures=figures,
            available=data["available"],
            note=data["note"],
            data=data["data"],
        )
    thresholds, enabled = thresholds_for(report.programme)
    decisions = latest_decisions(report)
    rows = []
    for proposal in propose_all(findings, thresholds, enabled):
        decision = decisions.get(proposal.rule)
        rows.append(
            {
                "proposal": proposal,
                "decision": decision,
                "changed": bool(decision and decision.proposal_text != proposal.text),
                "findings": [
                    document["findings"][c] for c in proposal.evidence if c in document["findings"]
                ],
            }
        )
    return rows


def version_changes(old: dict, new: dict) -> dict:
    """What changed from one document to another: finding statements, recommendations, text."""
    findings = _finding_changes(old, new)
    recommendations = _recommendation_changes(old, new)
    old_text, new_text = _narratives(old), _narratives(new)
    narratives = [
        {"key": key, "title": title}
        for key, title in _section_titles(new).items()
        if old_text.get(key, "") != new_text.get(key, "")
    ]
    return {
        "findings": findings,
        "recommendations": recommendations,
        "narratives": narratives,
        "as_of": (old["as_of"], new["as_of"]),
        "empty": not (findings or recommendations or narratives or old["as_of"] != new["as_of"]),
    }


def _finding_changes(old: dict, new: dict) -> list[dict]:
    changes = []
    for code in list(new["findings"]) + [c for c in old["findings"] if c not in new["findings"]]:
        before, after = old["findings"].get(code), new["findings"].get(code)
        before_text = _statement(before)
        after_text = _statement(after)
        if before_text != after_text:
            changes.append(
                {
                    "code": code,
                    "title": (after or before)["title"],
                    "before": before_text,
                    "after": after_text,
                }
            )
    return changes


def _recommendation_changes(old: dict, new: dict) -> list[dict]:
    changes = []
    old_recs = {r["rule"]: r for r in old["recommendations"]}
    new_recs = {r["rule"]: r for r in new["recommendations"]}
    for rule in list(new_recs) + [r for r in old_recs if r not in new_recs]:
        before, after = old_recs.get(rule), new_recs.get(rule)
        if before and after and before["text"] == after["text"]:
            continue
        change = _("Ny") if before is None else _("Fjernet") if after is None else _("Endret")
        either = after if after is not None else before
        if either is None:
            continue
        changes.append(
            {
                "rule": rule,
                "title": either["title"],
                "change": change,
                "before": before["text"] if before else "",
                "after": after["text"] if after else "",
            }
        )
    return changes


def _statement(finding: dict | None) -> str:
    if finding is None:
        return ""
    return finding_text_plain(finding) if finding["available"] else finding["note"]


def _narratives(document: dict) -> dict[str, str]:
    return {
        b["key"]: b["source"]
        for s in document["sections"]
        for b in s["blocks"]
        if b["type"] == "markdown"
    }


def _section_titles(document: dict) -> dict[str, str]:
    titles = {}
    for section in document["sections"]:
        for block in section["blocks"]:
            if block["type"] in ("markdown", "narrative_slot"):
                titles[block["key"]] = f"{section['number']} {section['title']}".strip()
    return titles


def implausible_figures(report: EvaluationReport) -> list[dict]:
    """The programme municipalities' instrument figures and reported values (up to the
    report's date) that the plausibility rule flags, for the builder's list before publishing."""
    from boligsosial.instruments.selectors.plausibility import implausible_figures as figures
    from boligsosial.reporting.selectors.plausibility import implausible_values

    codes = set(report.programme.participations.values_list("municipality__code", flat=True))
    flagged = [f for f in figures() if f["code"] in codes and f["year"] <= report.as_of.year]
    return flagged + implausible_values(report.programme, as_of=report.as_of)
