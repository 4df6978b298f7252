from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "boligsosial.accounts"
    label = "accounts"
    verbose_name = "Brukere og tilgang"
