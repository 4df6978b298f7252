"""Access check shared by the fieldwork services."""

from django.core.exceptions import PermissionDenied

from boligsosial.accounts.models import User
from boligsosial.evaluation import access
from boligsosial.evaluation.models import (
    Evaluation,
)


def _require_team(user: User, evaluation: Evaluation) -> None:
    if not access.can_edit_evaluation(user, evaluation):
        raise PermissionDenied
