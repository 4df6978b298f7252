"""Findings: statements computed (never stored) for the report's as-of date from every other
app's selectors, each figure with the records it rests on, and the recommendation rules that
read them.

- `base`: the data types (Finding, Figure, Evidence), FindingContext, the finder registry
  and `compute_findings`;
- `finders_programme`, `finders_plans`, `finders_followup`, `finders_instruments`,
  `finders_fieldwork`: one finder function per statement, by the app it reads;
- `rules`: the recommendation rules with per-programme thresholds.
"""

from boligsosial.evaluation_report.findings.base import (
    DATE,
    FINDERS,
    FINDING_ORDER,
    MISSING,
    MONTH,
    NOK,
    NUMBER,
    PERCENT,
    TEXT,
    Evidence,
    Figure,
    Finding,
    FindingContext,
    compute_findings,
    display_value,
    evidence_for,
    finder,
    jsonable,
    names,
    url_for,
)

# The finder modules register themselves on import, in the report's order of evidence.
from boligsosial.evaluation_report.findings import (  # noqa: E402,F401  isort: skip
    finders_programme,
    finders_fieldwork,
    finders_followup,
    finders_instruments,
    finders_plans,
    finders_results,
    finders_factors,
)

__all__ = [
    "DATE",
    "FINDERS",
    "FINDING_ORDER",
    "MISSING",
    "MONTH",
    "NOK",
    "NUMBER",
    "PERCENT",
    "TEXT",
    "Evidence",
    "Figure",
    "Finding",
    "FindingContext",
    "compute_findings",
    "display_value",
    "evidence_for",
    "finder",
    "jsonable",
    "names",
    "url_for",
]
