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

        # The evaluation page links to its reports; links only where the reader may go.
        from boligsosial.core import links
        from boligsosial.evaluation import related
        from boligsosial.evaluation_report import access
        from boligsosial.evaluation_report.related import report_pages

        related.register(report_pages)
        links.register("evaluation_report:report", access.get_report_for_user)
        links.register(
            "evaluation_report:recommendations",
            lambda user, pk: access.get_report_for_user(user, pk, draft=True),
        )
        links.register(
            "evaluation_report:version",
            lambda user, pk, number: access.get_report_for_user(user, pk),
        )
