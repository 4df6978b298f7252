from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "boligsosial.programmes"
    label = "programmes"
    verbose_name = "Program og deltakelse"

    def ready(self) -> None:
        from boligsosial.core.navigation import NavEntry, register

        register(NavEntry(_("Portefølje"), "programmes:portfolio", order=10))
        from boligsosial.programmes.regions import can_see_regions

        register(
            NavEntry(_("Regioner"), "programmes:regions", order=85, visible_if=can_see_regions)
        )

        # Who may open this app's pages from a shared document (core.links).
        from boligsosial.core import links
        from boligsosial.programmes import access

        links.register("programmes:participation", access.get_participation_for_user)
