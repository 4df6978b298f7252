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

        # The change log's triggers on every watched table, after every migrate and flush.
        from django.db.models.signals import post_migrate

        from boligsosial.core.changes import on_post_migrate

        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="core-change-log")

        # Stored computations reach the shared cache after the response (core.stored).
        from django.core.signals import request_finished, request_started

        from boligsosial.core import stored

        request_started.connect(stored.begin_request, dispatch_uid="core-stored-begin")
        request_finished.connect(stored.end_request, dispatch_uid="core-stored-end")
