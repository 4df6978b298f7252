from django.urls import path

from boligsosial.instruments.views import analyses, applications, frames, imports

app_name = "instruments"
urlpatterns = [
    path("", analyses.index, name="index"),
    path("vekst/", analyses.growth, name="growth"),
    path("andel/", analyses.share, name="share"),
    path("sammenligning/", analyses.comparison, name="comparison"),
    path("effekt/", analyses.did, name="did"),
    path("tall/", analyses.figures, name="figures"),
    path("serie/", analyses.series, name="series"),
    path("rammer/", frames.frames, name="frames"),
    path("rammer/ny/", frames.frame_edit, name="frame_create"),
    path("rammer/<int:pk>/", frames.frame_edit, name="frame_edit"),
    path("soknader/", applications.applications, name="applications"),
    path("soknader/ny/", applications.application_create, name="application_create"),
    path("soknader/<int:pk>/", applications.application_detail, name="application"),
    path("soknader/<int:pk>/endre/", applications.application_edit, name="application_edit"),
    path("soknader/<int:pk>/send/", applications.application_submit, name="application_submit"),
    path("soknader/<int:pk>/tilbake/", applications.application_return, name="application_return"),
    path("soknader/<int:pk>/vedtak/", applications.application_decide, name="application_decide"),
    path("soknader/<int:pk>/utbetaling/", applications.payment_add, name="payment_add"),
    path("soknader/<int:pk>/sluttrapport/", applications.final_report, name="final_report"),
    path("import/", imports.import_data, name="import"),
    path("import/ssb/", imports.ssb_fetch, name="ssb_fetch"),
]
