"""REST API for evaluation reports: the same access rules and services as the pages."""

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from boligsosial.evaluation_report import access, selectors, services
from boligsosial.evaluation_report.models import EvaluationReport

router = Router(tags=["Evalueringsrapport"])


class VersionOut(Schema):
    number: int
    published_at: dt.datetime
    published_by: str | None
    note: str

    @staticmethod
    def resolve_published_by(obj):
        return str(obj.published_by) if obj.published_by else None


class ReportOut(Schema):
    id: int
    title: str
    subtitle: str
    evaluation_id: int
    evaluation: str
    programme: str
    as_of: dt.date
    language: str
    versions: list[VersionOut]

    @staticmethod
    def resolve_evaluation(obj):
        return obj.evaluation.title

    @staticmethod
    def resolve_programme(obj):
        return obj.evaluation.programme.name

    @staticmethod
    def resolve_versions(obj):
        return list(obj.versions.order_by("number"))


class DecisionIn(Schema):
    decision: str
    reason: str
    text: str = ""


class NarrativeIn(Schema):
    markdown: str
    version: int | None = None


class PublishIn(Schema):
    note: str = ""


class JobIn(Schema):
    format: str
    language: str | None = None
    version: int | None = None


class JobOut(Schema):
    id: int
    format: str
    status: str
    percent: int
    step: str
    error: str
    download_url: str | None

    @staticmethod
    def resolve_download_url(obj):
        from django.urls import reverse

        return (
            reverse("evaluation_report:job_download", args=[obj.pk])
            if obj.status == "done"
            else None
        )


class RuleIn(Schema):
    threshold: Decimal
    enabled: bool = True


class RuleOut(Schema):
    code: str
    section: str
    title: str
    condition: str
    threshold: Decimal
    enabled: bool


@router.get("", response=list[ReportOut], summary="Evalueringsrapporter du kan se")
def list_reports(request):
    return list(access.visible_reports(request.user).order_by("-as_of", "title"))


@router.get("/{pk}", response=ReportOut)
def get_report(request, pk: int):
    report, _ = access.get_report_for_user(request.user, pk)
    return report


@router.get("/{pk}/draft", summary="Utkastet beregnet nå: funn, anbefalinger og hele dokumentet")
def get_draft(request, pk: int):
    report, _ = access.get_report_for_user(request.user, pk, draft=True)
    return selectors.document_for(report, draft=True)


@router.get("/{pk}/findings", summary="Funnene per rapportens dato, med tall og grunnlag")
def get_findings(request, pk: int):
    report, _ = access.get_report_for_user(request.user, pk, draft=True)
    return selectors.document_for(report, draft=True)["findings"]


@router.get("/{pk}/versions/{number}", summary="En publisert versjon (frosset dokument)")
def get_version(request, pk: int, number: int):
    _report, version, _permissions = access.get_version_for_user(request.user, pk, number)
    return version.document


@router.get("/{pk}/recommendations", summary="Forslag fra reglene med siste vurdering")
def list_recommendations(request, pk: int):
    report, _ = access.get_report_for_user(request.user, pk, draft=True)
    return [
        {
            "rule": row["proposal"].rule,
            "section": row["proposal"].section,
            "title": str(row["proposal"].title),
            "text": row["proposal"].text,
            "evidence": row["proposal"].evidence,
            "named": row["proposal"].named,
            "decision": row["decision"].decision if row["decision"] else None,
            "reason": row["decision"].reason if row["decision"] else None,
            "changed_since_decision": row["changed"],
        }
        for row in selectors.proposals_for(report)
    ]


@router.post("/{pk}/recommendations/{rule}/decision", summary="Godta, endre eller avvis et forslag")
def decide(request, pk: int, rule: str, payload: DecisionIn):
    report, _ = access.get_report_for_user(request.user, pk, write=True)
    decision = services.recommendation_decide(
        user=request.user, report=report, rule_code=rule, **payload.dict()
    )
    return {"id": decision.pk, "rule": decision.rule_code, "decision": decision.decision}


@router.put("/{pk}/narratives/{key}", summary="Lagre en fortellende tekst (Markdown)")
def save_narrative(request, pk: int, key: str, payload: NarrativeIn):
    report, _ = access.get_report_for_user(request.user, pk, write=True)
    section = services.narrative_save(
        user=request.user,
        report=report,
        key=key,
        markdown=payload.markdown,
        version=payload.version,
    )
    return {"key": section.key, "version": section.version}


@router.post(
    "/{pk}/publish", response=VersionOut, summary="Publiser: frys tekst og tall som en ny versjon"
)
def publish(request, pk: int, payload: PublishIn):
    report, _ = access.get_report_for_user(request.user, pk, write=True)
    return services.report_publish(user=request.user, report=report, note=payload.note)


@router.post("/{pk}/jobs", response=JobOut, summary="Lag PDF, Word eller HTML i bakgrunnen")
def create_job(request, pk: int, payload: JobIn):
    report, _ = access.get_report_for_user(request.user, pk)
    version = (
        get_object_or_404(report.versions, number=payload.version) if payload.version else None
    )
    job = services.job_create(
        user=request.user,
        report=report,
        fmt=payload.format,
        version=version,
        language=payload.language,
    )
    job.refresh_from_db()
    return job


@router.get("/jobs/{pk}", response=JobOut, summary="Fremdrift for en generering")
def get_job(request, pk: int):
    job, _ = access.get_job_for_user(request.user, pk)
    return job


@router.get(
    "/rules/{programme_pk}",
    response=list[RuleOut],
    summary="Anbefalingsreglene og tersklene for et program",
)
def list_rules(request, programme_pk: int):
    from boligsosial.programmes.models import Programme

    programme = get_object_or_404(Programme, pk=programme_pk)
    if not (
        access.reads_drafts(request.user)
        and access.accounts_access.can_see_programme(request.user, programme)
    ):
        raise Http404
    return [
        {
            "code": s.code,
            "section": s.rule.section,
            "title": str(s.rule.title),
            "condition": s.condition,
            "threshold": s.threshold,
            "enabled": s.enabled,
        }
        for s in selectors.rule_settings(programme)
    ]


@router.put(
    "/rules/{programme_pk}/{code}", response=RuleOut, summary="Endre terskelen for en regel"
)
def update_rule(request, programme_pk: int, code: str, payload: RuleIn):
    from boligsosial.programmes.models import Programme

    programme = get_object_or_404(Programme, pk=programme_pk)
    if not access.can_manage_rules(request.user, programme):
        raise Http404
    rule = services.rule_update(user=request.user, programme=programme, code=code, **payload.dict())
    setting = next(s for s in selectors.rule_settings(programme) if s.code == rule.code)
    return {
        "code": setting.code,
        "section": setting.rule.section,
        "title": str(setting.rule.title),
        "condition": setting.condition,
        "threshold": setting.threshold,
        "enabled": setting.enabled,
    }


__all__ = ["router", "EvaluationReport"]
