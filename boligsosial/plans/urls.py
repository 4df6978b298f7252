from django.urls import path

from boligsosial.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.index, name="index"),
    path("bibliotek/", views.library, name="library"),
    path("malgrupper/", views.target_groups, name="target_groups"),
    path("programkommuner/<int:pk>/", views.participation_plan, name="participation"),
    path("programkommuner/<int:pk>/mal/nytt/", views.goal_edit, name="goal_create"),
    path("programkommuner/<int:pk>/mal/<int:goal_pk>/", views.goal_edit, name="goal_edit"),
    path(
        "programkommuner/<int:pk>/mal/<int:goal_pk>/slett/", views.goal_delete, name="goal_delete"
    ),
    path(
        "programkommuner/<int:pk>/mal/<int:goal_pk>/malinger/",
        views.measurement_add,
        name="measurement_add",
    ),
    path("programkommuner/<int:pk>/tiltak/nytt/", views.measure_create, name="measure_create"),
    path("tiltak/<int:pk>/", views.measure_detail, name="measure"),
    path("tiltak/<int:pk>/rediger/", views.measure_edit, name="measure_edit"),
    path("tiltak/<int:pk>/status/", views.measure_status, name="measure_status"),
    path("tiltak/<int:pk>/publisering/", views.measure_publish, name="measure_publish"),
    path("tiltak/<int:pk>/slett/", views.measure_delete, name="measure_delete"),
    path("tiltak/<int:pk>/finansiering/", views.funding_add, name="funding_add"),
    path(
        "tiltak/<int:pk>/finansiering/<int:funding_pk>/fjern/",
        views.funding_remove,
        name="funding_remove",
    ),
    path("tiltak/<int:pk>/resultater/nytt/", views.result_create, name="result_create"),
    path(
        "tiltak/<int:pk>/resultater/<int:result_pk>/slett/",
        views.result_delete,
        name="result_delete",
    ),
    path(
        "tiltak/<int:pk>/resultater/<int:result_pk>/dokumentasjon/",
        views.evidence_add,
        name="evidence_add",
    ),
    path(
        "tiltak/<int:pk>/dokumentasjon/<int:evidence_pk>/slett/",
        views.evidence_delete,
        name="evidence_delete",
    ),
    path("dokumentasjon/<int:pk>/", views.evidence_download, name="evidence"),
]
