from django.apps import AppConfig


class InstrumentsConfig(AppConfig):
    name = "boligsosial.instruments"
    label = "instruments"
    verbose_name = "Virkemidler og statistikk"
