"""Who a user is, as access rules see it: one predicate per role question, (user) -> bool.

Rules about participations and what hangs on them live in `programmes.access`, which builds
on these. An object a user may not see is reported as missing (404), exactly like an object
that does not exist, so outsiders learn nothing.
"""

from django.contrib.auth.models import AnonymousUser

from boligsosial.accounts.models import Role, User

AnyUser = User | AnonymousUser


def is_active_user(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_husbanken_admin(user: AnyUser) -> bool:
    return is_active_user(user) and user.role == Role.HUSBANKEN_ADMIN  # type: ignore[union-attr]


def is_husbanken(user: AnyUser) -> bool:
    return is_active_user(user) and user.is_husbanken  # type: ignore[union-attr]


def is_evaluator(user: AnyUser) -> bool:
    return is_active_user(user) and user.role == Role.EVALUATOR  # type: ignore[union-attr]


def reads_whole_programme(user: AnyUser) -> bool:
    """Husbanken staff, evaluators and read-only viewers see every participation."""
    return is_active_user(user) and user.role in {  # type: ignore[union-attr]
        Role.HUSBANKEN_ADMIN,
        Role.PROGRAMME_CONTACT,
        Role.EVALUATOR,
        Role.VIEWER,
    }


def own_municipality_id(user: AnyUser) -> int | None:
    """The municipality whose data a municipal user works on; None for everyone else."""
    if is_active_user(user) and user.is_municipal:  # type: ignore[union-attr]
        return user.municipality_id  # type: ignore[union-attr]
    return None


def can_see_evaluation(user: AnyUser) -> bool:
    """Evaluation fieldwork and reports: evaluators and Husbanken staff."""
    return is_active_user(user) and user.role in {  # type: ignore[union-attr]
        Role.EVALUATOR,
        Role.HUSBANKEN_ADMIN,
        Role.PROGRAMME_CONTACT,
    }
