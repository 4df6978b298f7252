"""The municipalities' concrete results (report chapter 5 and the summary).

A result counts when its measure is published (a report is read by every programme
municipality), has a status by the as-of date and the result itself is dated by then. The
summary names every result that has a number, with its unit, each number linked to the
result on its measure's page; chapter 5 shows every result of the municipality.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from boligsosial.evaluation_report.findings.base import (
    DATE,
    NUMBER,
    PERCENT,
    TEXT,
    Evidence,
    Figure,
    Finding,
    FindingContext,
    display_value,
    finder,
)

CACHE_KEY = "results"


def result_url(result) -> str:
    return reverse("plans:measure", args=[result.measure_id]) + f"#result-{result.pk}"


def results_by_participation(ctx: FindingContext) -> dict[int, list]:
    """{participation_id: [results as of ctx.as_of, oldest first]} in one pass (cached)."""
    if CACHE_KEY in ctx.cache:
        return ctx.cache[CACHE_KEY]
    from boligsosial.plans.models import Result

    grouped: dict[int, list] = {p.pk: [] for p in ctx.participations}
    results = (
        Result.objects.filter(
            measure__participation__in=list(grouped),
            measure__published=True,
            measure__status_events__date__lte=ctx.as_of,
            date__lte=ctx.as_of,
        )
        .select_related("measure", "indicator")
        .distinct()
        .order_by("date", "measure__name", "id")
    )
    for result in results:
        grouped[result.measure.participation_id].append(result)
    ctx.cache[CACHE_KEY] = grouped
    return grouped


def value_words(result) -> tuple[str, str]:
    """(figure kind, words after the number): '%' is a percent; the unit is said once."""
    if result.value_unit.strip() == "%":
        return PERCENT, result.value_description
    unit = result.value_unit if result.unit_needed else ""
    return NUMBER, " ".join(part for part in (unit, result.value_description) if part)


def result_line(result) -> str:
    """The result as one line for a table cell: '92 husstander i kontakt … (juni 2010). Text'."""
    when = result.date_note or display_value(result.date.isoformat(), DATE)
    if result.value is None:
        return f"{result.text} ({when})"
    kind, words = value_words(result)
    number = display_value(result.value, kind)
    return f"{number} {words} ({when}). {result.text}"


def _add_result(finding: Finding, key: str, result, label_prefix: str) -> str:
    """Figures for one result; returns its text template ('{r1} {r1_what} (…)')."""
    kind, words = value_words(result)
    when = result.date_note or display_value(result.date.isoformat(), DATE)
    evidence = [
        Evidence(
            label=_("%(prefix)s: %(measure)s – resultat %(when)s")
            % {"prefix": label_prefix, "measure": result.measure.name, "when": when},
            url=result_url(result),
        )
    ]
    finding.figures[key] = Figure(result.value, kind, evidence=evidence)
    finding.figures[f"{key}_what"] = Figure(words, TEXT)
    finding.figures[f"{key}_measure"] = Figure(result.measure.name, TEXT, evidence=evidence)
    finding.figures[f"{key}_when"] = Figure(when, TEXT)
    return f"{{{key}}} {{{key}_what}} («{{{key}_measure}}», {{{key}_when}})"


def municipality_results_finding(ctx: FindingContext, participation) -> Finding:
    """Chapter 5: the municipality's results with a number, each linked to its record."""
    name = ctx.name(participation)
    code = participation.municipality.code
    results = [r for r in results_by_participation(ctx)[participation.pk] if r.value is not None]
    finding = Finding(
        code=f"results_{code}", topic="municipality", title=_("Resultater i %(m)s") % {"m": name}
    )
    finding.figures["as_of"] = Figure(ctx.as_of.isoformat(), DATE)
    if not results:
        finding.text = _("Ingen resultater med tall er registrert per {as_of}.")
        finding.data = {"results": []}
        return finding
    parts = [_add_result(finding, f"r{i}", r, name) for i, r in enumerate(results, start=1)]
    finding.text = _("Resultater med tall per {as_of}: %(results)s.") % {
        "results": "; ".join(parts)
    }
    finding.data = {
        "results": [
            {"value": r.value, "unit": r.value_unit, "label": r.value_description} for r in results
        ]
    }
    return finding


@finder
def concrete_results(ctx: FindingContext) -> Finding:
    """Summary: how many municipalities show concrete results, and which (source ch. 1, 7)."""
    grouped = results_by_participation(ctx)
    finding = Finding(
        code="concrete_results", topic="results", title=_("Konkrete resultater i kommunene")
    )
    with_numbers = [
        (p, [r for r in grouped[p.pk] if r.value is not None]) for p in ctx.participations
    ]
    with_numbers = [(p, results) for p, results in with_numbers if results]
    with_any = [p for p in ctx.participations if grouped[p.pk]]
    finding.figures["count"] = Figure(
        len(with_any),
        NUMBER,
        evidence=[
            Evidence(_("Resultater i %(m)s") % {"m": ctx.name(p)}, result_url(grouped[p.pk][0]))
            for p in with_any
        ],
    )
    finding.figures["total"] = Figure(len(ctx.participations), NUMBER)
    finding.figures["as_of"] = Figure(ctx.as_of.isoformat(), DATE)
    sentences = [_("{count} av {total} programkommuner har registrert resultater per {as_of}.")]
    parts, index = [], 0
    for participation, results in with_numbers:
        name = ctx.name(participation)
        lines = []
        for result in results:
            index += 1
            lines.append(_add_result(finding, f"r{index}", result, name))
        finding.figures[f"m{index}"] = Figure(name, TEXT)
        parts.append(f"{{m{index}}}: " + ", ".join(lines))
    if parts:
        sentences.append(_("Resultater med tall: %(results)s.") % {"results": "; ".join(parts)})
    finding.text = " ".join(sentences)
    finding.data = {
        "with_results": [ctx.name(p) for p in with_any],
        "with_numbers": {
            ctx.name(p): [float(r.value) for r in results] for p, results in with_numbers
        },
        "total": len(ctx.participations),
    }
    return finding
