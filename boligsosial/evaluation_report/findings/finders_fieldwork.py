"""Findings from the evaluation fieldwork (evaluation app): informants, questionnaire, coding."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from boligsosial.evaluation import selectors as evaluation_selectors
from boligsosial.evaluation_report.findings.base import (
    NUMBER,
    PERCENT,
    TEXT,
    Evidence,
    Figure,
    Finding,
    FindingContext,
    finder,
)

YES_VALUES = {"yes", "ja", "1", "true"}


def evaluation_url(evaluation, name: str = "evaluation:detail") -> str:
    for candidate in (name, "evaluation:detail", "evaluation:evaluation"):
        try:
            return reverse(candidate, args=[evaluation.pk])
        except NoReverseMatch:
            continue
    try:
        return reverse("evaluation:index")
    except NoReverseMatch:
        return ""


def _no_evaluation(code, topic, title) -> Finding:
    return Finding(
        code=code,
        topic=topic,
        title=title,
        available=False,
        note=_("Rapporten er ikke knyttet til en evaluering med feltarbeid."),
    )


@finder
def informants(ctx: FindingContext) -> Finding:
    title = _("Informanter")
    if ctx.evaluation is None:
        return _no_evaluation("informants", "method", title)
    result = evaluation_selectors.informant_counts(ctx.evaluation)
    evidence = [
        Evidence(
            _("Intervjuer i evalueringen «%(title)s»") % {"title": ctx.evaluation.title},
            evaluation_url(ctx.evaluation, "evaluation:interviews"),
        )
    ]
    finding = Finding(code="informants", topic="method", title=title)
    finding.text = _(
        "Det er gjennomført intervjuer med {municipal} informanter fra programkommunene og {husbanken} fra Husbanken, i alt {total}."
    )
    finding.figures = {
        "municipal": Figure(result["municipal"], NUMBER, evidence=evidence),
        "husbanken": Figure(result["husbanken"], NUMBER, evidence=evidence),
        "total": Figure(result["municipal"] + result["husbanken"], NUMBER, evidence=evidence),
    }
    finding.data = dict(result)
    return finding


def _yes_share(question: dict) -> float | None:
    yes = [o for o in question["options"] if str(o["value"]).lower() in YES_VALUES]
    if not yes or yes[0]["share"] is None:
        return None
    return round(100 * yes[0]["share"], 1)


def _response_figures(response: dict, evidence: list[Evidence]) -> dict[str, Figure]:
    share = response["share"]
    return {
        "submitted": Figure(response["submitted"], NUMBER, evidence=evidence),
        "invited": Figure(response["total"], NUMBER, evidence=evidence),
        "rate": Figure(
            round(100 * share) if share is not None else None, PERCENT, 0, evidence=evidence
        ),
    }


def _questionnaire_table(questions: list[dict]) -> dict:
    options = questions[0]["options"] if questions else []
    values = [o["value"] for o in options]
    return {
        "caption": _("Svar på spørreundersøkelsen (andel av dem som svarte på spørsmålet)"),
        "header": [
            _("Del"),
            _("Spørsmål"),
            _("Svar"),
            *[_("Andel «%(option)s»") % {"option": o["label"]} for o in options],
        ],
        "rows": [
            [
                q["section"],
                q["label"],
                {"value": q["n"], "kind": NUMBER},
                *[
                    {
                        "value": round(100 * o["share"]) if o["share"] is not None else None,
                        "kind": PERCENT,
                    }
                    for o in q["options"]
                ],
            ]
            for q in questions
            if [o["value"] for o in q["options"]] == values
        ],
        "numeric": list(range(2, 3 + len(options))),
    }


@finder
def questionnaire(ctx: FindingContext) -> Finding:
    title = _("Spørreundersøkelsen")
    if ctx.evaluation is None:
        return _no_evaluation("questionnaire", "method", title)
    questions = [q for q in evaluation_selectors.question_shares(ctx.evaluation) if q["options"]]
    response = evaluation_selectors.evaluation_response_rate(ctx.evaluation)
    evidence = [
        Evidence(
            _("Svar på spørreundersøkelsen"), evaluation_url(ctx.evaluation, "evaluation:results")
        )
    ]
    yes_no = [(q, share) for q in questions if (share := _yes_share(q)) is not None]
    finding = Finding(code="questionnaire", topic="method", title=title)
    sentences = []
    if response and response.get("total"):
        sentences.append(
            _("{submitted} av {invited} respondenter i programkommunene har svart ({rate}).")
        )
        finding.figures.update(_response_figures(response, evidence))
    if yes_no:
        unanimous = [q for q, share in yes_no if share == 100]
        least, least_share = min(yes_no, key=lambda pair: pair[1])
        sentences.append(
            _(
                "{unanimous} av {yes_no} ja/nei-spørsmål ble besvart med ja av alle som svarte. Færrest svarte ja på «{least_label}» ({least_share})."
            )
        )
        finding.figures.update(
            {
                "unanimous": Figure(len(unanimous), NUMBER, evidence=evidence),
                "yes_no": Figure(len(yes_no), NUMBER, evidence=evidence),
                "least_label": Figure(least["label"], TEXT),
                "least_share": Figure(least_share, PERCENT, 0, evidence=evidence),
            }
        )
    finding.text = " ".join(sentences) or _("Ingen har svart på spørreundersøkelsen ennå.")
    finding.table = _questionnaire_table(questions)
    finding.data = {
        "questions": [
            {"label": q["label"], "section": q["section"], "yes_share": s} for q, s in yes_no
        ]
    }
    return finding


@finder
def code_frequencies(ctx: FindingContext) -> Finding:
    title = _("Koding av intervjuer og dokumenter")
    if ctx.evaluation is None:
        return _no_evaluation("code_frequencies", "method", title)
    matrix = evaluation_selectors.code_frequencies(ctx.evaluation)
    rows = [r for r in matrix["rows"] if r["total"]]
    evidence = [
        Evidence(
            _("Kodematrisen i evalueringen"), evaluation_url(ctx.evaluation, "evaluation:matrix")
        )
    ]
    finding = Finding(code="code_frequencies", topic="method", title=title)
    total = sum(r["total"] for r in rows)
    finding.text = _(
        "Det er kodet {passages} tekstutdrag fra intervjuer og dokumenter til {codes} koder."
    )
    finding.figures = {
        "passages": Figure(total, NUMBER, evidence=evidence),
        "codes": Figure(len(rows), NUMBER, evidence=evidence),
    }
    if rows:
        top = max(rows, key=lambda r: r["total"])
        finding.text += " " + _("Flest utdrag handler om «{top_code}» ({top_count}).")
        finding.figures["top_code"] = Figure(top["name"], TEXT)
        finding.figures["top_count"] = Figure(top["total"], NUMBER, evidence=evidence)
    columns = matrix["columns"]
    finding.table = {
        "caption": _("Kodede tekstutdrag etter kode og kommune"),
        "header": [_("Kode"), *columns, _("I alt")],
        "rows": [
            [
                "\u2003" * r["depth"] + r["name"],
                *[{"value": r["counts"].get(c, 0), "kind": NUMBER} for c in columns],
                {"value": r["total"], "kind": NUMBER},
            ]
            for r in rows
        ],
        "numeric": list(range(1, len(columns) + 2)),
    }
    finding.data = {"codes": {r["slug"]: r["total"] for r in rows}}
    return finding


__all__ = ["TEXT"]
