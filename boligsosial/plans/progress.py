"""The progress rule for result goals, computed for an as-of date.

Rule (shown to users as PROGRESS_RULE_TEXT): the expected value moves in a straight line
from the baseline (value, date) to the target (value, date) and stays at the target after
the target date. The latest known value on or before the as-of date is compared with the
expected value *at the date of that value*. The tolerance band is 15 % of the distance
between baseline and target.

- on track: the value is better than the line, or worse by at most the band;
- at risk:  worse than the line by more than the band, but at most twice the band;
- off track: worse than the line by more than twice the band;
- no data: no baseline, no target, no measure, or no known value after the baseline date
  and on or before the as-of date. Periods reported as not available are never zero.

Values come from approved reports (reporting.selectors.approved_values) for an indicator,
or from the goal's own measurements for a custom measure.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boligsosial.plans.models import BetterDirection, Goal

BAND = Decimal("0.15")


class ProgressStatus(models.TextChoices):
    ON_TRACK = "on_track", gettext_lazy("I rute")
    AT_RISK = "at_risk", gettext_lazy("Fare for avvik")
    OFF_TRACK = "off_track", gettext_lazy("Ikke i rute")
    NO_DATA = "no_data", gettext_lazy("Mangler data")


STATUS_COLOR = {
    ProgressStatus.ON_TRACK: "success",
    ProgressStatus.AT_RISK: "warning",
    ProgressStatus.OFF_TRACK: "danger",
    ProgressStatus.NO_DATA: "neutral",
}

PROGRESS_RULE_TEXT = gettext_lazy(
    "Forventet verdi følger en rett linje fra utgangsverdien til målverdien på måldatoen. "
    "Siste kjente verdi til og med valgt dato sammenlignes med linjen på datoen verdien gjelder. "
    "Toleransen er 15 % av avstanden mellom utgangsverdi og målverdi: «I rute» er bedre enn linjen "
    "eller innenfor toleransen, «Fare for avvik» er inntil dobbel toleranse dårligere, og «Ikke i "
    "rute» er mer enn dobbel toleranse dårligere. Uten utgangsverdi, målverdi eller tall er status "
    "«Mangler data»."
)


@dataclass
class Point:
    date: dt.date
    label: str
    value: Decimal | None
    not_available: bool = False


@dataclass
class Progress:
    status: str
    reason: str
    latest: Point | None = None
    expected: Decimal | None = None
    points: list[Point] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(ProgressStatus(self.status).label)

    @property
    def color(self) -> str:
        return STATUS_COLOR[ProgressStatus(self.status)]


def series_for(goal: Goal, as_of: dt.date) -> list[Point]:
    """Every known value of the goal's measure up to `as_of`, oldest first."""
    if goal.indicator is not None:
        from boligsosial.reporting import selectors as reporting_selectors

        values = reporting_selectors.approved_values(
            goal.participation,
            goal.indicator.code,
            until=as_of,
            disaggregation=goal.disaggregation or None,
        )
        points = [
            Point(
                date=v.period_end,
                label=v.period_label,
                value=None if v.not_available else v.value,
                not_available=bool(v.not_available),
            )
            for v in values
        ]
    elif goal.custom_measure_name:
        measurements = getattr(goal, "_prefetched_objects_cache", {}).get("measurements")
        measurements = measurements if measurements is not None else goal.measurements.all()
        points = [
            Point(date=m.date, label=m.date.strftime("%d.%m.%Y"), value=m.value)
            for m in measurements
        ]
    else:
        points = []
    return sorted((p for p in points if p.date <= as_of), key=lambda p: p.date)


@dataclass(frozen=True)
class Line:
    """The straight line from the baseline to the target that progress is measured against."""

    baseline_value: Decimal
    baseline_date: dt.date
    target_value: Decimal
    target_date: dt.date

    def expected(self, on: dt.date) -> Decimal:
        if on >= self.target_date:
            return self.target_value
        if on <= self.baseline_date:
            return self.baseline_value
        span = Decimal((self.target_date - self.baseline_date).days)
        elapsed = Decimal((on - self.baseline_date).days)
        return self.baseline_value + (self.target_value - self.baseline_value) * elapsed / span


def line_for(goal: Goal) -> Line | None:
    """The goal's line, or None when a baseline or target value or date is missing."""
    if (
        goal.baseline_value is None
        or goal.baseline_date is None
        or goal.target_value is None
        or goal.target_date is None
    ):
        return None
    return Line(goal.baseline_value, goal.baseline_date, goal.target_value, goal.target_date)


def expected_value(goal: Goal, on: dt.date) -> Decimal | None:
    line = line_for(goal)
    return line.expected(on) if line else None


def _missing_fields(goal: Goal) -> list[str]:
    return [
        str(label)
        for label, value in (
            (_("utgangsverdi"), goal.baseline_value),
            (_("dato for utgangsverdi"), goal.baseline_date),
            (_("målverdi"), goal.target_value),
            (_("måldato"), goal.target_date),
        )
        if value is None
    ]


def _measured(goal: Goal, line: Line, latest: Point, points: list[Point]) -> Progress:
    """The status of the latest known value against the line, with the reason in words."""
    assert latest.value is not None  # only known values are compared
    expected = line.expected(latest.date)
    sign = Decimal(-1) if goal.better == BetterDirection.LOWER else Decimal(1)
    gap = (latest.value - expected) * sign  # positive: better than the line
    band = abs(line.target_value - line.baseline_value) * BAND
    if gap >= -band:
        status = ProgressStatus.ON_TRACK
    elif gap >= -2 * band:
        status = ProgressStatus.AT_RISK
    else:
        status = ProgressStatus.OFF_TRACK
    reason = _("Siste verdi %(value)s (%(label)s); forventet etter linjen %(expected)s.") % {
        "value": _fmt(latest.value),
        "label": latest.label,
        "expected": _fmt(expected),
    }
    return Progress(status, reason, latest=latest, expected=expected, points=points)


def progress_for(goal: Goal, as_of: dt.date) -> Progress:
    if not goal.is_result_goal:
        return Progress(ProgressStatus.NO_DATA, _("Bare resultatmål har fremdrift."))
    if not (goal.indicator_id or goal.custom_measure_name):
        return Progress(
            ProgressStatus.NO_DATA, _("Resultatmålet mangler indikator eller eget måltall.")
        )
    points = series_for(goal, as_of)
    line = line_for(goal)
    if line is None:
        return Progress(
            ProgressStatus.NO_DATA,
            _("Resultatmålet mangler %(fields)s.") % {"fields": ", ".join(_missing_fields(goal))},
            points=points,
        )
    if line.target_date <= line.baseline_date:
        return Progress(
            ProgressStatus.NO_DATA,
            _("Måldatoen må være etter datoen for utgangsverdien."),
            points=points,
        )
    known = [p for p in points if p.value is not None and p.date > line.baseline_date]
    if not known:
        return Progress(
            ProgressStatus.NO_DATA,
            _("Ingen tall etter utgangsverdien er kjent per valgt dato."),
            points=points,
        )
    return _measured(goal, line, known[-1], points)


def _fmt(value: Decimal) -> str:
    from boligsosial.core.formatting import format_number

    return format_number(value, 1 if value != value.to_integral_value() else 0)
