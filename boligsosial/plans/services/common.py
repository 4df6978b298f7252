"""What every plan write checks first."""

from typing import Any

from django.core.exceptions import PermissionDenied

from boligsosial.plans import access as plan_access


def require_plan_editor(user: Any, participation: Any) -> None:
    """PermissionDenied unless the user may edit the participation's plan."""
    if not plan_access.can_edit_plan(user, participation):
        raise PermissionDenied
