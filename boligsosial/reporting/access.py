"""Who may see and do what with reports. Built on accounts.access; one rule per line.

Not visible = 404 (Http404), the same answer as a missing report.
"""

from django.http import Http404

from boligsosial.accounts.models import Role
from boligsosial.programmes import access
from boligsosial.reporting.models import EDITABLE_STATUSES, IN_REVIEW_STATUSES, Report, ReportStatus


def _own_municipality(user, participation) -> bool:
    return bool(
        user.is_authenticated
        and user.is_municipal
        and access.is_own_participation(user, participation)
    )


def _is_assigned_contact(user, participation) -> bool:
    return user.role == Role.PROGRAMME_CONTACT and participation.programme_contact_id == user.pk


def can_fill_in(user, participation) -> bool:
    """Enter values and narratives: the municipality's own team, or a Husbanken admin on its behalf."""
    if access.is_husbanken_admin(user):
        return True
    return _own_municipality(user, participation)


def can_edit_report(user, report: Report) -> bool:
    return report.status in EDITABLE_STATUSES and can_fill_in(user, report.participation)


def can_submit(user, participation) -> bool:
    """Submitting is the programme leader's act (or a Husbanken admin's on request)."""
    if access.is_husbanken_admin(user):
        return True
    return _own_municipality(user, participation) and user.role == Role.MUNICIPAL_LEADER


def can_review(user, participation) -> bool:
    """Return or approve: the assigned programme contact or a Husbanken admin."""
    if access.is_husbanken_admin(user):
        return True
    return _is_assigned_contact(user, participation)


def can_review_report(user, report: Report) -> bool:
    return report.status in IN_REVIEW_STATUSES and can_review(user, report.participation)


def can_reopen(user, report: Report) -> bool:
    return report.status == ReportStatus.APPROVED and can_review(user, report.participation)


def can_manage_reporting(user) -> bool:
    """Periods, deadlines, templates and new indicator versions."""
    return access.is_husbanken_admin(user)


def can_export_programme(user) -> bool:
    """Programme-wide exports carry unsuppressed small counts: Husbanken staff only."""
    return access.is_husbanken(user)


def can_import(user) -> bool:
    """Anyone who may fill in some report; each row is then checked against its municipality."""
    return access.is_husbanken_admin(user) or (
        user.is_authenticated and user.is_municipal and bool(user.municipality_id)
    )


def visible_reports(user):
    participations = access.visible_participations(user)
    return Report.objects.filter(participation__in=participations.values("pk"))


def get_report_for_user(user, pk: int) -> Report:
    """The report if the user may see it; 404 for missing and forbidden alike."""
    report = (
        visible_reports(user)
        .select_related(
            "participation__municipality",
            "participation__programme",
            "period",
            "template",
            "approved_by",
        )
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    return report


def get_programme_for_user(user, pk: int):
    from boligsosial.programmes.models import Programme

    programme = Programme.objects.filter(pk=pk).first()
    if programme is None or not access.can_see_programme(user, programme):
        raise Http404
    return programme
