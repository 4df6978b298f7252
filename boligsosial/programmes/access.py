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
from boligsosial.municipalities.selectors import lineage_codes
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
    "is_own_participation",
    "own_municipality_codes",
    "reader_scope",
    "reads_whole_programme",
    "visible_participations",
]


def own_municipality_codes(user: AnyUser) -> set[str]:
    """Every kommunenummer of a municipal user's municipality (through mergers and
    renumbering: a participation registered under 0906 is Arendal's also for a user
    registered under 4203); empty for everyone else. Read once per request."""
    municipality_id = own_municipality_id(user)
    if municipality_id is None:
        return set()
    cached = getattr(user, "_own_municipality_codes", None)
    if cached is None or cached[0] != municipality_id:
        code = user.municipality.code  # type: ignore[union-attr]
        cached = (municipality_id, frozenset(lineage_codes(code)))
        user._own_municipality_codes = cached  # type: ignore[union-attr]
    return set(cached[1])


def is_own_participation(user: AnyUser, participation: Participation) -> bool:
    """The participation is of the municipal user's own municipality (under any of its codes)."""
    if own_municipality_id(user) is None:
        return False
    if participation.municipality_id == own_municipality_id(user):
        return True
    return participation.municipality.code in own_municipality_codes(user)


def visible_participations(user: AnyUser) -> QuerySet[Participation]:
    qs = Participation.objects.select_related("municipality", "programme", "programme_contact")
    if reads_whole_programme(user):
        return qs
    if own_municipality_id(user) is not None:
        return qs.filter(municipality__code__in=own_municipality_codes(user))
    return qs.none()


def reader_scope(user: AnyUser) -> tuple:
    """Which participations `visible_participations` gives this user, as a key for stored
    pages: readers with the same scope see the same rows (a municipal reader's by the
    municipality, whose code history is in the registry's tables)."""
    if reads_whole_programme(user):
        return ("whole programme",)
    municipality_id = own_municipality_id(user)
    return ("municipality", municipality_id) if municipality_id is not None else ("none",)


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
    return is_own_participation(user, participation)


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
