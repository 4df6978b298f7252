"""What the evaluators' prose rests on, and whether it still holds.

A narrative text rests on the findings shown in the same section of the report (the
"Forankring" text of 6.1 on the anchoring finding, a municipality's text in chapter 5 on its
municipality finding, the summary on its key findings). When a text is saved, the state of
those findings is stored with it (`NarrativeSection.basis`): per finding its fingerprint
(availability and every figure's value — language-neutral) and its sentence as the writer
read it. When the report is built, a text whose findings have changed since is marked
(`basis_changed` on the markdown block) and flagged in the builder and the draft, the same
way a recommendation is flagged when its proposal changes after the evaluator's decision.
Saving the text again (changed or not) confirms it against the current findings.
"""

from __future__ import annotations

import json
from typing import Any

from boligsosial.evaluation_report.rendering.render_html import finding_text_plain

NARRATIVE_BLOCKS = ("markdown", "narrative_slot")


def fingerprint(finding: dict) -> str:
    figures = {key: figure.get("value") for key, figure in finding.get("figures", {}).items()}
    return json.dumps(
        {"available": bool(finding.get("available")), "figures": figures},
        sort_keys=True,
        default=str,
    )


def section_codes(sections: list[dict]) -> dict[str, list[str]]:
    """Narrative key -> the finding codes shown in the same section, in reading order."""
    result: dict[str, list[str]] = {}
    for section in sections:
        blocks = section["blocks"]
        keys = [b["key"] for b in blocks if b["type"] in NARRATIVE_BLOCKS]
        codes: list[str] = []
        for block in blocks:
            if block["type"] == "finding":
                codes.append(block["code"])
            elif block["type"] == "finding_list":
                codes.extend(block["codes"])
        unique = list(dict.fromkeys(codes))
        for key in keys:
            result[key] = unique
    return result


def basis_of(findings: dict[str, dict], codes: list[str]) -> dict[str, dict]:
    """The state of `codes` to store with a text (findings as `Finding.as_dict()`)."""
    return {
        code: {
            "fingerprint": fingerprint(findings[code]),
            "title": findings[code].get("title", code),
            "text": _sentence(findings[code]),
        }
        for code in codes
        if code in findings
    }


def _sentence(finding: dict) -> str:
    return finding_text_plain(finding) if finding.get("available") else finding.get("note", "")


def changes(basis: dict[str, dict], findings: dict[str, dict]) -> list[dict]:
    """The findings of `basis` that are no longer as the writer read them."""
    items = []
    for code, before in (basis or {}).items():
        now = findings.get(code)
        if now is not None and fingerprint(now) == before.get("fingerprint"):
            continue
        items.append(
            {
                "code": code,
                "title": before.get("title", code),
                "before": before.get("text", ""),
                "now": _sentence(now) if now is not None else "",
            }
        )
    return items


def mark_changed_prose(
    sections: list[dict], findings: dict[str, dict], bases: dict[str, dict[str, Any]]
) -> None:
    """Set `basis_changed` on every narrative block whose findings changed since it was saved."""
    for section in sections:
        for block in section["blocks"]:
            if block["type"] == "markdown" and bases.get(block["key"]):
                changed = changes(bases[block["key"]], findings)
                if changed:
                    block["basis_changed"] = changed


def changed_texts(document: dict) -> list[dict]:
    """(section, key, changes) of every flagged text of a built document, for the builder."""
    return [
        {
            "section": f"{section['number']} {section['title']}".strip(),
            "key": block["key"],
            "changes": block["basis_changed"],
        }
        for section in document["sections"]
        for block in section["blocks"]
        if block["type"] == "markdown" and block.get("basis_changed")
    ]
