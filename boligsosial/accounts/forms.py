from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from boligsosial.accounts.backends import demo_users_refused
from boligsosial.accounts.models import User


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Feil brukernavn eller passord. Sjekk at du har skrevet riktig, og prøv igjen."
        ),
        "inactive": _("Denne brukeren er deaktivert. Kontakt administrator i Husbanken."),
        "demo_refused": _(
            "Demobrukere kan ikke logge inn i produksjon, fordi passordet deres er offentlig. "
            "Logg inn med din egen bruker."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Brukernavn")
        self.fields["password"].label = _("Passord")
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"

    def clean(self):
        username = self.cleaned_data.get("username")
        if (
            username
            and demo_users_refused()
            and User.objects.filter(username=username, is_demo=True).exists()
        ):
            raise ValidationError(self.error_messages["demo_refused"], code="demo_refused")
        return super().clean()
