from django.apps import AppConfig


class EvaluationReportConfig(AppConfig):
    name = "boligsosial.evaluation_report"
    label = "evaluation_report"
    verbose_name = "Evalueringsrapport"
