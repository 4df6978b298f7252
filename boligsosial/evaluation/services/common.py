"""Access check shared by the fieldwork services."""

from django.core.exceptions import PermissionDenied

from boligsosial.evaluation import access
from boligsosial.evaluation.models import (
    Evaluation,
)


def _require_team(user, evaluation: Evaluation) -> None:
    if not access.can_edit_evaluation(user, evaluation):
        raise PermissionDenied
