"""The authorisation matrix's expectations, in one place: for every page route (URL name) and
every API operation (operation id without the "boligsosial_" prefix), who may read and who
may write, in the tags of matrix_world.tags():

  admin        Husbanken administrator
  contact      any Husbanken programme contact; own_contact: the one following the object's
               municipality
  municipal    a user of the object's municipality (leader or member; `leader` only the leader)
               — or, for programme-wide objects, of any municipality in the programme
  outsider     a municipal user of another municipality than the object's
  evaluator    any evaluator; team: one in the evaluation's team
  viewer       read-only viewer
  anonymous    not logged in

A page entry's `write` lists who may POST to it (empty: the page takes no POST and is not
tried). An API entry's `read` is who may see the object, `write` who may call the (unsafe)
operation. `get="post_only"`: GET answers 405 to everybody logged in. `get="absent"`: the route answers
404 to everybody, anonymous included (a feature that is switched off). `markers=False`: the
route shows other municipalities' texts by design (named below), so the marker check is off.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Access:
    read: frozenset[str]
    write: frozenset[str] = frozenset()
    get: str = "page"
    markers: bool = True


def tags(*names: str) -> frozenset[str]:
    return frozenset(names)


NOBODY = tags()
PUBLIC = tags("admin", "contact", "municipal", "evaluator", "viewer", "outsider", "anonymous")
LOGGED_IN = tags("admin", "contact", "municipal", "evaluator", "viewer", "outsider")
PROGRAMME = tags("admin", "contact", "municipal", "evaluator", "viewer")  # whole programme + own
HUSBANKEN = tags("admin", "contact")
HUSBANKEN_MUNICIPAL = tags("admin", "contact", "municipal")
ADMIN = tags("admin")
PARTICIPATION_EDITORS = tags("admin", "own_contact")  # accounts.access.can_edit_participation
ORGANISATION_EDITORS = tags("admin", "own_contact", "municipal")  # can_edit_organisation
REPORT_FILLERS = tags("admin", "municipal")  # reporting.access.can_fill_in
REPORT_SUBMITTERS = tags("admin", "leader")
EVALUATION_READERS = tags("admin", "contact", "evaluator")
EVALUATION_INDEX = tags("admin", "contact", "municipal", "evaluator")  # + own respondent forms
RESPONDENT_READERS = tags("admin", "contact", "municipal", "evaluator")
EVALUATORS = tags("evaluator")
TEAM = tags("team")


def page(read, write=NOBODY, **kw) -> Access:
    return Access(read, write, **kw)


def action(read, write) -> Access:
    """A route that only takes POST (a button): GET is 405 for everybody logged in."""
    return Access(read, write, get="post_only")


PAGES: dict[str, Access] = {
    "<root>": page(PUBLIC),
    "accounts:login": page(PUBLIC, PUBLIC),
    "accounts:logout": action(PUBLIC, PUBLIC),
    "accounts:password_change": page(LOGGED_IN, LOGGED_IN),
    "accounts:password_change_done": page(LOGGED_IN),
    "accounts:password_reset": page(PUBLIC, PUBLIC),
    "accounts:password_reset_done": page(PUBLIC),
    "accounts:password_reset_confirm": page(PUBLIC, PUBLIC),
    "accounts:password_reset_complete": page(PUBLIC),
    # Single sign-on answers 404 to everybody until OIDC_CLIENT_ID is set (tested end to end
    # in accounts/tests/test_single_sign_on.py against a real provider).
    "oidc_authentication_init": page(NOBODY, get="absent"),
    "oidc_authentication_callback": page(NOBODY, get="absent"),
    "oidc_logout": page(NOBODY, get="absent"),
    "health": page(PUBLIC),
    "favicon": page(PUBLIC),  # a redirect to the static icon
    # The no-work request the load benchmark measures beside every page.
    "ping": page(PUBLIC),
    "set_language": page(PUBLIC, PUBLIC),
    # The municipality register is public knowledge (codes and names) for everyone logged in.
    "municipalities:list": page(LOGGED_IN),
    "municipalities:detail": page(LOGGED_IN),
    "programmes:portfolio": page(LOGGED_IN),
    "programmes:participation_create": page(ADMIN, ADMIN),
    "programmes:regions": page(HUSBANKEN),
    "programmes:region_create": page(ADMIN, ADMIN),
    "programmes:region": page(HUSBANKEN),
    "programmes:region_edit": page(ADMIN, ADMIN),
    "programmes:region_served": page(ADMIN, ADMIN),
    "programmes:participation": page(PROGRAMME),
    "programmes:participation_edit": page(PARTICIPATION_EDITORS, PARTICIPATION_EDITORS),
    "programmes:organisation_edit": page(ORGANISATION_EDITORS, ORGANISATION_EDITORS),
    "programmes:partner_add": action(PROGRAMME, ORGANISATION_EDITORS),
    "programmes:partner_remove": action(PROGRAMME, ORGANISATION_EDITORS),
    "programmes:phase_create": page(PARTICIPATION_EDITORS, PARTICIPATION_EDITORS),
    "programmes:phase_edit": page(PARTICIPATION_EDITORS, PARTICIPATION_EDITORS),
    "programmes:phase_delete": action(PROGRAMME, PARTICIPATION_EDITORS),
    "reporting:index": page(LOGGED_IN),
    "reporting:catalogue": page(LOGGED_IN),
    "reporting:indicator": page(LOGGED_IN, ADMIN),
    "reporting:periods": page(PROGRAMME, ADMIN),
    "reporting:period_deadline": page(ADMIN, ADMIN),
    "reporting:programme_table": page(PROGRAMME),
    "reporting:csv_import": page(REPORT_FILLERS, REPORT_FILLERS),
    "reporting:export": page(HUSBANKEN),
    "reporting:dhis2_mapping": page(ADMIN, ADMIN),
    "reporting:report_start": action(PROGRAMME, REPORT_FILLERS),
    "reporting:trend": page(PROGRAMME),
    "reporting:report": page(PROGRAMME),
    "reporting:report_edit": page(REPORT_FILLERS, REPORT_FILLERS),
    "reporting:report_submit": action(PROGRAMME, REPORT_SUBMITTERS),
    "reporting:report_return": action(PROGRAMME, PARTICIPATION_EDITORS),
    "reporting:report_approve": action(PROGRAMME, PARTICIPATION_EDITORS),
    "reporting:report_reopen": action(PROGRAMME, PARTICIPATION_EDITORS),
    "reporting:report_excel": page(PROGRAMME, REPORT_FILLERS),
    "plans:index": page(LOGGED_IN),
    "plans:library": page(LOGGED_IN),
    "plans:target_groups": page(LOGGED_IN),
    "plans:participation": page(PROGRAMME),
    "plans:goal_create": page(ORGANISATION_EDITORS, ORGANISATION_EDITORS),
    "plans:goal_edit": page(ORGANISATION_EDITORS, ORGANISATION_EDITORS),
    "plans:goal_delete": action(PROGRAMME, ORGANISATION_EDITORS),
    "plans:measurement_add": action(PROGRAMME, ORGANISATION_EDITORS),
    "plans:measure_create": page(ORGANISATION_EDITORS, ORGANISATION_EDITORS),
    # The world's measures are drafts: private to the municipality and Husbanken.
    "plans:measure": page(HUSBANKEN_MUNICIPAL),
    "plans:measure_edit": page(ORGANISATION_EDITORS, ORGANISATION_EDITORS),
    "plans:measure_status": action(HUSBANKEN_MUNICIPAL, ORGANISATION_EDITORS),
    "plans:measure_publish": action(HUSBANKEN_MUNICIPAL, ORGANISATION_EDITORS),
    "plans:measure_delete": action(HUSBANKEN_MUNICIPAL, ORGANISATION_EDITORS),
    "plans:funding_add": action(HUSBANKEN_MUNICIPAL, ORGANISATION_EDITORS),
    "plans:funding_remove": action(HUSBANKEN_MUNICIPAL, ORGANISATION_EDITORS),
    "plans:result_create": page(ORGANISATION_EDITORS, ORGANISATION_EDITORS),
    "plans:result_delete": action(HUSBANKEN_MUNICIPAL, ORGANISATION_EDITORS),
    "plans:evidence_add": action(HUSBANKEN_MUNICIPAL, ORGANISATION_EDITORS),
    "plans:evidence_delete": action(HUSBANKEN_MUNICIPAL, ORGANISATION_EDITORS),
    "plans:evidence": page(HUSBANKEN_MUNICIPAL),
    "followup:index": page(LOGGED_IN),
    "followup:participation": page(PROGRAMME),
    "followup:meeting_create": page(ORGANISATION_EDITORS, ORGANISATION_EDITORS),
    "followup:meeting": page(PROGRAMME),
    "followup:meeting_edit": page(ORGANISATION_EDITORS, ORGANISATION_EDITORS),
    "followup:meeting_delete": action(PROGRAMME, ORGANISATION_EDITORS),
    "followup:action_add": action(PROGRAMME, ORGANISATION_EDITORS),
    "followup:action_status": action(PROGRAMME, ORGANISATION_EDITORS),
    "followup:arenas": page(LOGGED_IN),
    "followup:arena_create": page(HUSBANKEN, HUSBANKEN),
    "followup:arena": page(PROGRAMME),
    "followup:arena_edit": page(HUSBANKEN, HUSBANKEN),
    "followup:attendance_set": action(PROGRAMME, HUSBANKEN),
    "followup:feedback_add": action(PROGRAMME, HUSBANKEN_MUNICIPAL),
    "instruments:index": page(LOGGED_IN),
    "instruments:growth": page(LOGGED_IN),
    "instruments:share": page(LOGGED_IN),
    "instruments:comparison": page(LOGGED_IN),
    "instruments:did": page(LOGGED_IN),
    "instruments:figures": page(LOGGED_IN),
    "instruments:series": page(LOGGED_IN),
    "instruments:frames": page(LOGGED_IN),
    "instruments:frame_create": page(ADMIN, ADMIN),
    "instruments:frame_edit": page(ADMIN, ADMIN),
    "instruments:applications": page(LOGGED_IN),
    "instruments:application_create": page(HUSBANKEN_MUNICIPAL, HUSBANKEN_MUNICIPAL),
    "instruments:application": page(PROGRAMME),
    "instruments:application_edit": action(PROGRAMME, ORGANISATION_EDITORS),
    "instruments:application_submit": action(PROGRAMME, ORGANISATION_EDITORS),
    "instruments:application_return": action(PROGRAMME, PARTICIPATION_EDITORS),
    "instruments:application_decide": action(PROGRAMME, PARTICIPATION_EDITORS),
    "instruments:payment_add": action(PROGRAMME, PARTICIPATION_EDITORS),
    "instruments:final_report": action(PROGRAMME, PARTICIPATION_EDITORS),
    "instruments:import": page(ADMIN, ADMIN),
    "instruments:ssb_fetch": action(ADMIN, ADMIN),
    "evaluation:index": page(EVALUATION_INDEX),
    "evaluation:create": page(EVALUATORS, EVALUATORS),
    "evaluation:detail": page(EVALUATION_READERS),
    "evaluation:edit": page(TEAM, TEAM),
    "evaluation:results": page(EVALUATION_READERS),
    "evaluation:questionnaire_import": page(TEAM, TEAM),
    "evaluation:interviews": page(TEAM),
    "evaluation:interview_create": page(TEAM, TEAM),
    "evaluation:documents": page(EVALUATION_READERS, TEAM),
    "evaluation:codebook": page(EVALUATION_READERS, TEAM),
    "evaluation:codebook_import": page(TEAM, TEAM),
    "evaluation:codebook_export": page(EVALUATION_READERS),
    "evaluation:project_export": page(TEAM),
    "evaluation:matrix": page(EVALUATION_READERS),
    "evaluation:retrieve": page(TEAM),
    "evaluation:quotes": page(EVALUATION_READERS),
    "evaluation:agreement": page(EVALUATION_READERS),
    "evaluation:questionnaire": page(EVALUATION_READERS),
    "evaluation:question_add": action(EVALUATION_READERS, TEAM),
    "evaluation:question_delete": action(EVALUATION_READERS, TEAM),
    "evaluation:questionnaire_status": action(EVALUATION_READERS, TEAM),
    "evaluation:respondent_add": action(EVALUATION_READERS, TEAM),
    "evaluation:questionnaire_xlsform": page(EVALUATION_READERS),
    "evaluation:respondent_answer": page(RESPONDENT_READERS, tags("municipal")),
    "evaluation:respondent_new_link": action(EVALUATION_READERS, TEAM),
    # The personal link: the token alone opens that one respondent's form, without log-in.
    "evaluation:answer_by_link": page(PUBLIC, PUBLIC, markers=False),
    "evaluation:guide": page(EVALUATION_READERS),
    "evaluation:interview": page(TEAM),
    "evaluation:interview_edit": page(TEAM, TEAM),
    "evaluation:document": page(EVALUATION_READERS, TEAM),
    "evaluation:document_download": page(EVALUATION_READERS),
    "evaluation:document_delete": action(EVALUATION_READERS, TEAM),
    "evaluation:passage_delete": action(TEAM, TEAM),
    "evaluation:passage_memo": action(TEAM, TEAM),
    "evaluation:passage_quote": action(TEAM, TEAM),
    "evaluation:quote_decide": action(TEAM, TEAM),
    "evaluation:agreement_settle": action(TEAM, TEAM),
    "evaluation_report:index": page(LOGGED_IN, EVALUATORS),
    # Finding 6 of issue 11: thresholds are written by the evaluation's team only.
    "evaluation_report:rules": page(EVALUATION_READERS, TEAM),
    # Published versions are a public document of the programme: everyone in it reads them.
    "evaluation_report:report": page(PROGRAMME),
    "evaluation_report:report_edit": page(TEAM, TEAM),
    "evaluation_report:narratives": page(EVALUATION_READERS),
    # The draft's implausible figures, a group at a time: the draft's readers only.
    "evaluation_report:implausible_figures": page(EVALUATION_READERS),
    # The draft's evidence list (its appendix 4) on a page of its own: likewise.
    "evaluation_report:evidence": page(EVALUATION_READERS),
    # A municipality's section of the draft (or a national report's long table): likewise.
    "evaluation_report:part": page(EVALUATION_READERS),
    "evaluation_report:narrative_edit": page(TEAM, TEAM),
    "evaluation_report:recommendations": page(EVALUATION_READERS),
    "evaluation_report:recommendation_decide": action(EVALUATION_READERS, TEAM),
    "evaluation_report:publish": action(EVALUATION_READERS, TEAM),
    "evaluation_report:generate": action(EVALUATION_READERS, EVALUATION_READERS),
    # A published version describes every municipality in the programme by design.
    "evaluation_report:version": page(PROGRAMME, markers=False),
    # A municipality's section of a published version on a page of its own: likewise.
    "evaluation_report:version_part": page(PROGRAMME, markers=False),
    "evaluation_report:generate_version": action(PROGRAMME, PROGRAMME),
    # A generated file is its job's: only who started it (and administrators) see it.
    "evaluation_report:job": page(tags("admin", "team")),
    "evaluation_report:job_download": page(tags("admin", "team")),
    # Background jobs (jobs app): everyone has a list of their own; a job is seen and
    # cancelled only by who started it and by administrators.
    "jobs:list": page(LOGGED_IN),
    "jobs:detail": page(tags("admin", "team")),
    "jobs:cancel": action(tags("admin", "team"), tags("admin", "team")),
}


def api(read, write=NOBODY, **kw) -> Access:
    return Access(read, write, **kw)


API: dict[str, Access] = {
    "municipalities_api_list_municipalities": api(LOGGED_IN),
    "municipalities_api_map_code": api(LOGGED_IN),
    "municipalities_api_municipality_history": api(LOGGED_IN),
    "programmes_api_list_programmes": api(LOGGED_IN),
    "programmes_api_list_participations": api(LOGGED_IN),
    "programmes_api_get_participation": api(PROGRAMME),
    "programmes_api_update_participation": api(PROGRAMME, PARTICIPATION_EDITORS),
    "programmes_api_get_organisation": api(PROGRAMME),
    "programmes_api_update_organisation": api(PROGRAMME, ORGANISATION_EDITORS),
    "programmes_api_list_phases": api(PROGRAMME),
    "programmes_api_create_phase": api(PROGRAMME, PARTICIPATION_EDITORS),
    "programmes_api_update_phase": api(PROGRAMME, PARTICIPATION_EDITORS),
    "programmes_api_delete_phase": api(PROGRAMME, PARTICIPATION_EDITORS),
    "reporting_api_list_indicators": api(LOGGED_IN),
    "reporting_api_get_indicator": api(LOGGED_IN),
    "reporting_api_list_periods": api(PROGRAMME),
    "reporting_api_get_completeness": api(PROGRAMME),
    "reporting_api_get_table": api(PROGRAMME),
    "reporting_api_list_reports": api(LOGGED_IN),
    # The minimal body names municipality A's participation.
    "reporting_api_start_report": api(PROGRAMME, REPORT_FILLERS),
    "reporting_api_get_report": api(PROGRAMME),
    "reporting_api_save_values": api(PROGRAMME, REPORT_FILLERS),
    "reporting_api_submit_report": api(PROGRAMME, REPORT_SUBMITTERS),
    "reporting_api_return_report": api(PROGRAMME, PARTICIPATION_EDITORS),
    "reporting_api_approve_report": api(PROGRAMME, PARTICIPATION_EDITORS),
    "reporting_api_reopen_report": api(PROGRAMME, PARTICIPATION_EDITORS),
    "reporting_api_export_values": api(HUSBANKEN),
    "plans_api_goals_list_goals": api(PROGRAMME),
    "plans_api_goals_create_goal": api(PROGRAMME, ORGANISATION_EDITORS),
    "plans_api_goals_update_goal": api(PROGRAMME, ORGANISATION_EDITORS),
    "plans_api_goals_delete_goal": api(PROGRAMME, ORGANISATION_EDITORS),
    "plans_api_goals_add_measurement": api(PROGRAMME, ORGANISATION_EDITORS),
    "plans_api_measures_list_measures": api(PROGRAMME),
    "plans_api_measures_create_measure": api(PROGRAMME, ORGANISATION_EDITORS),
    "plans_api_measures_get_measure": api(HUSBANKEN_MUNICIPAL),
    "plans_api_measures_update_measure": api(HUSBANKEN_MUNICIPAL, ORGANISATION_EDITORS),
    "plans_api_measures_delete_measure": api(HUSBANKEN_MUNICIPAL, ORGANISATION_EDITORS),
    "plans_api_measures_set_status": api(HUSBANKEN_MUNICIPAL, ORGANISATION_EDITORS),
    "plans_api_measures_publish": api(HUSBANKEN_MUNICIPAL, ORGANISATION_EDITORS),
    "plans_api_measures_add_funding": api(HUSBANKEN_MUNICIPAL, ORGANISATION_EDITORS),
    "plans_api_measures_delete_funding": api(HUSBANKEN_MUNICIPAL, ORGANISATION_EDITORS),
    "plans_api_results_create_result": api(HUSBANKEN_MUNICIPAL, ORGANISATION_EDITORS),
    "plans_api_results_delete_result": api(HUSBANKEN_MUNICIPAL, ORGANISATION_EDITORS),
    "plans_api_results_add_evidence": api(HUSBANKEN_MUNICIPAL, ORGANISATION_EDITORS),
    "plans_api_results_delete_evidence": api(HUSBANKEN_MUNICIPAL, ORGANISATION_EDITORS),
    "plans_api_results_download_evidence": api(HUSBANKEN_MUNICIPAL),
    "plans_api_library_library": api(LOGGED_IN),
    "plans_api_library_started_measures": api(PROGRAMME),
    "followup_api_list_summaries": api(LOGGED_IN),
    "followup_api_get_summary": api(PROGRAMME),
    "followup_api_list_meetings": api(PROGRAMME),
    "followup_api_create_meeting": api(PROGRAMME, ORGANISATION_EDITORS),
    "followup_api_update_meeting": api(PROGRAMME, ORGANISATION_EDITORS),
    "followup_api_delete_meeting": api(PROGRAMME, ORGANISATION_EDITORS),
    "followup_api_add_action": api(PROGRAMME, ORGANISATION_EDITORS),
    "followup_api_update_action": api(PROGRAMME, ORGANISATION_EDITORS),
    "followup_api_list_arenas": api(PROGRAMME),
    "followup_api_create_arena": api(PROGRAMME, HUSBANKEN),
    "followup_api_update_arena": api(PROGRAMME, HUSBANKEN),
    "followup_api_set_attendance": api(PROGRAMME, HUSBANKEN),
    # The minimal body gives feedback for municipality A.
    "followup_api_add_feedback": api(PROGRAMME, HUSBANKEN_MUNICIPAL),
    "followup_api_get_attendance": api(PROGRAMME),
    "instruments_api_figures_list_instruments": api(LOGGED_IN),
    "instruments_api_figures_list_figures": api(LOGGED_IN),
    "instruments_api_figures_save_figure": api(LOGGED_IN, ADMIN),
    "instruments_api_figures_import_figures": api(LOGGED_IN, ADMIN),
    "instruments_api_figures_import_statistics": api(LOGGED_IN, ADMIN),
    # Context statistics (KOSTRA/SSB) are public figures about every municipality.
    "instruments_api_figures_statistics": api(LOGGED_IN),
    "instruments_api_frames_list_frames": api(LOGGED_IN),
    "instruments_api_frames_save_frame": api(LOGGED_IN, ADMIN),
    "instruments_api_applications_list_applications": api(LOGGED_IN),
    # The minimal body applies for municipality A.
    "instruments_api_applications_create_application": api(PROGRAMME, HUSBANKEN_MUNICIPAL),
    "instruments_api_applications_get_application": api(PROGRAMME),
    "instruments_api_applications_submit_application": api(PROGRAMME, ORGANISATION_EDITORS),
    "instruments_api_applications_decide_application": api(PROGRAMME, PARTICIPATION_EDITORS),
    "instruments_api_applications_add_payment": api(PROGRAMME, PARTICIPATION_EDITORS),
    "instruments_api_analyses_analysis_growth": api(LOGGED_IN),
    "instruments_api_analyses_analysis_share": api(LOGGED_IN),
    "instruments_api_analyses_analysis_comparison": api(LOGGED_IN),
    "instruments_api_analyses_analysis_did": api(LOGGED_IN),
    # A series of one municipality's figures: municipal users only for their own.
    "instruments_api_analyses_analysis_series": api(PROGRAMME),
    "instruments_api_frames_get_frame": api(LOGGED_IN),
    "instruments_api_figures_region_members": api(LOGGED_IN),
    "instruments_api_figures_set_region_members": api(LOGGED_IN, ADMIN),
    # Lists answer everyone logged in, filtered to what each may see (markers are checked).
    "evaluation_api_list_evaluations": api(LOGGED_IN),
    "evaluation_api_get_evaluation": api(EVALUATION_READERS),
    "evaluation_api_list_questionnaires": api(EVALUATION_READERS),
    "evaluation_api_results": api(EVALUATION_READERS),
    "evaluation_api_informants": api(EVALUATION_READERS),
    "evaluation_api_code_matrix": api(EVALUATION_READERS),
    "evaluation_api_quotes": api(EVALUATION_READERS),
    "evaluation_api_agreement": api(EVALUATION_READERS),
    "evaluation_api_add_respondent": api(EVALUATION_READERS, TEAM),
    "evaluation_api_save_answers": api(RESPONDENT_READERS, tags("municipal")),
    "evaluation_api_get_respondent": api(RESPONDENT_READERS),
    "evaluation_api_add_passage": api(TEAM, TEAM),
    "evaluation_api_list_passages": api(TEAM),
    "evaluation_api_delete_passage": api(TEAM, TEAM),
    # Interviews are informant material (team only); documents are read by every reader.
    "evaluation_api_fieldwork_list_guides": api(EVALUATION_READERS),
    "evaluation_api_fieldwork_list_interviews": api(TEAM),
    "evaluation_api_fieldwork_create_interview": api(TEAM, TEAM),
    "evaluation_api_fieldwork_get_interview": api(TEAM),
    "evaluation_api_fieldwork_edit_interview": api(TEAM, TEAM),
    "evaluation_api_fieldwork_list_documents": api(EVALUATION_READERS),
    "evaluation_api_fieldwork_upload_document": api(EVALUATION_READERS, TEAM),
    "evaluation_api_fieldwork_get_document": api(EVALUATION_READERS),
    "evaluation_api_fieldwork_download_document": api(EVALUATION_READERS),
    "evaluation_api_fieldwork_delete_document": api(EVALUATION_READERS, TEAM),
    "evaluation_report_api_list_reports": api(LOGGED_IN),
    "evaluation_report_api_get_report": api(PROGRAMME),
    "evaluation_report_api_get_draft": api(EVALUATION_READERS),
    "evaluation_report_api_list_narratives": api(EVALUATION_READERS),
    "evaluation_report_api_get_findings": api(EVALUATION_READERS),
    "evaluation_report_api_get_version": api(PROGRAMME, markers=False),
    "evaluation_report_api_list_recommendations": api(EVALUATION_READERS),
    "evaluation_report_api_decide": api(EVALUATION_READERS, TEAM),
    "evaluation_report_api_save_narrative": api(EVALUATION_READERS, TEAM),
    "evaluation_report_api_publish": api(EVALUATION_READERS, TEAM),
    "evaluation_report_api_create_job": api(PROGRAMME, EVALUATION_READERS),
    "evaluation_report_api_get_job": api(tags("admin", "team")),
    "evaluation_report_api_list_rules": api(EVALUATION_READERS),
    # Finding 6 of issue 11: thresholds are written by the evaluation's team only.
    "evaluation_report_api_update_rule": api(EVALUATION_READERS, TEAM),
}
