"""The recommendations of a report: the rules' current proposals with the evaluators'
decisions, in reading order (a recommendation of 6.4 comes before those of chapter 7)."""

from __future__ import annotations

from boligsosial.evaluation_report.findings import Finding
from boligsosial.evaluation_report.findings.rules import RULES, propose_all


def recommendations_of(
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
