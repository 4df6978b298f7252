"""E-mail about reports, through Django's mail (console backend in development).

Status e-mail is queued for the background worker (accounts.tasks.send_email: a slow or
unreachable mail server never holds up the request that changed the status, and a failed
send is tried again); reminders are sent by their own scheduled command.

Submit → the participation's programme contact (or Husbanken's administrators when none
is assigned). Return, approve, reopen → the municipality's programme team. Reminders
before a deadline → the programme team of each municipality that has not submitted.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from boligsosial.accounts.models import MUNICIPAL_ROLES, Role, User
from boligsosial.accounts.tasks import send_email
from boligsosial.core.formatting import format_date


def _site() -> str:
    return getattr(settings, "BOLIGSOSIAL_SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def municipal_recipients(participation) -> list[str]:
    return sorted(
        User.objects.filter(
            municipality=participation.municipality, role__in=MUNICIPAL_ROLES, is_active=True
        )
        .exclude(email="")
        .values_list("email", flat=True)
    )


def husbanken_recipients(participation) -> list[str]:
    contact = participation.programme_contact
    if contact and contact.is_active and contact.email:
        return [contact.email]
    return sorted(
        User.objects.filter(role=Role.HUSBANKEN_ADMIN, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def status_changed(*, report_id: int, action: str) -> int:
    from boligsosial.reporting.models import Report

    report = Report.objects.select_related(
        "participation__municipality", "participation__programme_contact", "period"
    ).get(pk=report_id)
    link = _site() + reverse("reporting:report", args=[report.pk])
    names = {"report": str(report), "link": link, "comment": report.review_comment}
    if action == "submit":
        recipients = husbanken_recipients(report.participation)
        subject = _("Til behandling: %(report)s") % names
        body = (
            _("%(report)s er sendt inn og venter på behandling.\n\nÅpne rapporten: %(link)s")
            % names
        )
    elif action == "return":
        recipients = municipal_recipients(report.participation)
        subject = _("Returnert: %(report)s") % names
        body = (
            _(
                "Husbanken har returnert %(report)s med denne kommentaren:\n\n%(comment)s\n\nRett opp og send inn på nytt: %(link)s"
            )
            % names
        )
    elif action == "approve":
        recipients = municipal_recipients(report.participation)
        subject = _("Godkjent: %(report)s") % names
        body = _("Husbanken har godkjent %(report)s. Rapporten er nå låst.\n\n%(link)s") % names
    elif action == "reopen":
        recipients = municipal_recipients(report.participation)
        subject = _("Gjenåpnet: %(report)s") % names
        body = (
            _(
                "Husbanken har gjenåpnet %(report)s med denne begrunnelsen:\n\n%(comment)s\n\n%(link)s"
            )
            % names
        )
    else:
        return 0
    if not recipients:
        return 0
    send_email.enqueue(subject, body, recipients)
    return len(recipients)


def send_reminders(*, today: dt.date, stdout=None) -> int:
    """Remind municipalities whose report is not submitted when a deadline is near. Once each."""
    from boligsosial.reporting.models import ReminderLog, Report, ReportingPeriod
    from boligsosial.reporting.selectors import expected_participations
    from boligsosial.reporting.services import programme_settings

    sent = 0
    periods = ReportingPeriod.objects.filter(
        deadline__gte=today, end__lte=today + dt.timedelta(days=366)
    ).select_related("programme")
    for period in periods:
        days = programme_settings(period.programme).reminder_days_before
        if (period.deadline - today).days > days:
            continue
        submitted = set(
            Report.objects.filter(period=period, first_submitted_at__isnull=False).values_list(
                "participation_id", flat=True
            )
        )
        reminded = set(
            ReminderLog.objects.filter(period=period).values_list("participation_id", flat=True)
        )
        for participation in expected_participations(period.programme, period):
            if participation.pk in submitted or participation.pk in reminded:
                continue
            recipients = municipal_recipients(participation)
            if not recipients:
                continue
            names = {
                "period": period.label,
                "deadline": format_date(period.deadline),
                "municipality": participation.municipality.name,
                "link": _site() + reverse("reporting:index"),
            }
            send_mail(
                _("Påminnelse: rapport for %(period)s har frist %(deadline)s") % names,
                _(
                    "Rapporten for %(municipality)s for %(period)s er ikke sendt inn. Fristen er %(deadline)s.\n\n%(link)s"
                )
                % names,
                None,
                recipients,
            )
            ReminderLog.objects.create(
                period=period, participation=participation, recipients=", ".join(recipients)
            )
            sent += 1
            if stdout:
                stdout.write(
                    f"{participation.municipality.name} {period.label}: {', '.join(recipients)}"
                )
    return sent
