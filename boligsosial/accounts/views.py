"""Log-in (with single sign-on when configured), log-out, password change and reset."""

from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy

from boligsosial.accounts import forms, oidc


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = forms.LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_provider"] = (
            getattr(settings, "OIDC_PROVIDER_NAME", "") if oidc.is_configured() else ""
        )
        context["sso_refused"] = self.request.session.pop(oidc.REFUSED_SESSION_KEY, False)
        return context


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = forms.PasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = forms.PasswordResetForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = forms.SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def locked_out(request, original_response=None, credentials=None):
    """The page django-axes shows when a log-in is refused for too many failures (429)."""
    cool_off = get_cool_off(request)
    return render(
        request,
        "accounts/locked_out.html",
        {
            "failure_limit": get_failure_limit(request, credentials),
            "lockout_minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
        },
        status=429,
    )
