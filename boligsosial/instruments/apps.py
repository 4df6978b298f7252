from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "boligsosial.instruments"
    label = "instruments"
    verbose_name = "Virkemidler og statistikk"

    def ready(self) -> None:
        from boligsosial.core.navigation import NavEntry, register

        register(NavEntry(_("Virkemidler"), "instruments:index", order=50))

        # Who may open this app's pages from a shared document (core.links).
        from boligsosial.core import links
        from boligsosial.instruments import access

        for name in ("index", "growth", "share", "comparison", "did", "figures", "frames"):
            links.register(f"instruments:{name}", lambda user: access.can_use_instruments(user))
