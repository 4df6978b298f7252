from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from boligsosial.core import views as core_views
from boligsosial.ops.health import HealthView, ping
from config.api import api

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="programmes:portfolio", permanent=False)),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("konto/", include("boligsosial.accounts.urls")),
    path("oidc/", include("boligsosial.accounts.oidc_urls")),
    path("jobber/", include("boligsosial.jobs.urls")),
    path("kommuner/", include("boligsosial.municipalities.urls")),
    path("program/", include("boligsosial.programmes.urls")),
    path("rapportering/", include("boligsosial.reporting.urls")),
    path("plan/", include("boligsosial.plans.urls")),
    path("oppfolging/", include("boligsosial.followup.urls")),
    path("virkemidler/", include("boligsosial.instruments.urls")),
    path("evaluering/", include("boligsosial.evaluation.urls")),
    path("evalueringsrapport/", include("boligsosial.evaluation_report.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("helse/", HealthView.as_view(), name="health"),
    path("helse/ping/", ping, name="ping"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
