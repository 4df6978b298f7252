"""Who may authenticate: django-axes' lockout first, then Django's model backend minus demo
users in production.

Demo users share a published password (`core.demo.DEMO_PASSWORD`). In production they can
neither log in nor keep a session (`get_user` also asks `user_can_authenticate`); the
system check `ops.E001` reports any that are still active.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend


def demo_users_refused() -> bool:
    return bool(getattr(settings, "IS_PRODUCTION", False))


class AccountBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        if getattr(user, "is_demo", False) and demo_users_refused():
            return False
        return super().user_can_authenticate(user)


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check for log-in through a web request (the log-in page, admin).

    Authentication without a request (the test client's `login`, a shell) has no client to
    throttle, so it passes through to the next backend instead of failing. API tokens do
    not authenticate through backends at all and are never locked out.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
