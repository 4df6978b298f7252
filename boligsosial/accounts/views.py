from django.conf import settings
from django.contrib.auth import views as auth_views

from boligsosial.accounts import oidc
from boligsosial.accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
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
