"""Reported indicator values far outside their own series or the other programme
municipalities (core.plausibility's rule, the same as for instrument figures), for the
evaluation report's builder: totals of submitted and approved reports, per indicator."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _

from boligsosial.core.formatting import format_date
from boligsosial.core.plausibility import implausible
from boligsosial.reporting.models import ReportStatus, ReportValue, Unit

JUDGED_STATUSES = [
    ReportStatus.SUBMITTED,
    ReportStatus.RESUBMITTED,
    ReportStatus.APPROVED,
]


def implausible_values(programme, *, as_of: dt.date | None = None) -> list[dict]:
    values = (
        ReportValue.objects.filter(
            report__participation__programme=programme,
            report__status__in=JUDGED_STATUSES,
            option__isnull=True,
            value__isnull=False,
        )
        .exclude(indicator__unit__in=[Unit.YES_NO, Unit.DATE])
        .values_list(
            "indicator__code",
            "indicator__name_nb",
            "report__participation__municipality__name",
            "report__period__start",
            "report_id",
            "value",
        )
    )
    if as_of is not None:
        values = values.filter(report__period__start__lte=as_of)
    tables: dict[str, dict[str, dict[dt.date, object]]] = defaultdict(lambda: defaultdict(dict))
    names, reports = {}, {}
    for code, name, municipality, start, report_id, value in values:
        tables[code][municipality][start] = value
        names[code] = name
        reports[(code, municipality, start)] = report_id
    result = []
    for code, table in sorted(tables.items()):
        for flag in implausible(table):
            municipality, start = str(flag.unit), flag.period
            report_id = reports[(code, municipality, start)]
            result.append(
                {
                    "label": _("«%(indicator)s», %(municipality)s, perioden fra %(start)s")
                    % {
                        "indicator": names[code],
                        "municipality": municipality,
                        "start": format_date(start),
                    },
                    "message": "; ".join(flag.reasons) + ".",
                    "url": reverse("reporting:report", args=[report_id]),
                }
            )
    return result
