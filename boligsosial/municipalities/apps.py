from django.apps import AppConfig


class MunicipalitiesConfig(AppConfig):
    name = "boligsosial.municipalities"
    label = "municipalities"
    verbose_name = "Kommuneregister"
