from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "boligsosial.programmes"
    label = "programmes"
    verbose_name = "Program og deltakelse"
