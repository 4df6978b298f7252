from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "boligsosial.core"
    label = "core"
    verbose_name = "Kjerne"

    def ready(self) -> None:
        from django.db.models import fields
        from django.utils.translation import gettext_lazy as _

        # The empty choice of every select, in the page's language (Django's own label,
        # "- Select an option -", has no bokmål translation). Django 6.1 reads it from here.
        fields.BLANK_CHOICE_LABEL = _("– Velg –")
