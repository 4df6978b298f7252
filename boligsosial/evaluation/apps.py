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
