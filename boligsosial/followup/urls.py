from django.urls import path

from boligsosial.followup import views

app_name = "followup"
urlpatterns = [
    path("", views.index, name="index"),
    path("programkommuner/<int:pk>/", views.participation_log, name="participation"),
    path("programkommuner/<int:pk>/moter/nytt/", views.meeting_edit, name="meeting_create"),
    path("programkommuner/<int:pk>/moter/<int:meeting_pk>/", views.meeting_detail, name="meeting"),
    path(
        "programkommuner/<int:pk>/moter/<int:meeting_pk>/rediger/",
        views.meeting_edit,
        name="meeting_edit",
    ),
    path(
        "programkommuner/<int:pk>/moter/<int:meeting_pk>/slett/",
        views.meeting_delete,
        name="meeting_delete",
    ),
    path(
        "programkommuner/<int:pk>/moter/<int:meeting_pk>/oppfolgingspunkter/",
        views.action_add,
        name="action_add",
    ),
    path(
        "programkommuner/<int:pk>/moter/<int:meeting_pk>/oppfolgingspunkter/<int:action_pk>/status/",
        views.action_status,
        name="action_status",
    ),
    path("laeringsarenaer/", views.arenas, name="arenas"),
    path("laeringsarenaer/ny/", views.arena_edit, name="arena_create"),
    path("laeringsarenaer/<int:arena_pk>/", views.arena_detail, name="arena"),
    path("laeringsarenaer/<int:arena_pk>/rediger/", views.arena_edit, name="arena_edit"),
    path("laeringsarenaer/<int:arena_pk>/deltakelse/", views.attendance_set, name="attendance_set"),
    path(
        "laeringsarenaer/<int:arena_pk>/tilbakemeldinger/", views.feedback_add, name="feedback_add"
    ),
]
