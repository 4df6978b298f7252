from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "boligsosial.followup"
    label = "followup"
    verbose_name = "Oppfølging og læringsarenaer"
