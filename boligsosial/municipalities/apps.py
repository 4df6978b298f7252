from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "boligsosial.municipalities"
    label = "municipalities"
    verbose_name = "Kommuneregister"

    def ready(self) -> None:
        from boligsosial.core.navigation import NavEntry, register

        register(NavEntry(_("Kommuner"), "municipalities:list", order=80))

        # Who may open this app's pages from a shared document (core.links).
        from boligsosial.core import links

        links.register("municipalities:detail", links.logged_in)

        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_delete, post_save

        from boligsosial.municipalities import selectors
        from boligsosial.municipalities.models import CodeChange, Municipality

        request_started.connect(selectors.begin_request_scope, dispatch_uid="code_history_begin")
        request_finished.connect(selectors.end_request_scope, dispatch_uid="code_history_end")
        for model in (Municipality, CodeChange):
            for signal in (post_save, post_delete):
                signal.connect(
                    selectors.forget_code_history,
                    sender=model,
                    dispatch_uid=f"code_history_{model.__name__}_{signal is post_save}",
                )
