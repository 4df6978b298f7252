from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationReportConfig(AppConfig):
    name = "boligsosial.evaluation_report"
    label = "evaluation_report"
    verbose_name = "Evalueringsrapport"

    def ready(self) -> None:
        from boligsosial.core.navigation import NavEntry, register

        # Published evaluation reports are read by everyone in the programme.
        register(NavEntry(_("Evalueringsrapport"), "evaluation_report:index", order=70))
