from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "boligsosial.plans"
    label = "plans"
    verbose_name = "Mål og tiltak"

    def ready(self) -> None:
        from boligsosial.core.navigation import NavEntry, register

        register(NavEntry(_("Mål og tiltak"), "plans:index", order=30))
