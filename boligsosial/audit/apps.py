from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "boligsosial.audit"
    label = "audit"
    verbose_name = "Endringslogg"
