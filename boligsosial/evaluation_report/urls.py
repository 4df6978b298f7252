from django.urls import path

from boligsosial.evaluation_report import views, views_checks, views_draft

app_name = "evaluation_report"
urlpatterns = [
    path("", views.index, name="index"),
    path("regler/<int:programme_pk>/", views.rules, name="rules"),
    path("<int:pk>/", views_draft.report_detail, name="report"),
    path("<int:pk>/usannsynlige-tall/", views_checks.implausible, name="implausible_figures"),
    path("<int:pk>/grunnlag/", views_checks.evidence, name="evidence"),
    path("<int:pk>/del/<slug:part_id>/", views_checks.part, name="part"),
    path("<int:pk>/rediger/", views.report_edit, name="report_edit"),
    path("<int:pk>/tekster/", views.narratives, name="narratives"),
    path("<int:pk>/tekster/<str:key>/", views.narrative_edit, name="narrative_edit"),
    path("<int:pk>/anbefalinger/", views.recommendations, name="recommendations"),
    path(
        "<int:pk>/anbefalinger/<str:rule>/vurder/",
        views.recommendation_decide,
        name="recommendation_decide",
    ),
    path("<int:pk>/publiser/", views.publish, name="publish"),
    path("<int:pk>/lag-fil/", views.generate, name="generate"),
    path("<int:pk>/versjoner/<int:number>/", views.version_detail, name="version"),
    path(
        "<int:pk>/versjoner/<int:number>/del/<slug:part_id>/",
        views.version_part,
        name="version_part",
    ),
    path("<int:pk>/versjoner/<int:number>/lag-fil/", views.generate, name="generate_version"),
    path("filer/<int:pk>/", views.job_detail, name="job"),
    path("filer/<int:pk>/last-ned/", views.job_download, name="job_download"),
]
