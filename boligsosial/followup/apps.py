from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "boligsosial.followup"
    label = "followup"
    verbose_name = "Oppfølging og læringsarenaer"

    def ready(self) -> None:
        from boligsosial.core.navigation import NavEntry, register
        from boligsosial.followup.selectors import participations_with_annual_meeting
        from boligsosial.programmes import annual_meetings

        register(NavEntry(_("Oppfølging"), "followup:index", order=40))
        # The portfolio's due items ask whether the annual meeting is held.
        annual_meetings.register(participations_with_annual_meeting)

        # Who may open this app's pages from a shared document (core.links).
        from boligsosial.core import links
        from boligsosial.followup import access

        links.register("followup:participation", access.get_participation_for_log)
        links.register(
            "followup:arena", lambda user, arena_pk: access.get_arena_for_user(user, arena_pk)
        )
