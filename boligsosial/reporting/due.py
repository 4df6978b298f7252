"""Reporting's part of a person's front page: reports to send in, reports to review."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from boligsosial.accounts.models import Role
from boligsosial.core.due import DueItem
from boligsosial.core.formatting import format_date
from boligsosial.programmes import access as base_access
from boligsosial.reporting import access, selectors
from boligsosial.reporting.models import IN_REVIEW_STATUSES, Report, ReportingPeriod, ReportStatus

SENT = {*IN_REVIEW_STATUSES, ReportStatus.APPROVED}


def reporting_due(user, as_of: dt.date) -> list[DueItem]:
    items: list[DueItem] = []
    if getattr(user, "is_municipal", False):
        items += _reports_to_send(user, as_of)
    if base_access.is_husbanken_admin(user) or getattr(user, "role", "") == Role.PROGRAMME_CONTACT:
        items += _reports_to_review(user)
    return items


def _reports_to_send(user, as_of: dt.date) -> list[DueItem]:
    items = []
    for participation in base_access.visible_participations(user).filter(
        municipality_id=user.municipality_id
    ):
        if not access.can_fill_in(user, participation):
            continue
        reports = {
            r.period_id: r
            for r in Report.objects.filter(participation=participation).prefetch_related("events")
        }
        periods = ReportingPeriod.objects.filter(
            programme_id=participation.programme_id, start__lte=as_of
        ).order_by("deadline")
        for period in periods:
            report = reports.get(period.pk)
            if report is not None and report.status_on(as_of) in SENT:
                continue
            overdue = period.deadline < as_of
            text = (
                _("Rapporten for %(period)s skulle vært sendt inn innen %(date)s.")
                if overdue
                else _("Rapporten for %(period)s skal sendes inn innen %(date)s.")
            ) % {"period": period.label, "date": format_date(period.deadline)}
            url = (
                reverse("reporting:report", args=[report.pk])
                if report
                else reverse("programmes:participation", args=[participation.pk]) + "#reporting-h"
            )
            items.append(DueItem(text=text, url=url, date=period.deadline, overdue=overdue))
    return items


def _reports_to_review(user) -> list[DueItem]:
    queue = list(selectors.review_queue(user))
    if not queue:
        return []
    text = ngettext(
        "%(count)s rapport venter på at du godkjenner eller returnerer den.",
        "%(count)s rapporter venter på at du godkjenner eller returnerer dem.",
        len(queue),
    ) % {"count": len(queue)}
    url = reverse("reporting:report", args=[queue[0].pk])
    return [DueItem(text=text, url=url, date=None)]
