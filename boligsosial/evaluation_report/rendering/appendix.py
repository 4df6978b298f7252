"""Appendix 1: every question of the survey, in the form's order, with its answers summarised.

Choice questions get their distribution ("Ja 4, delvis 1, nei 1"), number questions their
count, mean and range, open questions the evaluators' own summary (a narrative slot per
question, key ``a1-q<id>``) beside the number of answers. No answer is ever tied to a
respondent, a municipality or a role, and the respondent's own details (name, position,
contact) are only counted, never shown.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from boligsosial.core.formatting import format_number
from boligsosial.evaluation import selectors as evaluation_selectors

# Questions about the respondent (the form's header fields): answers are counted, never shown.
IDENTIFYING = re.compile(r"\b(navn|stilling|e-?post|telefon|name|position|e-?mail|phone)\b", re.I)


def summary_key(question_id: int) -> str:
    return f"a1-q{question_id}"


def is_identifying(question: dict) -> bool:
    return bool(IDENTIFYING.search(question["label"])) and question["kind"] == "text"


def open_questions(evaluation) -> list[dict]:
    """The open questions whose answers the evaluators summarise (narrative slots)."""
    if evaluation is None:
        return []
    return [
        q
        for q in evaluation_selectors.question_shares(evaluation)
        if q["kind"] == "text" and not is_identifying(q)
    ]


def _choice_summary(question: dict) -> str:
    parts = [f"{o['label']} {o['count']}" for o in question["options"] if o.get("count")]
    text = ", ".join(parts) if parts else _("ingen svar")
    comments = len(question.get("comments") or [])
    if comments:
        text += "; " + _("%(n)s med kommentar") % {"n": comments}
    return text


def _number_summary(question: dict) -> str:
    numbers = question.get("numbers") or {}
    if not numbers.get("n"):
        return _("ingen svar")
    return _("gjennomsnitt %(mean)s (fra %(min)s til %(max)s)") % {
        "mean": format_number(numbers["mean"], 1),
        "min": format_number(numbers["min"]),
        "max": format_number(numbers["max"]),
    }


def _open_summary(question: dict, narratives: dict[str, str], draft: bool) -> str:
    if is_identifying(question):
        return _("Opplysninger om respondenten; gjengis ikke.")
    written = " ".join((narratives.get(summary_key(question["question_id"])) or "").split())
    if written:
        return written
    return (
        _("Evaluatorene har ikke oppsummert svarene ennå.")
        if draft
        else _("Svarene er brukt i analysen; de gjengis ikke enkeltvis.")
    )


def answer_summary(question: dict, narratives: dict[str, str], draft: bool) -> str:
    if question["kind"] == "text":
        body = _open_summary(question, narratives, draft)
    elif question.get("numbers") is not None:
        body = _number_summary(question)
    else:
        body = _choice_summary(question)
    return _("%(n)s svar: %(summary)s") % {"n": question["n"], "summary": body}


def questionnaire_blocks(evaluation, narratives: dict[str, str], draft: bool) -> list[dict]:
    """One table per part of the form, every question in order (Q1 and the open ones too)."""
    if evaluation is None:
        return []
    parts: dict[tuple[str, str], list[dict]] = {}
    for question in evaluation_selectors.question_shares(evaluation):
        parts.setdefault((question["questionnaire"], question["section"]), []).append(question)
    blocks: list[dict] = []
    for (_title, section), questions in parts.items():
        caption = section or _("Innledende spørsmål")
        blocks.append(
            {
                "type": "table",
                "caption": caption,
                "header": [_("Spørsmål"), _("Svar, oppsummert")],
                "rows": [[q["label"], answer_summary(q, narratives, draft)] for q in questions],
            }
        )
    return blocks
