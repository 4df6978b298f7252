from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "boligsosial.plans"
    label = "plans"
    verbose_name = "Mål og tiltak"

    def ready(self) -> None:
        from boligsosial.core.navigation import NavEntry, register

        register(NavEntry(_("Mål og tiltak"), "plans:index", order=30))

        # Who may open this app's pages from a shared document (core.links).
        from boligsosial.core import links
        from boligsosial.plans import access

        links.register("plans:participation", access.get_participation_for_plan)
        links.register("plans:measure", access.get_measure_for_user)
