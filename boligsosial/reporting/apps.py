from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "boligsosial.reporting"
    label = "reporting"
    verbose_name = "Rapportering"

    def ready(self) -> None:
        from boligsosial.core.navigation import NavEntry, register

        register(NavEntry(_("Rapportering"), "reporting:index", order=20))
