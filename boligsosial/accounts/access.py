"""Who a user is, as access rules see it: one predicate per role question, (user) -> bool.

Rules about participations and what hangs on them live in `programmes.access`, which builds
on these. An object a user may not see is reported as missing (404), exactly like an object
that does not exist, so outsiders learn nothing.
"""

from django.contrib.auth.models import AnonymousUser

from boligsosial.accounts.models import HUSBANKEN_ROLES, MUNICIPAL_ROLES, Role, User

AnyUser = User | AnonymousUser

WHOLE_PROGRAMME_READERS = {
    Role.HUSBANKEN_ADMIN,
    Role.PROGRAMME_CONTACT,
    Role.EVALUATOR,
    Role.VIEWER,
}
EVALUATION_READERS = {Role.EVALUATOR, Role.HUSBANKEN_ADMIN, Role.PROGRAMME_CONTACT}


def _active_role(user: AnyUser) -> str | None:
    """The role of a logged-in, active account; None for anyone else."""
    if isinstance(user, User) and user.is_active:
        return user.role
    return None


def is_active_user(user: AnyUser) -> bool:
    return _active_role(user) is not None


def is_husbanken_admin(user: AnyUser) -> bool:
    return _active_role(user) == Role.HUSBANKEN_ADMIN


def is_husbanken(user: AnyUser) -> bool:
    return _active_role(user) in HUSBANKEN_ROLES


def is_evaluator(user: AnyUser) -> bool:
    return _active_role(user) == Role.EVALUATOR


def reads_whole_programme(user: AnyUser) -> bool:
    """Husbanken staff, evaluators and read-only viewers see every participation."""
    return _active_role(user) in WHOLE_PROGRAMME_READERS


def own_municipality_id(user: AnyUser) -> int | None:
    """The municipality whose data a municipal user works on; None for everyone else."""
    if _active_role(user) in MUNICIPAL_ROLES:
        return user.municipality_id  # type: ignore[union-attr]
    return None


def can_see_evaluation(user: AnyUser) -> bool:
    """Evaluation fieldwork and reports: evaluators and Husbanken staff."""
    return _active_role(user) in EVALUATION_READERS
