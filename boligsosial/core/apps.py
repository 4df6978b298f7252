from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "boligsosial.core"
    label = "core"
    verbose_name = "Kjerne"
