"""Who may authenticate: Django's model backend, minus demo users in production.

Demo users share a published password (`core.demo.DEMO_PASSWORD`). In production they can
neither log in nor keep a session (`get_user` also asks `user_can_authenticate`); the
system check `ops.E001` reports any that are still active.
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


def demo_users_refused() -> bool:
    return bool(getattr(settings, "IS_PRODUCTION", False))


class AccountBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        if getattr(user, "is_demo", False) and demo_users_refused():
            return False
        return super().user_can_authenticate(user)
