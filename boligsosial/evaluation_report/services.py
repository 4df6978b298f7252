"""Writes for the evaluation report. Each checks permission, validates, saves and records
the change in the audit log, inside one transaction. Pages and API call these."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from boligsosial.audit.models import Action
from boligsosial.audit.services import record, snapshot
from boligsosial.core.concurrency import bump_version
from boligsosial.evaluation_report import access
from boligsosial.evaluation_report.models import (
    Decision,
    EvaluationReport,
    GenerationJob,
    Language,
    NarrativeSection,
    OutputFormat,
    RecommendationDecision,
    RecommendationRule,
    ReportVersion,
)
from boligsosial.evaluation_report.rules import RULES

MAX_NARRATIVE_CHARS = 50_000


def narrative_keys(report: EvaluationReport) -> dict[str, str]:
    """The narrative slots of the report: key -> section title (from a light layout pass)."""
    from boligsosial.evaluation_report.document import NARRATIVE_SECTIONS

    keys = dict(NARRATIVE_SECTIONS)
    for participation in report.programme.participations.select_related("municipality").order_by(
        "municipality__name"
    ):
        keys[f"5-{participation.municipality.code}"] = f"5 {participation.municipality.name}"
    return keys


@transaction.atomic
def report_create(
    *, user, evaluation, title: str = "", as_of=None, language: str = Language.NB
) -> EvaluationReport:
    if not access.can_create_report(user, evaluation):
        raise PermissionDenied
    return _create(
        user=user,
        evaluation=evaluation,
        title=(title or evaluation.title).strip(),
        as_of=as_of or evaluation.as_of,
        language=language,
    )


@transaction.atomic
def report_create_by_command(*, evaluation, command: str) -> EvaluationReport:
    """A report for an evaluation that has none, made by a server operator's command (no
    signed-in user): the same record as report_create, audited with the command's name."""
    return _create(
        user=None,
        evaluation=evaluation,
        title=evaluation.title.strip(),
        as_of=evaluation.as_of,
        comment=_("Opprettet av kommandoen «%(command)s».") % {"command": command},
    )


def _create(
    *, user, evaluation, title: str, as_of, language: str = Language.NB, comment: str = ""
) -> EvaluationReport:
    report = EvaluationReport.objects.create(
        evaluation=evaluation, title=title, as_of=as_of, language=language, created_by=user
    )
    record(
        user=user,
        action=Action.CREATE,
        target=report,
        scope=evaluation,
        after=snapshot(report),
        comment=comment,
    )
    return report


@transaction.atomic
def report_update(
    *, user, report: EvaluationReport, version: int | None, **data
) -> EvaluationReport:
    if not access.can_write(user, report):
        raise PermissionDenied
    if "title" in data and not (data["title"] or "").strip():
        raise ValidationError({"title": _("Skriv en tittel på rapporten.")})
    if "language" in data and data["language"] not in Language.values:
        raise ValidationError({"language": _("Velg norsk bokmål eller engelsk.")})
    before = snapshot(report)
    bump_version(report, version)
    for field in ("title", "subtitle", "as_of", "language"):
        if field in data:
            setattr(report, field, data[field])
    report.save()
    record(user=user, action=Action.UPDATE, target=report, before=before, after=snapshot(report))
    return report


@transaction.atomic
def narrative_save(
    *, user, report: EvaluationReport, key: str, markdown: str, version: int | None = None
) -> NarrativeSection:
    if not access.can_write(user, report):
        raise PermissionDenied
    if key not in narrative_keys(report):
        raise ValidationError({"key": _("Rapporten har ingen del «%(key)s».") % {"key": key}})
    if len(markdown) > MAX_NARRATIVE_CHARS:
        raise ValidationError(
            {
                "markdown": _(
                    "Teksten er for lang (over %(n)s tegn). Del den opp eller kort den ned."
                )
                % {"n": MAX_NARRATIVE_CHARS}
            }
        )
    section, created = NarrativeSection.objects.get_or_create(report=report, key=key)
    before = None if created else snapshot(section)
    if not created:
        bump_version(section, version)
    section.markdown = markdown.strip()
    section.updated_by = user
    section.save()
    record(
        user=user,
        action=Action.CREATE if created else Action.UPDATE,
        target=section,
        scope=report,
        before=before,
        after=snapshot(section),
    )
    return section


@transaction.atomic
def rule_update(
    *, user, programme, code: str, threshold: Decimal, enabled: bool = True
) -> RecommendationRule:
    if not access.can_manage_rules(user, programme):
        raise PermissionDenied
    if code not in RULES:
        raise ValidationError({"code": _("Ukjent regel «%(code)s».") % {"code": code}})
    if threshold is None or threshold < 0:
        raise ValidationError({"threshold": _("Terskelen må være et tall som er 0 eller større.")})
    if "%" in str(RULES[code].condition) and threshold > 100:
        raise ValidationError({"threshold": _("En andel kan ikke være over 100 %.")})
    rule, created = RecommendationRule.objects.get_or_create(
        programme=programme, code=code, defaults={"threshold": threshold, "enabled": enabled}
    )
    before = None if created else snapshot(rule)
    rule.threshold, rule.enabled = threshold, enabled
    rule.save()
    record(
        user=user,
        action=Action.CREATE if created else Action.UPDATE,
        target=rule,
        scope=programme,
        before=before,
        after=snapshot(rule),
    )
    return rule


@transaction.atomic
def recommendation_decide(
    *, user, report: EvaluationReport, rule_code: str, decision: str, reason: str, text: str = ""
) -> RecommendationDecision:
    """Accept, edit or reject the current proposal of a rule, with a reason."""
    from boligsosial.evaluation_report.selectors import proposals_for

    if not access.can_write(user, report):
        raise PermissionDenied
    errors = {}
    if decision not in Decision.values:
        errors["decision"] = _("Velg om du godtar, endrer eller avviser anbefalingen.")
    if not (reason or "").strip():
        errors["reason"] = _("Skriv en begrunnelse for vurderingen.")
    if decision == Decision.EDITED and not (text or "").strip():
        errors["text"] = _("Skriv den endrede teksten til anbefalingen.")
    if errors:
        raise ValidationError(errors)
    current = {row["proposal"].rule: row["proposal"] for row in proposals_for(report)}
    proposal = current.get(rule_code)
    if proposal is None:
        raise ValidationError(
            {
                "rule_code": _(
                    "Regelen foreslår ingen anbefaling for disse dataene lenger. Last siden på nytt."
                )
            }
        )
    item = RecommendationDecision.objects.create(
        report=report,
        rule_code=rule_code,
        decision=decision,
        reason=reason.strip(),
        text=text.strip() if decision == Decision.EDITED else "",
        proposal_text=proposal.text,
        decided_by=user,
    )
    record(
        user=user,
        action=Action.TRANSITION,
        target=item,
        scope=report,
        after=snapshot(item),
        comment=reason.strip(),
    )
    return item


@transaction.atomic
def report_publish(*, user, report: EvaluationReport, note: str = "") -> ReportVersion:
    """Freeze the report as it stands: text and numbers, only decided recommendations."""
    from boligsosial.evaluation_report.selectors import document_for

    if not access.can_write(user, report):
        raise PermissionDenied
    EvaluationReport.objects.select_for_update().filter(pk=report.pk).first()
    number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    document = document_for(report, draft=False)
    version = ReportVersion.objects.create(
        report=report, number=number, published_by=user, note=note.strip(), document=document
    )
    record(
        user=user,
        action=Action.TRANSITION,
        target=version,
        scope=report,
        after={"versjon": number, "tall per": document["as_of"]},
        comment=note.strip(),
    )
    return version


@transaction.atomic
def job_create(
    *,
    user,
    report: EvaluationReport,
    fmt: str,
    version: ReportVersion | None = None,
    language: str | None = None,
) -> GenerationJob:
    """Queue the generation of a file; the task runs after the transaction commits."""
    from boligsosial.evaluation_report.tasks import generate_report_file

    permissions = access.report_access(user, report)
    if version is None and not permissions.read_draft:
        raise PermissionDenied
    if fmt not in OutputFormat.values:
        raise ValidationError({"format": _("Velg HTML, PDF eller Word.")})
    job = GenerationJob.objects.create(
        report=report,
        version=version,
        format=fmt,
        language=language or report.language,
        requested_by=user,
        step=_("Venter på å starte"),
    )

    def enqueue():
        result = generate_report_file.enqueue(job.pk)
        GenerationJob.objects.filter(pk=job.pk).update(task_result_id=result.id)

    transaction.on_commit(enqueue)
    return job
