from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "boligsosial.municipalities"
    label = "municipalities"
    verbose_name = "Kommuneregister"

    def ready(self) -> None:
        from boligsosial.core.navigation import NavEntry, register

        register(NavEntry(_("Kommuner"), "municipalities:list", order=80))

        # Who may open this app's pages from a shared document (core.links).
        from boligsosial.core import links

        links.register("municipalities:detail", links.logged_in)
