from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "boligsosial.evaluation"
    label = "evaluation"
    verbose_name = "Evaluering – feltarbeid"

    def ready(self) -> None:
        from boligsosial.accounts.access import can_see_evaluation
        from boligsosial.core.navigation import NavEntry, register

        register(
            NavEntry(_("Evaluering"), "evaluation:index", order=60, visible_if=can_see_evaluation)
        )

        # Who may open this app's pages from a shared document (core.links).
        from boligsosial.core import links
        from boligsosial.evaluation import access

        for name in ("detail", "results", "matrix"):
            links.register(f"evaluation:{name}", access.get_evaluation_for_user)
        links.register(
            "evaluation:interviews",
            lambda user, pk: access.get_evaluation_for_user(user, pk, informant_material=True),
        )
