"""Who may see and change goals, measures, results and evidence. One rule per line.

- Goals follow the participation: whoever sees the participation sees its goals.
- A published measure (and its results) is visible to everyone in the programme, through
  the good-practice library; a draft only to its own municipality and Husbanken.
- Goals, measures and results are edited by the municipality's own users, its Husbanken
  programme contact and the Husbanken administrator (accounts.access.can_edit_organisation).
- Anything a user may not see is a 404, the same as a missing object.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from boligsosial.accounts.models import User
from boligsosial.programmes import access
from boligsosial.programmes.models import Participation


def can_edit_plan(user: User, participation: Participation) -> bool:
    return access.can_edit_organisation(user, participation)


def programme_ids_for(user: User) -> list[int]:
    """Programmes the user takes part in: their published measures form the user's library."""
    return list(
        # order_by(): without it the participations' default ordering joins every
        # municipality into the DISTINCT (one row per participation, not per programme).
        access.visible_participations(user)
        .order_by()
        .values_list("programme_id", flat=True)
        .distinct()
    )


def visible_measures(user: User) -> QuerySet:
    from boligsosial.plans.models import Measure

    qs = Measure.objects.select_related("participation__municipality", "participation__programme")
    if not (user.is_authenticated and user.is_active):
        return qs.none()
    published = Q(published=True, participation__programme_id__in=programme_ids_for(user))
    if access.is_husbanken(user):
        return qs.filter(published | Q(participation__in=access.visible_participations(user)))
    if user.is_municipal and user.municipality_id:
        own = Q(participation__municipality__code__in=access.own_municipality_codes(user))
        return qs.filter(published | own)
    return qs.filter(published)


def get_participation_for_plan(user: User, pk: int, *, for_edit: bool = False):
    """(participation, can_edit) or 404."""
    participation, _ = access.get_participation_for_user(user, pk)
    can_edit = can_edit_plan(user, participation)
    if for_edit and not can_edit:
        raise Http404
    return participation, can_edit


def get_goal_for_user(user: User, participation_pk: int, goal_pk: int, *, for_edit: bool = False):
    from boligsosial.plans.models import Goal

    participation, can_edit = get_participation_for_plan(user, participation_pk, for_edit=for_edit)
    goal = (
        Goal.objects.select_related("participation")
        .filter(pk=goal_pk, participation=participation)
        .first()
    )
    if goal is None:
        raise Http404
    return goal, can_edit


def get_measure_for_user(user: User, pk: int, *, for_edit: bool = False):
    """(measure, can_edit) or 404. Drafts of other municipalities are 404."""
    measure = visible_measures(user).filter(pk=pk).first()
    if measure is None:
        raise Http404
    can_edit = can_edit_plan(user, measure.participation)
    if for_edit and not can_edit:
        raise Http404
    return measure, can_edit


def can_see_evidence(user: User, evidence) -> bool:
    return visible_measures(user).filter(pk=evidence.result.measure_id).exists()
