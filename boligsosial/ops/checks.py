"""System checks for running in production.

`boligsosial check --deploy --database default` runs them against the database as well.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError

from boligsosial.accounts.models import User


@register(Tags.database, Tags.security)
def check_no_active_demo_users(app_configs, databases=None, **kwargs) -> list[Error]:
    """Demo users share a published password: none may be active in production."""
    if not getattr(settings, "IS_PRODUCTION", False) or not databases:
        return []
    try:
        usernames = list(
            User.objects.filter(is_demo=True, is_active=True)
            .order_by("username")
            .values_list("username", flat=True)
        )
    except DatabaseError:
        return []  # no tables yet (before the first migrate): nothing to report
    if not usernames:
        return []
    return [
        Error(
            f"Databasen har {len(usernames)} aktive demobrukere med offentlig passord: "
            f"{', '.join(usernames[:20])}.",
            hint=(
                "Demobrukere kan ikke logge inn i produksjon. Slett dem eller deaktiver dem "
                "(«aktiv» av i administrasjonssidene), eller bruk en database uten demodata."
            ),
            id="ops.E001",
        )
    ]
