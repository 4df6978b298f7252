from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "boligsosial.jobs"
    label = "jobs"
    verbose_name = "Bakgrunnsjobber"
