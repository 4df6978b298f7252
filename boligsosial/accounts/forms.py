from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from boligsosial.accounts.backends import demo_users_refused
from boligsosial.accounts.models import User


class LoginForm(auth_forms.AuthenticationForm):
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


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Nåværende passord")
        _label_new_password_fields(self)


class PasswordResetForm(auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-postadresse")
        self.fields["email"].help_text = _(
            "Adressen som står på brukeren din. Vi sender en lenke for å lage nytt passord."
        )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Queue who gets the e-mail; the background worker writes the reset link into it
        when it sends (accounts.tasks.send_password_reset), so the link is never stored."""
        from django.utils import translation

        from boligsosial.accounts.tasks import send_password_reset

        send_password_reset.enqueue(
            context["user"].pk,
            domain=context["domain"],
            site_name=context["site_name"],
            use_https=context["protocol"] == "https",
            language=translation.get_language() or "nb",
            templates={
                "subject": subject_template_name,
                "body": email_template_name,
                "html": html_email_template_name or "",
            },
            from_email=from_email,
        )


class SetPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _label_new_password_fields(self)


def _label_new_password_fields(form) -> None:
    form.fields["new_password1"].label = _("Nytt passord")
    form.fields["new_password1"].help_text = _(
        "Minst 8 tegn. Det kan ikke ligne brukernavnet ditt, være et vanlig passord eller "
        "bare bestå av tall."
    )
    form.fields["new_password2"].label = _("Gjenta nytt passord")
    form.fields["new_password2"].help_text = ""
