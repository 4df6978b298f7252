"""Who may see and change evaluation reports. Built on boligsosial.programmes.access.

Decisions (documented in ARCHITECTURE.md):
- Evaluators write: narrative, recommendation decisions, publishing. When the evaluation has
  a team, only its members write.
- The thresholds of the recommendation rules belong to the programme and shape the reports of
  all its evaluations: once any evaluation of the programme has a team, only evaluators on one
  of those teams change them; other evaluators and Husbanken staff read them.
- Husbanken staff (administrator, programme contacts) and evaluators read drafts: the live
  findings, proposed recommendations and the evaluators' reasons.
- A published version is a public document of the programme: every user who can see the
  programme (viewers and the municipalities in it) may read and download published versions,
  never the draft.
- Everyone else gets 404, the same as for a report that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from boligsosial.accounts import access as accounts_access
from boligsosial.accounts.models import Role, User
from boligsosial.evaluation.models import Evaluation
from boligsosial.programmes import access

if TYPE_CHECKING:
    from boligsosial.evaluation_report.models import (
        EvaluationReport,
        GenerationJob,
        ReportVersion,
    )
    from boligsosial.programmes.models import Programme


@dataclass(frozen=True)
class ReportAccess:
    read_draft: bool
    write: bool


def reads_drafts(user: User) -> bool:
    return access.can_see_evaluation(user)


def _in_team(user: User, evaluation: Evaluation) -> bool:
    team = list(evaluation.team.values_list("pk", flat=True))
    return not team or user.pk in team


def can_write(user: User, report: EvaluationReport) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.EVALUATOR
        and _in_team(user, report.evaluation)
    )


def can_manage_rules(user: User, programme: Programme) -> bool:
    if not (
        user.is_authenticated
        and user.is_active
        and user.role == Role.EVALUATOR
        and access.can_see_programme(user, programme)
    ):
        return False
    evaluations = Evaluation.objects.filter(programme=programme)
    if evaluations.filter(team=user).exists():
        return True
    return not evaluations.filter(team__isnull=False).exists()


def can_read_rules(user: User, programme: Programme) -> bool:
    return reads_drafts(user) and access.can_see_programme(user, programme)


def can_create_report(user: User, evaluation: Evaluation) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.EVALUATOR
        and _in_team(user, evaluation)
    )


def visible_reports(user: User) -> QuerySet[EvaluationReport]:
    from boligsosial.evaluation_report.models import EvaluationReport

    qs = EvaluationReport.objects.select_related("evaluation__programme")
    if not (user.is_authenticated and user.is_active):
        return qs.none()
    if reads_drafts(user):
        return qs
    programme_ids = access.visible_participations(user).values_list("programme_id", flat=True)
    return qs.filter(evaluation__programme_id__in=programme_ids, versions__isnull=False).distinct()


def report_access(user: User, report: EvaluationReport) -> ReportAccess:
    return ReportAccess(read_draft=reads_drafts(user), write=can_write(user, report))


def get_report_for_user(
    user: User, pk: int, *, draft: bool = False, write: bool = False
) -> tuple[EvaluationReport, ReportAccess]:
    """Return (report, ReportAccess) or raise Http404 for missing and forbidden alike."""
    report = visible_reports(user).filter(pk=pk).first()
    if report is None:
        raise Http404
    permissions = report_access(user, report)
    if (draft and not permissions.read_draft) or (write and not permissions.write):
        raise Http404
    return report, permissions


def get_version_for_user(
    user: User, report_pk: int, number: int
) -> tuple[EvaluationReport, ReportVersion, ReportAccess]:
    report, permissions = get_report_for_user(user, report_pk)
    version = report.versions.filter(number=number).defer("document").first()
    if version is None:
        raise Http404
    return report, version, permissions


def get_job_for_user(user: User, pk: int) -> tuple[GenerationJob, ReportAccess]:
    from boligsosial.evaluation_report.models import GenerationJob

    job = (
        GenerationJob.objects.select_related("report__evaluation__programme", "version", "job")
        .filter(pk=pk)
        .first()
    )
    if job is None:
        raise Http404
    report, permissions = get_report_for_user(user, job.report_id)
    if job.version_id is None and not permissions.read_draft:
        raise Http404
    # A generated file is its job's: the person who started it and administrators see it.
    started_by = job.job.started_by_id if job.job else None
    if started_by != user.pk and not accounts_access.is_husbanken_admin(user):
        raise Http404
    return job, permissions


def visible_evaluations(user: User) -> QuerySet[Evaluation]:
    """Evaluations a report can be created for."""
    if not (user.is_authenticated and user.is_active and user.role == Role.EVALUATOR):
        return Evaluation.objects.none()
    return (
        Evaluation.objects.select_related("programme")
        .filter(
            programme__in=access.visible_participations(user).values_list("programme_id", flat=True)
        )
        .distinct()
    )
