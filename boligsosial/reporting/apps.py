from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "boligsosial.reporting"
    label = "reporting"
    verbose_name = "Rapportering"
