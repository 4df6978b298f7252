"""REST API for evaluation reports: the same access rules and services as the pages."""

import datetime as dt
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from boligsosial.core.concurrency import require_version
from boligsosial.evaluation_report import access, draft_refresh, selectors, services, stored
from boligsosial.evaluation_report.models import EvaluationReport

router = Router(tags=["Evalueringsrapport"])

MAX_INT = 2**31 - 1


class ReportVersionOut(Schema):
    number: int
    published_at: dt.datetime
    published_by: str | None
    note: str

    @staticmethod
    def resolve_published_by(obj):
        return str(obj.published_by) if obj.published_by else None


class EvaluationReportOut(Schema):
    id: int
    version: int
    title: str
    subtitle: str
    evaluation_id: int
    evaluation: str
    programme: str
    as_of: dt.date
    language: str
    versions: list[ReportVersionOut]

    @staticmethod
    def resolve_evaluation(obj):
        return obj.evaluation.title

    @staticmethod
    def resolve_programme(obj):
        return obj.evaluation.programme.name

    @staticmethod
    def resolve_versions(obj):
        return list(obj.versions.order_by("number"))


class RecommendationDecisionIn(Schema):
    decision: str
    reason: str
    text: str = ""


class ReportNarrativeIn(Schema):
    markdown: str
    version: int | None = Field(
        None, description="Tekstens versjon slik du leste den; 0 når delen ikke har tekst ennå."
    )


class ReportNarrativeOut(Schema):
    key: str
    title: str
    markdown: str
    version: int


class ReportPublishIn(Schema):
    note: str = ""
    version: int | None = Field(None, description="Rapportens versjon slik du leste den.")


class ReportJobIn(Schema):
    format: str
    language: str | None = None
    version: int | None = Field(
        None, ge=1, le=MAX_INT, description="Publisert versjon; tom for utkastet."
    )


class ReportJobOut(Schema):
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


class RecommendationRuleIn(Schema):
    threshold: Decimal
    enabled: bool = True
    version: int | None = Field(
        None, description="Regelens versjon slik du leste den; 0 for en regel med standardterskel."
    )


class RecommendationRuleOut(Schema):
    code: str
    section: str
    title: str
    condition: str
    threshold: Decimal
    enabled: bool
    version: int


@router.get("", response=list[EvaluationReportOut], summary="Evalueringsrapporter du kan se")
def list_reports(request):
    return list(access.visible_reports(request.user).order_by("-as_of", "title"))


@router.get("/{pk}", response=EvaluationReportOut)
def get_report(request, pk: int):
    report, _ = access.get_report_for_user(request.user, pk)
    return report


class DraftBuildingOut(Schema):
    detail: str
    job: int


DRAFT_NOTE = (
    " Over 30 programkommuner beregnes utkastet i bakgrunnen når dataene er endret: svaret er "
    "da det sist beregnede, med overskriften `X-Boligsosial-Draft: stale` og `Retry-After`; "
    "er ingen beregnet ennå, svarer ruten 202 med jobben som beregner det."
)


def _draft_or_building(request, response: HttpResponse, pk: int) -> Status:
    report, _permissions = access.get_report_for_user(request.user, pk, draft=True)
    document, job = draft_refresh.document_for_reader(
        report, language=report.language, reader=request.user
    )
    return _answer(response, document, job, lambda document: document)


def _answer(response: HttpResponse, document: dict | None, job, body) -> Status:
    """200 with `body(document)` (marked stale while `job` rebuilds it), or 202 with the job
    while no draft has been built yet; `Retry-After` whenever a job runs."""
    if job is not None:
        response["Retry-After"] = "30"
    if document is None:
        assert job is not None
        detail = _("Utkastet beregnes i bakgrunnen. Prøv igjen om litt.")
        return Status(202, {"detail": detail, "job": job.pk})
    if job is not None:
        response["X-Boligsosial-Draft"] = "stale"
    return Status(200, body(document))


@router.get(
    "/{pk}/draft",
    response={200: dict, 202: DraftBuildingOut},
    summary="Utkastet beregnet nå: funn, anbefalinger og hele dokumentet",
    description="Hele utkastet som JSON." + DRAFT_NOTE,
)
def get_draft(request, pk: int, response: HttpResponse):
    return _draft_or_building(request, response, pk)


@router.get(
    "/{pk}/findings",
    response={200: dict, 202: DraftBuildingOut},
    summary="Funnene per rapportens dato, med tall og grunnlag",
    description="Funnene i utkastet." + DRAFT_NOTE,
)
def get_findings(request, pk: int, response: HttpResponse):
    # The JSON text is stored beside the draft (2 MB at national scale: validating and
    # encoding it took most of the request); the same text ninja's encoder gives. While a
    # large programme's draft is rebuilt, the last build's text is served the same way.
    report, _permissions = access.get_report_for_user(request.user, pk, draft=True)
    text = stored.findings_json(report, language=report.language)
    if text is not None:
        return HttpResponse(text, content_type="application/json; charset=utf-8")
    if draft_refresh.builds_in_request(report):
        fingerprint = stored.inputs_fingerprint()
        stored.draft_document(report, language=report.language, fingerprint=fingerprint)
        text = stored.findings_json(report, language=report.language, fingerprint=fingerprint)
        assert text is not None
        return HttpResponse(text, content_type="application/json; charset=utf-8")
    job = draft_refresh.start_build(report, language=report.language, reader=request.user)
    response["Retry-After"] = "30"
    text = stored.latest_findings_json(report, language=report.language)
    if text is None:
        detail = _("Utkastet beregnes i bakgrunnen. Prøv igjen om litt.")
        return Status(202, {"detail": detail, "job": job.pk})
    stale = HttpResponse(text, content_type="application/json; charset=utf-8")
    stale["X-Boligsosial-Draft"] = "stale"
    stale["Retry-After"] = "30"
    return stale


@router.get("/{pk}/versions/{number}", summary="En publisert versjon (frosset dokument)")
def get_version(request, pk: int, number: int):
    _report, version, _permissions = access.get_version_for_user(request.user, pk, number)
    return version.document


@router.get(
    "/{pk}/recommendations",
    response={200: list[dict], 202: DraftBuildingOut},
    summary="Forslag fra reglene med siste vurdering",
    description="Forslagene fra utkastets funn." + DRAFT_NOTE,
)
def list_recommendations(request, pk: int, response: HttpResponse):
    # As the recommendations page: a large programme's findings come from the last build
    # (never built in the request); current when only decisions or texts changed since.
    report, _permissions = access.get_report_for_user(request.user, pk, draft=True)
    text = stored.recommendations_json(
        report,
        language=report.language,
        rows=lambda document: _recommendation_rows(report, document),
        build=draft_refresh.builds_in_request(report),
    )
    if text is not None:  # the current draft's, drawn once
        return HttpResponse(text, content_type="application/json; charset=utf-8")
    document, job = draft_refresh.findings_for_decisions(
        report, language=report.language, reader=request.user
    )
    if document is not None:
        job = None
    else:
        document, job = draft_refresh.document_for_reader(
            report, language=report.language, reader=request.user
        )
    return _answer(response, document, job, lambda document: _recommendation_rows(report, document))


def _recommendation_rows(report: EvaluationReport, document: dict) -> list[dict]:
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
        for row in selectors.proposals_for(report, document)
    ]


@router.post("/{pk}/recommendations/{rule}/decision", summary="Godta, endre eller avvis et forslag")
def decide(request, pk: int, rule: str, payload: RecommendationDecisionIn):
    report, _ = access.get_report_for_user(request.user, pk, write=True)
    decision = services.recommendation_decide(
        user=request.user, report=report, rule_code=rule, **payload.dict()
    )
    return {"id": decision.pk, "rule": decision.rule_code, "decision": decision.decision}


@router.get(
    "/{pk}/narratives",
    response=list[ReportNarrativeOut],
    summary="De fortellende tekstene med versjonen en endring må oppgi",
)
def list_narratives(request, pk: int):
    report, _ = access.get_report_for_user(request.user, pk, draft=True)
    stored = {n.key: n for n in report.narratives.all()}
    return [
        {
            "key": key,
            "title": str(title),
            "markdown": stored[key].markdown if key in stored else "",
            "version": stored[key].version if key in stored else 0,
        }
        for key, title in selectors.narrative_keys(report).items()
    ]


@router.put("/{pk}/narratives/{key}", summary="Lagre en fortellende tekst (Markdown)")
def save_narrative(request, pk: int, key: str, payload: ReportNarrativeIn):
    report, _ = access.get_report_for_user(request.user, pk, write=True)
    section = services.narrative_save(
        user=request.user,
        report=report,
        key=key,
        markdown=payload.markdown,
        version=require_version(payload.version, first=0),
    )
    return {"key": section.key, "version": section.version}


@router.post(
    "/{pk}/publish",
    response=ReportVersionOut,
    summary="Publiser: frys tekst og tall som en ny versjon",
)
def publish(request, pk: int, payload: ReportPublishIn):
    report, _ = access.get_report_for_user(request.user, pk, write=True)
    return services.report_publish(
        user=request.user,
        report=report,
        note=payload.note,
        version=require_version(payload.version, report),
    )


@router.post("/{pk}/jobs", response=ReportJobOut, summary="Lag PDF, Word eller HTML i bakgrunnen")
def create_job(request, pk: int, payload: ReportJobIn):
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


@router.get("/jobs/{pk}", response=ReportJobOut, summary="Fremdrift for en generering")
def get_job(request, pk: int):
    job, _ = access.get_job_for_user(request.user, pk)
    return job


@router.get(
    "/rules/{programme_pk}",
    response=list[RecommendationRuleOut],
    summary="Anbefalingsreglene og tersklene for et program",
)
def list_rules(request, programme_pk: int):
    from boligsosial.programmes.models import Programme

    programme = get_object_or_404(Programme, pk=programme_pk)
    if not access.can_read_rules(request.user, programme):
        raise Http404
    return [_rule_out(s) for s in selectors.rule_settings(programme)]


def _rule_out(setting: selectors.RuleSetting) -> dict:
    return {
        "code": setting.code,
        "section": setting.rule.section,
        "title": str(setting.rule.title),
        "condition": setting.condition,
        "threshold": setting.threshold,
        "enabled": setting.enabled,
        "version": setting.version,
    }


@router.put(
    "/rules/{programme_pk}/{code}",
    response=RecommendationRuleOut,
    summary="Endre terskelen for en regel",
)
def update_rule(request, programme_pk: int, code: str, payload: RecommendationRuleIn):
    from boligsosial.programmes.models import Programme

    programme = get_object_or_404(Programme, pk=programme_pk)
    if not access.can_manage_rules(request.user, programme):
        raise Http404
    rule = services.rule_update(
        user=request.user,
        programme=programme,
        code=code,
        threshold=payload.threshold,
        enabled=payload.enabled,
        version=require_version(payload.version, first=0),
    )
    setting = next(s for s in selectors.rule_settings(programme) if s.code == rule.code)
    return _rule_out(setting)


__all__ = ["router", "EvaluationReport"]
