"""Which fixture-world object fills each URL keyword and API path parameter.

A spec is "kind" (the object's pk), "kind.attribute", or "=literal". A route whose spec names
an object that exists once per municipality (see matrix_world) is requested for both sides.
"""

PAGE_ARGS: dict[str, dict[str, str]] = {
    "municipalities:detail": {"code": "municipality.code"},
    "programmes:participation": {"pk": "participation"},
    "programmes:region": {"pk": "region"},
    "programmes:region_edit": {"pk": "region"},
    "programmes:region_served": {"pk": "region"},
    "programmes:participation_edit": {"pk": "participation"},
    "programmes:organisation_edit": {"pk": "participation"},
    "programmes:partner_add": {"pk": "participation"},
    "programmes:partner_remove": {"pk": "participation", "partner_pk": "partner"},
    "programmes:phase_create": {"pk": "participation"},
    "programmes:phase_edit": {"pk": "participation", "phase_pk": "phase"},
    "programmes:phase_delete": {"pk": "participation", "phase_pk": "phase"},
    "reporting:indicator": {"code": "=homeless_persons"},
    "reporting:periods": {"programme_pk": "programme"},
    "reporting:period_deadline": {"period_pk": "period"},
    "reporting:programme_table": {"programme_pk": "programme"},
    "reporting:csv_import": {"programme_pk": "programme"},
    "reporting:export": {"programme_pk": "programme"},
    "reporting:report_start": {"pk": "participation", "period_pk": "period"},
    "reporting:trend": {"pk": "participation"},
    "reporting:report": {"pk": "report"},
    "reporting:report_edit": {"pk": "report"},
    "reporting:report_submit": {"pk": "report"},
    "reporting:report_return": {"pk": "report"},
    "reporting:report_approve": {"pk": "report"},
    "reporting:report_reopen": {"pk": "report"},
    "reporting:report_excel": {"pk": "report"},
    "plans:participation": {"pk": "participation"},
    "plans:goal_create": {"pk": "participation"},
    "plans:goal_edit": {"pk": "participation", "goal_pk": "goal"},
    "plans:goal_delete": {"pk": "participation", "goal_pk": "goal"},
    "plans:measurement_add": {"pk": "participation", "goal_pk": "goal"},
    "plans:measure_create": {"pk": "participation"},
    "plans:measure": {"pk": "measure"},
    "plans:measure_edit": {"pk": "measure"},
    "plans:measure_status": {"pk": "measure"},
    "plans:measure_publish": {"pk": "measure"},
    "plans:measure_delete": {"pk": "measure"},
    "plans:funding_add": {"pk": "measure"},
    "plans:funding_remove": {"pk": "measure", "funding_pk": "funding"},
    "plans:result_create": {"pk": "measure"},
    "plans:result_delete": {"pk": "measure", "result_pk": "result"},
    "plans:evidence_add": {"pk": "measure", "result_pk": "result"},
    "plans:evidence_delete": {"pk": "measure", "evidence_pk": "evidence"},
    "plans:evidence": {"pk": "evidence"},
    "followup:participation": {"pk": "participation"},
    "followup:meeting_create": {"pk": "participation"},
    "followup:meeting": {"pk": "participation", "meeting_pk": "meeting"},
    "followup:meeting_edit": {"pk": "participation", "meeting_pk": "meeting"},
    "followup:meeting_delete": {"pk": "participation", "meeting_pk": "meeting"},
    "followup:action_add": {"pk": "participation", "meeting_pk": "meeting"},
    "followup:action_status": {
        "pk": "participation",
        "meeting_pk": "meeting",
        "action_pk": "action",
    },
    "followup:arena": {"arena_pk": "arena"},
    "followup:arena_edit": {"arena_pk": "arena"},
    "followup:attendance_set": {"arena_pk": "arena"},
    "followup:feedback_add": {"arena_pk": "arena"},
    "instruments:frame_edit": {"pk": "frame"},
    "instruments:application": {"pk": "application"},
    "instruments:application_edit": {"pk": "application"},
    "instruments:application_submit": {"pk": "application"},
    "instruments:application_return": {"pk": "application"},
    "instruments:application_decide": {"pk": "application"},
    "instruments:payment_add": {"pk": "application"},
    "instruments:final_report": {"pk": "application"},
    "accounts:password_reset_confirm": {"uidb64": "=MQ", "token": "=set-password"},
    "evaluation:detail": {"pk": "evaluation"},
    "evaluation:edit": {"pk": "evaluation"},
    "evaluation:results": {"pk": "evaluation"},
    "evaluation:questionnaire_import": {"pk": "evaluation"},
    "evaluation:interviews": {"pk": "evaluation"},
    "evaluation:interview_create": {"pk": "evaluation", "guide_pk": "guide"},
    "evaluation:documents": {"pk": "evaluation"},
    "evaluation:codebook": {"pk": "evaluation"},
    "evaluation:codebook_import": {"pk": "evaluation"},
    "evaluation:codebook_export": {"pk": "evaluation"},
    "evaluation:project_export": {"pk": "evaluation"},
    "evaluation:matrix": {"pk": "evaluation"},
    "evaluation:retrieve": {"pk": "evaluation"},
    "evaluation:quotes": {"pk": "evaluation"},
    "evaluation:agreement": {"pk": "evaluation"},
    "evaluation:questionnaire": {"pk": "questionnaire"},
    "evaluation:question_add": {"pk": "questionnaire"},
    "evaluation:question_delete": {"pk": "questionnaire", "question_pk": "question"},
    "evaluation:questionnaire_status": {"pk": "questionnaire"},
    "evaluation:respondent_add": {"pk": "questionnaire"},
    "evaluation:questionnaire_xlsform": {"pk": "questionnaire"},
    "evaluation:respondent_answer": {"pk": "respondent"},
    "evaluation:respondent_new_link": {"pk": "respondent"},
    "evaluation:answer_by_link": {"token": "respondent.token"},
    "evaluation:guide": {"pk": "guide"},
    "evaluation:interview": {"pk": "interview"},
    "evaluation:interview_edit": {"pk": "interview"},
    "evaluation:document": {"pk": "document"},
    "evaluation:document_download": {"pk": "document"},
    "evaluation:document_delete": {"pk": "document"},
    "evaluation:passage_delete": {"pk": "passage"},
    "evaluation:passage_memo": {"pk": "passage"},
    "evaluation:passage_quote": {"pk": "passage"},
    "evaluation:quote_decide": {"pk": "quote"},
    "evaluation:agreement_settle": {"pk": "source"},
    "evaluation_report:rules": {"programme_pk": "programme"},
    "evaluation_report:report": {"pk": "eval_report"},
    "evaluation_report:report_edit": {"pk": "eval_report"},
    "evaluation_report:narratives": {"pk": "eval_report"},
    "evaluation_report:implausible_figures": {"pk": "eval_report"},
    "evaluation_report:evidence": {"pk": "eval_report"},
    "evaluation_report:narrative_edit": {"pk": "eval_report", "key": "=foreword"},
    "evaluation_report:part": {"pk": "eval_report", "part_id": "=s5-1"},
    "evaluation_report:recommendations": {"pk": "eval_report"},
    "evaluation_report:recommendation_decide": {"pk": "eval_report", "rule": "=steering_group"},
    "evaluation_report:publish": {"pk": "eval_report"},
    "evaluation_report:generate": {"pk": "eval_report"},
    "evaluation_report:version": {"pk": "eval_report", "number": "eval_version.number"},
    "evaluation_report:version_part": {
        "pk": "eval_report",
        "number": "eval_version.number",
        "part_id": "=s5-1",
    },
    "evaluation_report:generate_version": {"pk": "eval_report", "number": "eval_version.number"},
    "evaluation_report:job": {"pk": "job"},
    "evaluation_report:job_download": {"pk": "job"},
    "jobs:detail": {"pk": "background_job"},
    "jobs:cancel": {"pk": "background_job"},
}

# API path parameters, by parameter name; a few operations read a parameter differently.
API_PARAMS: dict[str, str] = {
    "programme_id": "programme",
    "programme_pk": "programme",
    "period_id": "period",
    "report_id": "report",
    "phase_pk": "phase",
    "goal_pk": "goal",
    "funding_pk": "funding",
    "result_pk": "result",
    "meeting_pk": "meeting",
    "action_pk": "action",
    "arena_pk": "arena",
    "region": "=sor",
    "number": "eval_version.number",
    "rule": "=steering_group",
    "key": "=foreword",
}

# `pk` and `code` per path prefix (after /api/v1).
API_PK: list[tuple[str, dict[str, str]]] = [
    ("/municipalities/map/", {"code": "municipality.code"}),
    ("/municipalities/", {"code": "municipality.code"}),
    ("/participations/", {"pk": "participation"}),
    ("/reporting/indicators/", {"code": "=homeless_persons"}),
    ("/plans/participations/", {"pk": "participation"}),
    ("/plans/measures/", {"pk": "measure"}),
    ("/plans/evidence/", {"pk": "evidence"}),
    ("/followup/participations/", {"pk": "participation"}),
    ("/instruments/statistics/", {"code": "municipality.code"}),
    ("/instruments/applications/", {"pk": "application"}),
    ("/instruments/frames/", {"pk": "frame"}),
    ("/evaluation/evaluations/", {"pk": "evaluation"}),
    ("/evaluation/questionnaires/", {"pk": "questionnaire"}),
    ("/evaluation/respondents/", {"pk": "respondent"}),
    ("/evaluation/passages/", {"pk": "passage"}),
    ("/evaluation/interviews/", {"pk": "interview"}),
    ("/evaluation/documents/", {"pk": "document"}),
    ("/evaluation-reports/jobs/", {"pk": "job"}),
    ("/evaluation-reports/rules/", {"code": "=steering_group"}),
    ("/evaluation-reports/", {"pk": "eval_report"}),
]


def api_args(path: str) -> dict[str, str]:
    """The spec of every {parameter} in an API path (relative to /api/v1)."""
    import re

    names = re.findall(r"{(\w+)}", path)
    specs: dict[str, str] = {}
    for prefix, found in API_PK:
        if path.startswith(prefix):
            specs.update({k: v for k, v in found.items() if k in names and k not in specs})
            break
    for name in names:
        if name not in specs and name in API_PARAMS:
            specs[name] = API_PARAMS[name]
    missing = [n for n in names if n not in specs]
    if missing:
        raise KeyError(f"{path}: no fixture object for {missing}")
    return specs


# Required query parameters of API operations that the schema alone cannot fill sensibly.
API_QUERY: dict[str, dict[str, str]] = {
    "reporting_api_get_table": {"indicator": "=homeless_persons"},
    "instruments_api_analyses_analysis_series": {
        "code": "municipality.code",
        "structure_date": "=2011-01-01",
        "from_year": "=2009",
        "to_year": "=2011",
    },
    "evaluation_api_quotes": {"code": "=forankring"},
    "evaluation_api_agreement": {"coder_a": "user.evaluator_team", "coder_b": "user.second_coder"},
}
