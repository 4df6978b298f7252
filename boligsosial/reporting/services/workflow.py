"""The review workflow: one function per transition, each under the report's row lock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boligsosial.audit.models import Action
from boligsosial.audit.services import record
from boligsosial.core.concurrency import bump_version
from boligsosial.reporting import access, notifications, privacy
from boligsosial.reporting.locking import lock_report
from boligsosial.reporting.models import (
    EDITABLE_STATUSES,
    IN_REVIEW_STATUSES,
    Report,
    ReportEvent,
    ReportStatus,
)
from boligsosial.reporting.selectors.entries import (
    submission_problems,
)

if TYPE_CHECKING:
    from boligsosial.accounts.models import User


def _transition(
    *,
    user: User,
    report: Report,
    to: str,
    action: str,
    comment: str = "",
    version: int | None = None,
) -> Report:
    """Under the report's lock: the stale-version check, the new status, its event and audit."""
    old = report.status
    bump_version(report, version)
    report.status = to
    report.save()
    ReportEvent.objects.create(
        report=report, user=user, from_status=old, to_status=to, action=action, comment=comment
    )
    record(
        user=user,
        action=Action.TRANSITION,
        target=report,
        scope=report.participation,
        before={_("Status"): str(ReportStatus(old).label)},
        after={_("Status"): str(ReportStatus(to).label)},
        comment=comment,
    )
    transaction.on_commit(lambda: notifications.status_changed(report_id=report.pk, action=action))
    return report


def _lock(report: Report) -> Report:
    return lock_report(report.pk)


def _lock_for_review(user: User, report: Report, *, refusal: str) -> Report:
    """Lock the report, then check under the lock that `user` reviews it and it is in review."""
    report = _lock(report)
    if not access.can_review(user, report.participation):
        raise PermissionDenied
    if report.status not in IN_REVIEW_STATUSES:
        raise ValidationError(refusal % {"status": report.get_status_display()})
    return report


@transaction.atomic
def report_submit(*, user: User, report: Report, version: int | None = None) -> Report:
    report = _lock(report)
    if not access.can_submit(user, report.participation):
        raise PermissionDenied
    if report.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("Rapporten kan ikke sendes inn fra status «%(status)s».")
            % {"status": report.get_status_display()}
        )
    problems = submission_problems(report)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    to = (
        ReportStatus.RESUBMITTED
        if report.status == ReportStatus.RETURNED
        else ReportStatus.SUBMITTED
    )
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    return _transition(user=user, report=report, to=to, action="submit", version=version)


@transaction.atomic
def report_return(
    *, user: User, report: Report, comment: str, version: int | None = None
) -> Report:
    report = _lock_for_review(
        user,
        report,
        refusal=_("Bare innsendte rapporter kan returneres; denne har status «%(status)s»."),
    )
    if not comment.strip():
        raise ValidationError(
            {"comment": _("Skriv en kommentar som forteller kommunen hva som må rettes.")}
        )
    privacy.check_free_text({"comment": (_("Kommentar til kommunen"), comment)})
    report.review_comment = comment.strip()
    return _transition(
        user=user,
        report=report,
        to=ReportStatus.RETURNED,
        action="return",
        comment=comment.strip(),
        version=version,
    )


@transaction.atomic
def report_approve(
    *, user: User, report: Report, comment: str = "", version: int | None = None
) -> Report:
    report = _lock_for_review(
        user,
        report,
        refusal=_("Bare innsendte rapporter kan godkjennes; denne har status «%(status)s»."),
    )
    privacy.check_free_text({"comment": (_("Kommentar"), comment)})
    report.approved_at, report.approved_by = timezone.now(), user
    return _transition(
        user=user,
        report=report,
        to=ReportStatus.APPROVED,
        action="approve",
        comment=comment.strip(),
        version=version,
    )


@transaction.atomic
def report_reopen(*, user: User, report: Report, reason: str, version: int | None = None) -> Report:
    report = _lock(report)
    if not access.can_review(user, report.participation):
        raise PermissionDenied
    if report.status != ReportStatus.APPROVED:
        raise ValidationError(_("Bare godkjente rapporter kan gjenåpnes."))
    if not reason.strip():
        raise ValidationError(
            {
                "reason": _(
                    "Skriv hvorfor den godkjente rapporten gjenåpnes; begrunnelsen lagres i historikken."
                )
            }
        )
    privacy.check_free_text({"reason": (_("Begrunnelse for gjenåpning"), reason)})
    report.approved_at, report.approved_by = None, None
    report.review_comment = reason.strip()
    return _transition(
        user=user,
        report=report,
        to=ReportStatus.RETURNED,
        action="reopen",
        comment=reason.strip(),
        version=version,
    )
