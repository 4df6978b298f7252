"""Writes for the evaluation report. Each checks permission, validates, saves and records
the change in the audit log, inside one transaction. Pages and API call these."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from boligsosial.accounts.models import User
from boligsosial.audit.models import Action
from boligsosial.audit.services import audited_update, record, snapshot
from boligsosial.core.concurrency import StaleEditError
from boligsosial.evaluation.models import Evaluation
from boligsosial.evaluation_report import access, selectors
from boligsosial.evaluation_report.findings.rules import RULES
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
from boligsosial.programmes.models import Programme

MAX_NARRATIVE_CHARS = 50_000


@transaction.atomic
def report_create(
    *,
    user: User,
    evaluation: Evaluation,
    title: str = "",
    as_of: dt.date | None = None,
    language: str = Language.NB,
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
def report_create_by_command(*, evaluation: Evaluation, command: str) -> EvaluationReport:
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
    *,
    user: User | None,
    evaluation: Evaluation,
    title: str,
    as_of: dt.date,
    language: str = Language.NB,
    comment: str = "",
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
    *, user: User, report: EvaluationReport, version: int | None, **data: Any
) -> EvaluationReport:
    if not access.can_write(user, report):
        raise PermissionDenied
    if "title" in data and not (data["title"] or "").strip():
        raise ValidationError({"title": _("Skriv en tittel på rapporten.")})
    if "language" in data and data["language"] not in Language.values:
        raise ValidationError({"language": _("Velg norsk bokmål eller engelsk.")})
    if "municipality_order" in data:
        _check_municipality_order(report, data["municipality_order"])
    changes: dict[str, Any] = {
        f: data[f]
        for f in ("title", "subtitle", "as_of", "language", "municipality_order")
        if f in data
    }
    audited_update(user=user, obj=report, version=version, changes=changes)
    return report


def _check_municipality_order(report: EvaluationReport, order: Any) -> None:
    codes = {code for code, _name in selectors.municipalities_in_order(report)}
    if (
        not isinstance(order, list)
        or len(order) > len(codes)
        or len(set(map(str, order))) != len(order)
        or not set(map(str, order)) <= codes
    ):
        raise ValidationError(
            {
                "municipality_order": _(
                    "Rekkefølgen må være kommunenumre i programmet, hver kommune høyst én gang."
                )
            }
        )


@transaction.atomic
def narrative_save(
    *,
    user: User,
    report: EvaluationReport,
    key: str,
    markdown: str,
    version: int | None = None,
) -> NarrativeSection:
    """Save a section's text. `version` is the text's version as read, 0 when the section
    had no text yet (a text someone else wrote in the meantime is then a stale edit)."""
    if not access.can_write(user, report):
        raise PermissionDenied
    if key not in selectors.narrative_keys(report):
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
    # The findings the text rests on, as the writer sees them now: when they change later,
    # the text is flagged in the builder and the draft (rendering/basis.py).
    basis = selectors.narrative_basis(report, key) if markdown.strip() else {}
    section = NarrativeSection.objects.select_for_update().filter(report=report, key=key).first()
    if section is not None:
        audited_update(
            user=user,
            obj=section,
            version=version,
            changes={"markdown": markdown.strip(), "updated_by": user, "basis": basis},
            scope=report,
            exclude=("basis",),  # computed from the findings; the history keeps the text
        )
        return section
    section = NarrativeSection.objects.create(
        report=report, key=key, markdown=markdown.strip(), updated_by=user, basis=basis
    )
    record(
        user=user,
        action=Action.CREATE,
        target=section,
        scope=report,
        after=snapshot(section, exclude=("basis",)),
    )
    return section


MAX_THRESHOLD = Decimal("99999999.99")  # RecommendationRule.threshold: 10 digits, 2 decimals


def _check_threshold(code: str, threshold: Decimal | None) -> None:
    if threshold is None or not threshold.is_finite() or threshold < 0:
        raise ValidationError({"threshold": _("Terskelen må være et tall som er 0 eller større.")})
    if threshold > MAX_THRESHOLD:
        raise ValidationError({"threshold": _("Terskelen kan ikke være over 99 999 999,99.")})
    if threshold != threshold.quantize(Decimal("0.01")):
        raise ValidationError({"threshold": _("Terskelen kan ha høyst to desimaler.")})
    if "%" in str(RULES[code].condition) and threshold > 100:
        raise ValidationError({"threshold": _("En andel kan ikke være over 100 %.")})


@transaction.atomic
def rule_update(
    *,
    user: User,
    programme: Programme,
    code: str,
    threshold: Decimal,
    enabled: bool = True,
    version: int | None = None,
) -> RecommendationRule:
    """Set a rule's threshold for the programme. `version` is the rule's version as read,
    0 for a rule that still has its default (no stored row)."""
    if not access.can_manage_rules(user, programme):
        raise PermissionDenied
    if code not in RULES:
        raise ValidationError({"code": _("Ukjent regel «%(code)s».") % {"code": code}})
    _check_threshold(code, threshold)
    rule = (
        RecommendationRule.objects.select_for_update()
        .filter(programme=programme, code=code)
        .first()
    )
    if rule is not None:
        audited_update(
            user=user,
            obj=rule,
            version=version,
            changes={"threshold": threshold, "enabled": enabled},
            scope=programme,
        )
        return rule
    rule = RecommendationRule.objects.create(
        programme=programme, code=code, threshold=threshold, enabled=enabled
    )
    record(user=user, action=Action.CREATE, target=rule, scope=programme, after=snapshot(rule))
    return rule


def recommendation_decide(
    *,
    user: User,
    report: EvaluationReport,
    rule_code: str,
    decision: str,
    reason: str,
    text: str = "",
) -> RecommendationDecision:
    """Accept, edit or reject the current proposal of a rule, with a reason.

    Not one transaction as a whole: a refusal on findings being rebuilt keeps the job that
    rebuilds them (the decision itself is saved and audited in one)."""
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
    current = {row["proposal"].rule: row["proposal"] for row in _current_proposals(user, report)}
    proposal = current.get(rule_code)
    if proposal is None:
        raise ValidationError(
            {
                "rule_code": _(
                    "Regelen foreslår ingen anbefaling for disse dataene lenger. Last siden på nytt."
                )
            }
        )
    with transaction.atomic():
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


def _current_proposals(user: User, report: EvaluationReport) -> list[dict]:
    """The proposals on findings from the data as they are now. A large programme's draft is
    built by the worker (`draft_refresh`): while its data changed since the last build, a
    decision is refused rather than made against the last build's findings."""
    from boligsosial.evaluation_report import draft_refresh

    document, _job = draft_refresh.findings_for_decisions(
        report, language=report.language, reader=user
    )
    if document is None:
        raise ValidationError(
            {
                "rule_code": _(
                    "Dataene er endret siden funnene sist ble beregnet, og nye funn beregnes nå "
                    "i bakgrunnen. Vurderingen er ikke lagret: last siden på nytt når "
                    "beregningen er ferdig, og vurder forslaget på de nye funnene."
                )
            }
        )
    return selectors.proposals_for(report, document)


@transaction.atomic
def report_publish(
    *, user: User, report: EvaluationReport, note: str = "", version: int | None = None
) -> ReportVersion:
    """Freeze the report as it stands: text and numbers, only decided recommendations.

    `version` is the report's version as the publisher read it; a report whose title, date or
    language someone changed since is refused as a stale edit (None: scripts, tests)."""
    if not access.can_write(user, report):
        raise PermissionDenied
    locked = EvaluationReport.objects.select_for_update().get(pk=report.pk)
    if version is not None and locked.version != version:
        raise StaleEditError(report, version)
    number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    document = selectors.document_for(report, draft=False)
    published = ReportVersion.objects.create(
        report=report, number=number, published_by=user, note=note.strip(), document=document
    )
    record(
        user=user,
        action=Action.TRANSITION,
        target=published,
        scope=report,
        after={"versjon": number, "tall per": document["as_of"]},
        comment=note.strip(),
    )
    return published


@transaction.atomic
def job_create(
    *,
    user: User,
    report: EvaluationReport,
    fmt: str,
    version: ReportVersion | None = None,
    language: str | None = None,
) -> GenerationJob:
    """Queue the generation of a file as a background job (jobs app); the worker makes it
    after the transaction commits."""
    from django.urls import reverse

    from boligsosial.evaluation_report.generation import total_steps
    from boligsosial.evaluation_report.tasks import HANDLER
    from boligsosial.jobs.services import job_start

    permissions = access.report_access(user, report)
    if version is None and not permissions.read_draft:
        raise PermissionDenied
    if fmt not in OutputFormat.values:
        raise ValidationError({"format": _("Velg HTML, PDF eller Word.")})
    if language is not None and language not in Language.values:
        raise ValidationError({"language": _("Velg norsk bokmål eller engelsk.")})
    label = OutputFormat(fmt).label
    job = job_start(
        user=user,
        title=_("Lager %(format)s") % {"format": label},
        handler=HANDLER,
        target_label=(
            _("%(report)s, versjon %(number)s") % {"report": report.title, "number": version.number}
            if version is not None
            else report.title
        ),
        target_url=(
            version.get_absolute_url()
            if version is not None
            else reverse("evaluation_report:report", args=[report.pk])
        ),
        total_steps=total_steps(report, version=version) + 1,
    )
    return GenerationJob.objects.create(
        report=report,
        version=version,
        job=job,
        format=fmt,
        language=language or report.language,
    )
