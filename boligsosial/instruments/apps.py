from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "boligsosial.instruments"
    label = "instruments"
    verbose_name = "Virkemidler og statistikk"

    def ready(self) -> None:
        from boligsosial.core.navigation import NavEntry, register

        register(NavEntry(_("Virkemidler"), "instruments:index", order=50))
