from django.urls import path

from boligsosial.programmes import region_views, views

app_name = "programmes"
urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("regioner/", region_views.region_list, name="regions"),
    path("regioner/ny/", region_views.region_edit, name="region_create"),
    path("regioner/<int:pk>/", region_views.region_detail, name="region"),
    path("regioner/<int:pk>/endre/", region_views.region_edit, name="region_edit"),
    path("regioner/<int:pk>/kommuner/", region_views.region_served_edit, name="region_served"),
    path("programkommuner/ny/", views.participation_create, name="participation_create"),
    path("programkommuner/<int:pk>/", views.participation_detail, name="participation"),
    path("programkommuner/<int:pk>/rediger/", views.participation_edit, name="participation_edit"),
    path(
        "programkommuner/<int:pk>/organisering/", views.organisation_edit, name="organisation_edit"
    ),
    path("programkommuner/<int:pk>/organisering/partnere/", views.partner_add, name="partner_add"),
    path(
        "programkommuner/<int:pk>/organisering/partnere/<int:partner_pk>/fjern/",
        views.partner_remove,
        name="partner_remove",
    ),
    path("programkommuner/<int:pk>/faser/ny/", views.phase_edit, name="phase_create"),
    path("programkommuner/<int:pk>/faser/<int:phase_pk>/", views.phase_edit, name="phase_edit"),
    path(
        "programkommuner/<int:pk>/faser/<int:phase_pk>/slett/",
        views.phase_delete,
        name="phase_delete",
    ),
]
