from django.urls import path

from boligsosial.instruments import views

app_name = "instruments"
urlpatterns = [
    path("", views.index, name="index"),
    path("vekst/", views.growth, name="growth"),
    path("andel/", views.share, name="share"),
    path("sammenligning/", views.comparison, name="comparison"),
    path("effekt/", views.did, name="did"),
    path("tall/", views.figures, name="figures"),
    path("serie/", views.series, name="series"),
    path("rammer/", views.frames, name="frames"),
    path("rammer/ny/", views.frame_edit, name="frame_create"),
    path("rammer/<int:pk>/", views.frame_edit, name="frame_edit"),
    path("soknader/", views.applications, name="applications"),
    path("soknader/ny/", views.application_create, name="application_create"),
    path("soknader/<int:pk>/", views.application_detail, name="application"),
    path("soknader/<int:pk>/endre/", views.application_edit, name="application_edit"),
    path("soknader/<int:pk>/send/", views.application_submit, name="application_submit"),
    path("soknader/<int:pk>/tilbake/", views.application_return, name="application_return"),
    path("soknader/<int:pk>/vedtak/", views.application_decide, name="application_decide"),
    path("soknader/<int:pk>/utbetaling/", views.payment_add, name="payment_add"),
    path("soknader/<int:pk>/sluttrapport/", views.final_report, name="final_report"),
    path("import/", views.import_data, name="import"),
]
