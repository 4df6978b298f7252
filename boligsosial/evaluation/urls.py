from django.urls import path

from boligsosial.evaluation.views import (
    answers,
    coding,
    documents,
    evaluations,
    interviews,
    questionnaires,
    quotes,
)

app_name = "evaluation"
urlpatterns = [
    path("", evaluations.index, name="index"),
    path("ny/", evaluations.evaluation_create, name="create"),
    path("<int:pk>/", evaluations.evaluation_detail, name="detail"),
    path("<int:pk>/rediger/", evaluations.evaluation_edit, name="edit"),
    path("<int:pk>/resultater/", evaluations.results, name="results"),
    path(
        "<int:pk>/importer-skjema/",
        questionnaires.questionnaire_import,
        name="questionnaire_import",
    ),
    path("<int:pk>/intervjuer/", interviews.interviews, name="interviews"),
    path(
        "<int:pk>/intervjuer/ny/<int:guide_pk>/",
        interviews.interview_create,
        name="interview_create",
    ),
    path("<int:pk>/dokumenter/", documents.documents, name="documents"),
    path("<int:pk>/kodebok/", coding.codebook, name="codebook"),
    path("<int:pk>/kodebok/importer/", coding.codebook_import, name="codebook_import"),
    path("<int:pk>/kodebok.qdc", coding.codebook_export, name="codebook_export"),
    path("<int:pk>/prosjekt.qdpx", coding.project_export, name="project_export"),
    path("<int:pk>/matrise/", coding.matrix, name="matrix"),
    path("<int:pk>/utdrag/", coding.retrieve, name="retrieve"),
    path("<int:pk>/sitater/", quotes.quotes, name="quotes"),
    path("<int:pk>/samsvar/", coding.agreement, name="agreement"),
    path("skjema/<int:pk>/", questionnaires.questionnaire_detail, name="questionnaire"),
    path("skjema/<int:pk>/sporsmal/", questionnaires.question_add, name="question_add"),
    path(
        "skjema/<int:pk>/sporsmal/<int:question_pk>/fjern/",
        questionnaires.question_delete,
        name="question_delete",
    ),
    path(
        "skjema/<int:pk>/status/", questionnaires.questionnaire_status, name="questionnaire_status"
    ),
    path("skjema/<int:pk>/respondenter/", questionnaires.respondent_add, name="respondent_add"),
    path(
        "skjema/<int:pk>/xlsform.xlsx",
        questionnaires.questionnaire_xlsform,
        name="questionnaire_xlsform",
    ),
    path("respondent/<int:pk>/", answers.respondent_answer, name="respondent_answer"),
    path(
        "respondent/<int:pk>/ny-lenke/",
        questionnaires.respondent_new_link,
        name="respondent_new_link",
    ),
    path("svar/<str:token>/", answers.answer_by_link, name="answer_by_link"),
    path("guide/<int:pk>/", interviews.guide_detail, name="guide"),
    path("intervju/<int:pk>/", interviews.interview_detail, name="interview"),
    path("intervju/<int:pk>/rediger/", interviews.interview_edit, name="interview_edit"),
    path("dokument/<int:pk>/", documents.document_detail, name="document"),
    path("dokument/<int:pk>/last-ned/", documents.document_download, name="document_download"),
    path("dokument/<int:pk>/slett/", documents.document_delete, name="document_delete"),
    path("utdrag/<int:pk>/slett/", coding.passage_delete, name="passage_delete"),
    path("utdrag/<int:pk>/memo/", coding.passage_memo, name="passage_memo"),
    path("utdrag/<int:pk>/sitat/", coding.passage_quote, name="passage_quote"),
    path("sitat/<int:pk>/vurder/", quotes.quote_decide, name="quote_decide"),
    path("kilde/<int:pk>/avgjor/", coding.agreement_settle, name="agreement_settle"),
]
