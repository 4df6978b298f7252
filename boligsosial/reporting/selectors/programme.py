"""Reads of reporting data. Other apps (goals, evaluation report) use `approved_values` and
`completeness`; keep their names and signatures.

"Not available" is never 0 here: such points carry value=None and not_available=True, and
no function below adds them up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, cast

from django.db.models import Q, QuerySet

from boligsosial.reporting.models import (
    Indicator,
    Report,
    ReportingPeriod,
    ReportStatus,
    ReportValue,
)

if TYPE_CHECKING:
    from boligsosial.accounts.models import User
    from boligsosial.core.charts import LineChart
    from boligsosial.programmes.models import Participation, Programme


@dataclass(frozen=True)
class ValuePoint:
    period_label: str
    period_start: dt.date
    period_end: dt.date
    value: Decimal | None
    not_available: bool
    report_id: int
    indicator_version: int = 1


def approved_values(
    participation: Participation,
    indicator_code: str,
    *,
    until: dt.date,
    disaggregation: str | None = None,
) -> list[ValuePoint]:
    """The participation's values of one indicator from APPROVED reports, oldest period first.

    Only periods that ended on or before `until`. `disaggregation` is an option code
    ("under25"); None gives the total. Values of every version of the indicator are
    included (ValuePoint.indicator_version tells which definition applied). An approved
    report that left the indicator empty gives no point; "not available" gives a point with
    value None and not_available True.
    """
    qs = ReportValue.objects.filter(
        report__participation=participation,
        report__status=ReportStatus.APPROVED,
        report__period__end__lte=until,
        indicator__code=indicator_code,
    )
    qs = (
        qs.filter(option__code=disaggregation) if disaggregation else qs.filter(option__isnull=True)
    )
    rows = qs.select_related("report__period", "indicator").order_by(
        "report__period__start", "report__period__kind"
    )
    return [
        ValuePoint(
            period_label=row.report.period.label,
            period_start=row.report.period.start,
            period_end=row.report.period.end,
            value=None if row.not_available else row.value,
            not_available=row.not_available,
            report_id=row.report_id,
            indicator_version=row.indicator.version,
        )
        for row in rows
        if row.not_available or row.value is not None
    ]


def expected_participations(
    programme: Programme, period: ReportingPeriod
) -> QuerySet[Participation]:
    """Participations that owe a report for the period: started by its end, not completed
    before it began."""
    from boligsosial.programmes.models import PhaseKind

    return (
        programme.participations.filter(Q(start_date__isnull=True) | Q(start_date__lte=period.end))
        .exclude(phases__kind=PhaseKind.COMPLETED, phases__start__lt=period.start)
        .select_related("municipality")
    )


def _share(part: int, whole: int) -> float | None:
    if not whole:
        return None
    return min(part, whole) / whole


def completeness(programme: Programme, period: ReportingPeriod) -> dict:
    """Expected, submitted, on-time and approved reports for one period, with shares (0–1).

    Counts only reports of participations that are expected, so no share exceeds 100 %.
    Values: `values_expected` (template indicators × expected reports, derived rates
    excluded), `values_reported` (a number or date given), `values_not_available` — a
    value marked not available is not a reported value and never counts as 0.
    """
    expected_ids = set(expected_participations(programme, period).values_list("pk", flat=True))
    reports = [
        r
        for r in Report.objects.filter(
            period=period, participation_id__in=expected_ids
        ).select_related("period")
    ]
    submitted = [r for r in reports if r.first_submitted_at is not None]
    on_time = [r for r in submitted if r.submitted_on_time()]
    approved = [r for r in reports if r.status == ReportStatus.APPROVED]
    template_indicators = [i for i in period.template.indicators.all() if not i.is_derived]
    totals = ReportValue.objects.filter(
        report__in=[r.pk for r in submitted],
        option__isnull=True,
        indicator__in=[i.pk for i in template_indicators],
    )
    values_reported = (
        totals.filter(not_available=False)
        .filter(Q(value__isnull=False) | Q(date_value__isnull=False))
        .count()
    )
    values_not_available = totals.filter(not_available=True).count()
    expected = len(expected_ids)
    values_expected = expected * len(template_indicators)
    return {
        "period": period,
        "expected": expected,
        "submitted": len(submitted),
        "on_time": len(on_time),
        "approved": len(approved),
        "submitted_share": _share(len(submitted), expected),
        "on_time_share": _share(len(on_time), expected),
        "approved_share": _share(len(approved), expected),
        "values_expected": values_expected,
        "values_reported": values_reported,
        "values_not_available": values_not_available,
        "values_reported_share": _share(values_reported, values_expected),
    }


# Trend ------------------------------------------------------------------------------


def indicator_for(code: str) -> Indicator | None:
    return Indicator.objects.filter(code=code).order_by("-is_current", "-version").first()


def trend(
    participation: Participation,
    indicator_code: str,
    *,
    until: dt.date,
    disaggregation: str | None = None,
) -> tuple[Indicator, list[ValuePoint], LineChart]:
    """(points, chart) for one municipality's indicator over its approved reports."""
    from django.utils.translation import gettext as _

    from boligsosial.core.charts import LineChart, Series

    indicator = indicator_for(indicator_code)
    if indicator is None:
        raise ValueError(indicator_code)  # the pages and the API look it up first
    points = approved_values(
        participation, indicator_code, until=until, disaggregation=disaggregation
    )
    chart = LineChart(
        title=_("%(indicator)s i %(municipality)s")
        % {"indicator": indicator.name, "municipality": participation.municipality.name},
        categories=[p.period_label for p in points],
        series=[
            Series(
                participation.municipality.name,
                # Decimals: the chart formats them the Norwegian way as they are.
                cast(
                    "list[float | int | None]",
                    [None if p.not_available else p.value for p in points],
                ),
            )
        ],
        unit=indicator.get_unit_display(),
        category_label=_("Periode"),
    )
    return indicator, points, chart


def reports_for_participation(participation: Participation) -> QuerySet[Report]:
    return (
        Report.objects.filter(participation=participation)
        .select_related("period")
        .order_by("-period__start", "period__kind")
    )


def review_queue(user: User) -> QuerySet[Report]:
    """Reports waiting for the user's review (assigned contact or admin)."""
    from boligsosial.programmes import access as base_access
    from boligsosial.reporting.models import IN_REVIEW_STATUSES

    qs = Report.objects.filter(status__in=IN_REVIEW_STATUSES).select_related(
        "participation__municipality", "period"
    )
    if base_access.is_husbanken_admin(user):
        return qs.order_by("submitted_at")
    return qs.filter(participation__programme_contact=user).order_by("submitted_at")
