"""Who may see and change follow-up meetings and learning arenas. One rule per line.

- Meetings and agreed actions follow the participation: whoever sees it sees its log.
- The log is written by the municipality's own users, its Husbanken programme contact and
  the Husbanken administrator (accounts.access.can_edit_organisation).
- Learning arenas belong to the programme: everyone in the programme sees them; Husbanken
  staff create them and register attendance; a municipality gives feedback for itself.
- Anything a user may not see is a 404.
"""

from django.http import Http404

from boligsosial.accounts.models import User
from boligsosial.programmes import access


def can_edit_log(user: User, participation) -> bool:
    return access.can_edit_organisation(user, participation)


def can_manage_arenas(user: User) -> bool:
    return access.is_husbanken(user)


def can_give_feedback(user: User, participation) -> bool:
    if access.is_husbanken(user):
        return True
    return bool(
        user.is_authenticated
        and user.is_municipal
        and access.is_own_participation(user, participation)
    )


def can_give_feedback_in(user: User, arena) -> bool:
    """May give feedback for some participation of the arena's programme (asked before the
    body is read, so a refused user learns nothing from a validation message)."""
    if access.is_husbanken(user):
        return True
    return bool(
        user.is_authenticated
        and user.is_municipal
        and arena.programme.participations.filter(
            municipality__code__in=access.own_municipality_codes(user)
        ).exists()
    )


def can_read_feedback_of(user: User, participation) -> bool:
    """Which municipality gave a feedback and what it wrote is for Husbanken, evaluators and
    viewers, and for that municipality's own users; other municipalities see only the score."""
    if participation is None or not user.is_municipal:
        return True
    return access.is_own_participation(user, participation)


def get_participation_for_log(user: User, pk: int, *, for_edit: bool = False):
    participation, _ = access.get_participation_for_user(user, pk)
    can_edit = can_edit_log(user, participation)
    if for_edit and not can_edit:
        raise Http404
    return participation, can_edit


def get_meeting_for_user(
    user: User, participation_pk: int, meeting_pk: int, *, for_edit: bool = False
):
    from boligsosial.followup.models import Meeting

    participation, can_edit = get_participation_for_log(user, participation_pk, for_edit=for_edit)
    meeting = Meeting.objects.filter(pk=meeting_pk, participation=participation).first()
    if meeting is None:
        raise Http404
    return meeting, can_edit


def visible_arenas(user: User):
    from boligsosial.followup.models import LearningArena

    programme_ids = access.visible_participations(user).values_list("programme_id", flat=True)
    return LearningArena.objects.filter(programme_id__in=programme_ids).select_related("programme")


def get_arena_for_user(user: User, pk: int, *, for_manage: bool = False):
    arena = visible_arenas(user).filter(pk=pk).first()
    if arena is None or (for_manage and not can_manage_arenas(user)):
        raise Http404
    return arena
