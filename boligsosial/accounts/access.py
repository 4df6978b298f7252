"""Who may see and change what. Every view and API route calls these functions.

Rules, one per line. An object a user may not see is reported as missing (404), exactly
like an object that does not exist, so outsiders learn nothing.
"""

from django.db.models import QuerySet
from django.http import Http404

from boligsosial.accounts.models import Role, User


def is_husbanken_admin(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.HUSBANKEN_ADMIN


def is_husbanken(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.is_husbanken


def is_evaluator(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.EVALUATOR


def reads_whole_programme(user: User) -> bool:
    """Husbanken staff, evaluators and read-only viewers see every participation."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.role in {
        Role.HUSBANKEN_ADMIN,
        Role.PROGRAMME_CONTACT,
        Role.EVALUATOR,
        Role.VIEWER,
    }


def visible_participations(user: User) -> QuerySet:
    from boligsosial.programmes.models import Participation

    qs = Participation.objects.select_related("municipality", "programme", "programme_contact")
    if not (user.is_authenticated and user.is_active):
        return qs.none()
    if reads_whole_programme(user):
        return qs
    if user.is_municipal and user.municipality_id:
        return qs.filter(municipality_id=user.municipality_id)
    return qs.none()


def can_edit_participation(user: User, participation) -> bool:
    """Dates, programme contact and phases: Husbanken's side of the partnership."""
    if is_husbanken_admin(user):
        return True
    if user.role == Role.PROGRAMME_CONTACT and participation.programme_contact_id == user.pk:
        return True
    return False


def can_edit_organisation(user: User, participation) -> bool:
    """The municipality's own organisation: the municipality and its Husbanken contact."""
    if can_edit_participation(user, participation):
        return True
    if user.is_municipal and user.municipality_id == participation.municipality_id:
        return True
    return False


def can_create_participation(user: User) -> bool:
    return is_husbanken_admin(user)


def can_manage_registry(user: User) -> bool:
    return is_husbanken_admin(user)


def get_participation_for_user(user: User, pk: int, *, for_edit: bool = False):
    """Return (participation, can_edit) or raise Http404 for missing and forbidden alike."""
    participation = visible_participations(user).filter(pk=pk).first()
    if participation is None:
        raise Http404
    can_edit = can_edit_participation(user, participation)
    if for_edit and not can_edit:
        raise Http404
    return participation, can_edit


def get_organisation_for_user(user: User, participation_pk: int):
    """Return (participation, can_edit_organisation) or 404."""
    participation, _ = get_participation_for_user(user, participation_pk)
    return participation, can_edit_organisation(user, participation)


def can_see_programme(user: User, programme) -> bool:
    if reads_whole_programme(user):
        return True
    return visible_participations(user).filter(programme=programme).exists()


def can_see_evaluation(user: User) -> bool:
    """Evaluation fieldwork and reports: evaluators and Husbanken staff."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.role in {Role.EVALUATOR, Role.HUSBANKEN_ADMIN, Role.PROGRAMME_CONTACT}
