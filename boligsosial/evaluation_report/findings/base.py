"""Findings: statements computed from the data for an as-of date, with their evidence.

A finding is a sentence with placeholders (``{radmann}``) and the figures that fill them.
Each figure carries the records it rests on (label + link), so the web view can link every
number to its evidence and the PDF/Word appendix can list the sources. Findings are plain
data (``as_dict``) so a published version can freeze them.

Findings read other apps through their selectors, imported directly: a renamed selector is an
import error at start-up, never a silent gap in a published report. A finding is "unavailable"
only where the data is missing (no evaluation, no municipality started yet).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from boligsosial.core.formatting import (
    MISSING,
    format_date,
    format_month,
    format_nok,
    format_number,
    format_percent,
)

# Figure kinds and how they print.
NUMBER, PERCENT, NOK, DATE, MONTH, TEXT = "number", "percent", "nok", "date", "month", "text"


@dataclass
class Evidence:
    label: str
    url: str = ""


@dataclass
class Figure:
    value: Any
    kind: str = NUMBER
    decimals: int | None = None
    evidence: list[Evidence] = field(default_factory=list)

    def display(self) -> str:
        return display_value(self.value, self.kind, self.decimals)


def display_value(value, kind: str = NUMBER, decimals: int | None = None) -> str:
    if value is None or value == "":
        return MISSING
    if kind == PERCENT:
        return format_percent(value, decimals or 0)
    if kind == NOK:
        return format_nok(value)
    if kind in (DATE, MONTH):
        date = dt.date.fromisoformat(value) if isinstance(value, str) else value
        return format_month(date) if kind == MONTH else format_date(date)
    if kind == TEXT:
        return str(value)
    return format_number(value, decimals)


@dataclass
class Finding:
    code: str
    topic: str
    title: str
    text: str = ""
    figures: dict[str, Figure] = field(default_factory=dict)
    available: bool = True
    note: str = ""
    data: dict = field(default_factory=dict)
    table: dict | None = None
    chart: dict | None = None

    def as_dict(self) -> dict:
        return jsonable(asdict(self))

    def evidence(self) -> list[Evidence]:
        seen, items = set(), []
        for figure in self.figures.values():
            for item in figure.evidence:
                if (item.label, item.url) not in seen:
                    seen.add((item.label, item.url))
                    items.append(item)
        return items


def jsonable(value):
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Promise):  # lazy translations
        return str(value)
    return value


def url_for(obj) -> str:
    """A link to the page that shows a record; '' when there is none."""
    if obj is None:
        return ""
    if hasattr(obj, "get_absolute_url"):
        try:
            return obj.get_absolute_url()
        except (NoReverseMatch, AttributeError, TypeError):
            pass
    participation = getattr(obj, "participation", None)
    if obj.__class__.__name__ == "Participation":
        participation = obj
    if participation is not None:
        try:
            return reverse("programmes:participation", args=[participation.pk])
        except NoReverseMatch:
            return ""
    return ""


def evidence_for(obj, label: str | None = None) -> Evidence:
    return Evidence(label=label or str(obj), url=url_for(obj))


def names(items) -> str:
    """'Drammen og Sandefjord', 'Arendal, Larvik og Skien' (English: 'and')."""
    items = [str(i) for i in items]
    if not items:
        return _("ingen")
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " " + _("og") + " " + items[-1]


@dataclass
class FindingContext:
    programme: Any
    as_of: dt.date
    evaluation: Any = None
    participations: list = field(default_factory=list)
    # What several finders or blocks read for every participation, read once for all of
    # them (a fixed number of queries whatever the number of municipalities).
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    def once(self, key: str, read: Callable[[], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = read()
        return self.cache[key]

    @classmethod
    def build(cls, *, programme, as_of: dt.date, evaluation=None) -> FindingContext:
        from boligsosial.programmes.models import Participation

        participations = list(
            Participation.objects.filter(programme=programme)
            .select_related("municipality", "organisation", "programme")
            .prefetch_related("organisation__partners", "organisation_periods", "phases")
            .order_by("municipality__name")
        )
        # A municipality that joins after the as-of date is not yet part of the evaluation.
        participations = [
            p for p in participations if p.start_date is None or p.start_date <= as_of
        ]
        return cls(
            programme=programme, as_of=as_of, evaluation=evaluation, participations=participations
        )

    def name(self, participation) -> str:
        return participation.municipality.name


# Registry ------------------------------------------------------------------------------

FINDERS: list[Callable[[FindingContext], Finding]] = []


def finder(func):
    FINDERS.append(func)
    return func


# The order of the findings in the evidence appendix: the report's own order.
FINDING_ORDER = [
    "programme_start",
    "anchoring",
    "political_participation",
    "mobilisation",
    "organisation",
    "concrete_results",
    "planning",
    "plan_revision",
    "target_youth",
    "target_homeless",
    "housing_first",
    "start_loans",
    "establishment_grants",
    "rental_grants",
    "competence_share",
    "housing_allowance",
    "followup_cadence",
    "husbanken_steering",
    "annual_meetings",
    "learning_arenas",
    "reporting",
    "informants",
    "questionnaire",
    "code_frequencies",
]


def compute_findings(
    ctx: FindingContext, *, progress: Callable[[str], None] | None = None
) -> dict[str, Finding]:
    results: dict[str, Finding] = {}
    rank = {code: index for index, code in enumerate(FINDING_ORDER)}
    for func in sorted(FINDERS, key=lambda f: rank.get(f.__name__, len(rank))):
        finding = func(ctx)
        results[finding.code] = finding
        if progress:
            progress(finding.code)
    return results
