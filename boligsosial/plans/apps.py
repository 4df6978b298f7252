from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "boligsosial.plans"
    label = "plans"
    verbose_name = "Mål og tiltak"
