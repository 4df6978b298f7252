from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "boligsosial.evaluation"
    label = "evaluation"
    verbose_name = "Evaluering – feltarbeid"
