"""Who may see and change participations, their organisation and phases.

Built on `accounts.access` (who the user is); its role predicates are re-exported here, so
an app's own access module imports this one module for participation-scoped rules. Rules,
one per line. Not visible is 404, the same as missing.
"""

from django.db.models import QuerySet
from django.http import Http404

from boligsosial.accounts.access import (
    AnyUser,
    can_see_evaluation,
    is_evaluator,
    is_husbanken,
    is_husbanken_admin,
    own_municipality_id,
    reads_whole_programme,
)
from boligsosial.accounts.models import Role
from boligsosial.programmes.models import Participation, Programme

__all__ = [
    "can_create_participation",
    "can_edit_organisation",
    "can_edit_participation",
    "can_see_evaluation",
    "can_see_programme",
    "get_organisation_for_user",
    "get_participation_for_user",
    "is_evaluator",
    "is_husbanken",
    "is_husbanken_admin",
    "reads_whole_programme",
    "visible_participations",
]


def visible_participations(user: AnyUser) -> QuerySet[Participation]:
    qs = Participation.objects.select_related("municipality", "programme", "programme_contact")
    if reads_whole_programme(user):
        return qs
    municipality_id = own_municipality_id(user)
    if municipality_id is not None:
        return qs.filter(municipality_id=municipality_id)
    return qs.none()


def can_edit_participation(user: AnyUser, participation: Participation) -> bool:
    """Dates, programme contact and phases: Husbanken's side of the partnership."""
    if is_husbanken_admin(user):
        return True
    return bool(
        is_husbanken(user)
        and user.role == Role.PROGRAMME_CONTACT  # type: ignore[union-attr]
        and participation.programme_contact_id == user.pk
    )


def can_edit_organisation(user: AnyUser, participation: Participation) -> bool:
    """The municipality's own organisation: the municipality and its Husbanken contact."""
    if can_edit_participation(user, participation):
        return True
    municipality_id = own_municipality_id(user)
    return municipality_id is not None and municipality_id == participation.municipality_id


def can_create_participation(user: AnyUser) -> bool:
    return is_husbanken_admin(user)


def can_see_programme(user: AnyUser, programme: Programme) -> bool:
    if reads_whole_programme(user):
        return True
    return visible_participations(user).filter(programme=programme).exists()


def get_participation_for_user(
    user: AnyUser, pk: int, *, for_edit: bool = False
) -> tuple[Participation, bool]:
    """Return (participation, can_edit) or raise Http404 for missing and forbidden alike."""
    participation = visible_participations(user).filter(pk=pk).first()
    if participation is None:
        raise Http404
    can_edit = can_edit_participation(user, participation)
    if for_edit and not can_edit:
        raise Http404
    return participation, can_edit


def get_organisation_for_user(user: AnyUser, participation_pk: int) -> tuple[Participation, bool]:
    """Return (participation, can_edit_organisation) or 404."""
    participation, _ = get_participation_for_user(user, participation_pk)
    return participation, can_edit_organisation(user, participation)
