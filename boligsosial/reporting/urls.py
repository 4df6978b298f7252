from django.urls import path

from boligsosial.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("indikatorer/", views.catalogue, name="catalogue"),
    path("indikatorer/<slug:code>/", views.indicator_detail, name="indicator"),
    path("program/<int:programme_pk>/perioder/", views.periods, name="periods"),
    path("perioder/<int:period_pk>/frist/", views.period_deadline, name="period_deadline"),
    path("program/<int:programme_pk>/tabell/", views.programme_table, name="programme_table"),
    path("program/<int:programme_pk>/import/", views.csv_import, name="csv_import"),
    path("program/<int:programme_pk>/eksport/", views.export, name="export"),
    path("dhis2-koblinger/", views.dhis2_mapping, name="dhis2_mapping"),
    path(
        "programkommuner/<int:pk>/perioder/<int:period_pk>/start/",
        views.report_start,
        name="report_start",
    ),
    path("programkommuner/<int:pk>/utvikling/", views.trend, name="trend"),
    path("rapporter/<int:pk>/", views.report_detail, name="report"),
    path("rapporter/<int:pk>/rediger/", views.report_edit, name="report_edit"),
    path("rapporter/<int:pk>/send-inn/", views.report_submit, name="report_submit"),
    path("rapporter/<int:pk>/returner/", views.report_return, name="report_return"),
    path("rapporter/<int:pk>/godkjenn/", views.report_approve, name="report_approve"),
    path("rapporter/<int:pk>/gjenapne/", views.report_reopen, name="report_reopen"),
    path("rapporter/<int:pk>/excel/", views.report_excel, name="report_excel"),
]
