"""What every plan write checks first."""

from django.core.exceptions import PermissionDenied

from boligsosial.accounts.models import User
from boligsosial.plans import access as plan_access
from boligsosial.programmes.models import Participation


def require_plan_editor(user: User, participation: Participation) -> None:
    """PermissionDenied unless the user may edit the participation's plan."""
    if not plan_access.can_edit_plan(user, participation):
        raise PermissionDenied
