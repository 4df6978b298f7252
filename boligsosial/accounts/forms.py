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
        """Render the e-mail here; the background worker sends it (accounts.tasks)."""
        from django.template import loader

        from boligsosial.accounts.tasks import send_email

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else None
        )
        send_email.enqueue(subject, body, [to_email], from_email, html)


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
