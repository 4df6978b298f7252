from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "boligsosial.reporting"
    label = "reporting"
    verbose_name = "Rapportering"

    def ready(self) -> None:
        from boligsosial.core.navigation import NavEntry, register

        register(NavEntry(_("Rapportering"), "reporting:index", order=20))

        # Who may open this app's pages from a shared document (core.links).
        from boligsosial.core import links
        from boligsosial.reporting import access

        links.register(
            "reporting:periods",
            lambda user, programme_pk: access.get_programme_for_user(user, programme_pk),
        )

        # What is due for a person on their front page (core.due).
        from boligsosial.core import due
        from boligsosial.reporting.due import reporting_due

        due.register(reporting_due)
