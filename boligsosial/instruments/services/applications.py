"""The grant-application workflow, payments and the final report.

Application workflow (one service per arrow):
    draft --application_submit--> submitted --application_decide--> granted | rejected
    submitted --application_return--> draft (Husbanken sends it back for changes)
Payments and the final report follow a granted application.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boligsosial.accounts.models import User
from boligsosial.audit.models import Action
from boligsosial.audit.services import audited_update, record, snapshot
from boligsosial.core.concurrency import bump_version
from boligsosial.core.models import DataSource
from boligsosial.instruments import access
from boligsosial.instruments.bounds import (
    FIGURE_MAX_YEAR,
    FIGURE_MIN_YEAR,
    MAX_AMOUNT,
    number_problem,
)
from boligsosial.instruments.models import (
    INSTRUMENT_INFO,
    ApplicationStatus,
    FinalReportStatus,
    GrantApplication,
    Payment,
)
from boligsosial.instruments.services.checks import require
from boligsosial.programmes.models import Participation

# Grant applications ------------------------------------------------------------------------


def _validate_application(instrument: str, year: int, amount: Decimal, purpose: str) -> None:
    errors = {}
    if (
        instrument not in INSTRUMENT_INFO
        or not INSTRUMENT_INFO[instrument].applied_for_by_participation
    ):
        errors["instrument"] = _(
            "Programkommuner søker om plantilskudd, årlig programtilskudd eller kompetansetilskudd."
        )
    if amount is None or amount <= 0:
        errors["amount_applied"] = _("Søkt beløp må være større enn null.")
    elif problem := number_problem(Decimal(amount), maximum=MAX_AMOUNT):
        errors["amount_applied"] = problem
    if not FIGURE_MIN_YEAR <= year <= FIGURE_MAX_YEAR:
        errors["year"] = _("Året må være mellom %(min)s og %(max)s.") % {
            "min": FIGURE_MIN_YEAR,
            "max": FIGURE_MAX_YEAR,
        }
    if not (purpose or "").strip():
        errors["purpose"] = _("Skriv hva tilskuddet skal brukes til.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def application_create(
    *,
    user: User,
    participation: Participation,
    instrument: str,
    year: int,
    amount_applied: Decimal,
    purpose: str,
    data_source: str = DataSource.USER,
    source_note: str = "",
) -> GrantApplication:
    require(access.can_apply_for(user, participation))
    _validate_application(instrument, year, amount_applied, purpose)
    if GrantApplication.objects.filter(
        participation=participation, instrument=instrument, year=year
    ).exists():
        raise ValidationError(
            {
                "year": _("%(m)s har allerede en søknad om dette tilskuddet for %(year)s.")
                % {"m": participation.municipality.name, "year": year}
            }
        )
    application = GrantApplication.objects.create(
        participation=participation,
        instrument=instrument,
        year=year,
        amount_applied=amount_applied,
        purpose=purpose.strip(),
        data_source=data_source,
        source_note=source_note,
    )
    record(
        user=user,
        action=Action.CREATE,
        target=application,
        scope=participation,
        after=snapshot(application),
    )
    return application


@transaction.atomic
def application_update(
    *,
    user: User,
    application: GrantApplication,
    version: int | None,
    amount_applied: Decimal,
    purpose: str,
) -> GrantApplication:
    require(access.can_edit_application(user, application))
    _validate_application(application.instrument, application.year, amount_applied, purpose)
    audited_update(
        user=user,
        obj=application,
        version=version,
        changes={"amount_applied": amount_applied, "purpose": purpose.strip()},
        scope=application.participation,
    )
    return application


def _transition(
    user: User, application: GrantApplication, before_status: str, comment: str = ""
) -> None:
    record(
        user=user,
        action=Action.TRANSITION,
        target=application,
        scope=application.participation,
        before={"status": str(ApplicationStatus(before_status).label)},
        after={"status": application.get_status_display()},
        comment=comment,
    )


@transaction.atomic
def application_submit(
    *, user, application: GrantApplication, version: int | None = None
) -> GrantApplication:
    require(access.can_apply_for(user, application.participation))
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError(
            _("Bare et utkast kan sendes; søknaden er «%(status)s».")
            % {"status": application.get_status_display()}
        )
    bump_version(application, version)
    application.status, application.submitted_at = ApplicationStatus.SUBMITTED, timezone.now()
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    _transition(user, application, ApplicationStatus.DRAFT)
    return application


@transaction.atomic
def application_return(
    *, user: User, application: GrantApplication, reason: str
) -> GrantApplication:
    require(access.can_decide(user, application))
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(_("Bare en innsendt søknad kan sendes tilbake."))
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv hva kommunen bør endre.")})
    bump_version(application, None)
    application.status = ApplicationStatus.DRAFT
    application.save(update_fields=["status", "updated_at"])
    _transition(user, application, ApplicationStatus.SUBMITTED, comment=reason.strip())
    return application


@transaction.atomic
def application_decide(
    *,
    user: User,
    application: GrantApplication,
    granted: bool,
    amount_granted: Decimal | None = None,
    conditions: str = "",
    commitment_letter_date: dt.date | None = None,
    decision_note: str = "",
    version: int | None = None,
) -> GrantApplication:
    require(access.can_decide(user, application))
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(
            _("Husbanken kan bare vedta en innsendt søknad; denne er «%(status)s».")
            % {"status": application.get_status_display()}
        )
    errors = {}
    if granted:
        if amount_granted is None or amount_granted <= 0:
            errors["amount_granted"] = _("Skriv innvilget beløp (større enn null).")
        elif amount_granted > application.amount_applied:
            errors["amount_granted"] = _(
                "Innvilget beløp kan ikke være større enn søkt beløp (%(applied)s kr)."
            ) % {"applied": application.amount_applied}
        if commitment_letter_date is None:
            errors["commitment_letter_date"] = _("Skriv datoen for tilsagnsbrevet.")
    elif not decision_note.strip():
        errors["decision_note"] = _("Skriv begrunnelsen for avslaget.")
    if errors:
        raise ValidationError(errors)
    bump_version(application, version)
    application.status = ApplicationStatus.GRANTED if granted else ApplicationStatus.REJECTED
    application.amount_granted = amount_granted if granted else None
    application.conditions, application.commitment_letter_date = (
        conditions.strip(),
        commitment_letter_date if granted else None,
    )
    application.decision_note = decision_note.strip()
    application.decided_at, application.decided_by = timezone.now(), user
    application.save()
    _transition(user, application, ApplicationStatus.SUBMITTED, comment=decision_note.strip())
    return application


@transaction.atomic
def payment_add(
    *,
    user: User,
    application: GrantApplication,
    paid_on: dt.date,
    amount: Decimal,
    note: str = "",
    data_source: str = DataSource.USER,
) -> Payment:
    require(access.can_decide(user, application))
    if application.status != ApplicationStatus.GRANTED:
        raise ValidationError(_("Utbetalinger kan bare registreres på en innvilget søknad."))
    remaining = application.remaining_to_pay()
    errors = {}
    if amount is None or amount <= 0:
        errors["amount"] = _("Beløpet må være større enn null.")
    elif remaining is not None and amount > remaining:
        errors["amount"] = _(
            "Utbetalingen er større enn det som gjenstår av tilsagnet (%(rest)s kr)."
        ) % {"rest": remaining}
    if (
        application.commitment_letter_date
        and paid_on
        and paid_on < application.commitment_letter_date
    ):
        errors["paid_on"] = _("Utbetalingsdatoen kan ikke være før tilsagnsbrevet.")
    if errors:
        raise ValidationError(errors)
    payment = Payment.objects.create(
        application=application,
        paid_on=paid_on,
        amount=amount,
        note=note.strip(),
        data_source=data_source,
    )
    record(
        user=user,
        action=Action.CREATE,
        target=payment,
        scope=application.participation,
        after=snapshot(payment),
    )
    return payment


@transaction.atomic
def final_report_update(
    *, user, application: GrantApplication, status: str, report_date: dt.date | None = None
) -> GrantApplication:
    require(access.can_decide(user, application))
    if application.status != ApplicationStatus.GRANTED:
        raise ValidationError(_("Sluttrapport følges opp bare for innvilgede søknader."))
    if status != FinalReportStatus.NOT_DUE and report_date is None:
        raise ValidationError({"final_report_date": _("Skriv datoen sluttrapporten er datert.")})
    audited_update(
        user=user,
        obj=application,
        version=None,
        changes={"final_report_status": status, "final_report_date": report_date},
        scope=application.participation,
    )
    return application
