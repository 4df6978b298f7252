"""Writes for follow-up meetings, agreed actions and learning arenas.

Every function checks permission, validates, saves and writes the audit entry (scope: the
participation for the log, the programme for arenas) inside one transaction.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from boligsosial.accounts import access
from boligsosial.accounts.models import User
from boligsosial.audit.models import Action
from boligsosial.audit.services import audited_update, record, snapshot
from boligsosial.core.concurrency import bump_version
from boligsosial.core.formatting import format_number
from boligsosial.core.validation import check_changes, check_fields
from boligsosial.followup import access as followup_access
from boligsosial.followup.models import (
    ActionStatus,
    AgreedAction,
    ArenaAttendance,
    ArenaFeedback,
    ArenaKind,
    LearningArena,
    Meeting,
    MeetingKind,
    MeetingParticipant,
    ParticipantRole,
)
from boligsosial.programmes.models import Participation, Programme

MAX_ATTENDANCE = 1000
MEETING_FIELDS = ("kind", "date", "place", "notes", "data_source", "source_note")
ARENA_FIELDS = (
    "kind",
    "title",
    "start_date",
    "end_date",
    "place",
    "topics",
    "data_source",
    "source_note",
)


def _participants(rows: Iterable) -> list[tuple[str, str]]:
    """[(role, name)] from dicts or tuples; rows without a role are skipped."""
    clean = []
    for row in rows or []:
        role, name = (row.get("role"), row.get("name", "")) if isinstance(row, dict) else row
        if not role:
            continue
        if role not in ParticipantRole.values:
            raise ValidationError(
                {
                    "participants": _("Ukjent rolle «%(role)s». Velg en rolle fra listen.")
                    % {"role": role}
                }
            )
        clean.append((role, (name or "").strip()))
    return clean


def _check_meeting(participation: Participation, merged: dict) -> None:
    errors = {}
    if merged["kind"] not in MeetingKind.values:
        errors["kind"] = [_("Velg type møte.")]
    if merged["date"] is None:
        errors["date"] = [_("Oppgi datoen for møtet eller kontakten.")]
    elif participation.start_date and merged["date"] < participation.start_date - dt.timedelta(
        days=365
    ):
        errors["date"] = [
            _("Datoen er mer enn ett år før kommunen startet i programmet. Sjekk årstallet.")
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def meeting_save(
    *,
    user: User,
    participation: Participation,
    meeting: Meeting | None = None,
    version: int | None = None,
    participants: list | None = None,
    **data: Any,
) -> Meeting:
    """Create or update a meeting; `participants` is [(role, name)] or None (unchanged)."""
    if not followup_access.can_edit_log(user, participation):
        raise PermissionDenied
    meeting = meeting or Meeting(participation=participation)
    merged = {f: data.get(f, getattr(meeting, f, None)) for f in MEETING_FIELDS}
    _check_meeting(participation, merged)
    rows = None if participants is None else _participants(participants)
    before = snapshot(meeting) if meeting.pk else None
    for field, value in merged.items():
        if value is None and field == "data_source":
            continue
        setattr(meeting, field, value if value is not None else "")
    check_fields(meeting)
    people = [MeetingParticipant(meeting=meeting, role=r, name=n) for r, n in rows or []]
    for person in people:
        check_fields(person)
    if meeting.pk:
        bump_version(meeting, version)
    meeting.save()
    if rows is not None:
        meeting.participants.all().delete()
        MeetingParticipant.objects.bulk_create(people)
    after = snapshot(meeting)
    after["deltakere"] = [str(p) for p in meeting.participants.all()]
    record(
        user=user,
        action=Action.UPDATE if before else Action.CREATE,
        target=meeting,
        scope=participation,
        before=before,
        after=after,
    )
    return meeting


@transaction.atomic
def meeting_delete(*, user: User, meeting: Meeting) -> None:
    if not followup_access.can_edit_log(user, meeting.participation):
        raise PermissionDenied
    record(
        user=user,
        action=Action.DELETE,
        target=meeting,
        scope=meeting.participation,
        before=snapshot(meeting),
    )
    meeting.delete()


def _check_action(text: str, owner: str, status: str) -> None:
    errors = {}
    if not (text or "").strip():
        errors["text"] = [_("Skriv hva som er avtalt.")]
    if not (owner or "").strip():
        errors["owner"] = [_("Skriv hvem som er ansvarlig for oppfølgingspunktet.")]
    if status not in ActionStatus.values:
        errors["status"] = [_("Velg status fra listen.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def action_add(
    *,
    user: User,
    meeting: Meeting,
    text: str,
    owner: str,
    due_date: dt.date | None = None,
    status: str = ActionStatus.OPEN,
    **provenance: Any,
) -> AgreedAction:
    if not followup_access.can_edit_log(user, meeting.participation):
        raise PermissionDenied
    _check_action(text, owner, status)
    if due_date and due_date < meeting.date:
        raise ValidationError(
            {
                "due_date": _("Fristen kan ikke være før møtet (%(date)s).")
                % {"date": meeting.date.strftime("%d.%m.%Y")}
            }
        )
    action = AgreedAction(
        meeting=meeting,
        text=text.strip(),
        owner=owner.strip(),
        due_date=due_date,
        status=status,
        completed_on=meeting.date if status == ActionStatus.DONE else None,
        **provenance,
    )
    check_fields(action)
    action.save()
    record(
        user=user,
        action=Action.CREATE,
        target=action,
        scope=meeting.participation,
        after=snapshot(action),
    )
    return action


@transaction.atomic
def action_set_status(
    *,
    user: User,
    action: AgreedAction,
    status: str,
    version: int | None = None,
    completed_on: dt.date | None = None,
) -> AgreedAction:
    participation = action.meeting.participation
    if not followup_access.can_edit_log(user, participation):
        raise PermissionDenied
    _check_action(action.text, action.owner, status)
    before = snapshot(action)
    bump_version(action, version)
    action.status = status
    if status == ActionStatus.DONE:
        action.completed_on = completed_on or dt.date.today()
    else:
        action.completed_on = None
    action.save()
    record(
        user=user,
        action=Action.TRANSITION,
        target=action,
        scope=participation,
        before=before,
        after=snapshot(action),
    )
    return action


# Learning arenas ----------------------------------------------------------------------


@transaction.atomic
def arena_save(
    *,
    user: User,
    programme: Programme,
    arena: LearningArena | None = None,
    version: int | None = None,
    **data: Any,
) -> LearningArena:
    if not followup_access.can_manage_arenas(user):
        raise PermissionDenied
    arena = arena or LearningArena(programme=programme)
    merged = {f: data.get(f, getattr(arena, f, None)) for f in ARENA_FIELDS}
    errors = {}
    if merged["kind"] not in ArenaKind.values:
        errors["kind"] = [_("Velg type læringsarena.")]
    if not (merged["title"] or "").strip():
        errors["title"] = [_("Skriv en tittel.")]
    if merged["start_date"] is None:
        errors["start_date"] = [_("Oppgi datoen.")]
    elif merged["end_date"] and merged["end_date"] < merged["start_date"]:
        errors["end_date"] = [_("Sluttdatoen kan ikke være før startdatoen.")]
    if errors:
        raise ValidationError(errors)
    changes = {
        field: (arena.data_source if field == "data_source" else "")
        if value is None and field in ("data_source", "place", "topics", "source_note")
        else value
        for field, value in merged.items()
    }
    check_changes(arena, changes)
    if arena.pk:
        audited_update(user=user, obj=arena, version=version, changes=changes, scope=programme)
        return arena
    for field, value in changes.items():
        setattr(arena, field, value)
    arena.save()
    record(user=user, action=Action.CREATE, target=arena, scope=programme, after=snapshot(arena))
    return arena


@transaction.atomic
def attendance_set(
    *,
    user: User,
    arena: LearningArena,
    participation: Participation,
    persons: int | None,
    roles: str = "",
    **provenance: Any,
) -> ArenaAttendance | None:
    """Set how many from a municipality attended; persons None (or 0) removes the row."""
    if not followup_access.can_manage_arenas(user):
        raise PermissionDenied
    if participation.programme_id != arena.programme_id:
        raise ValidationError(
            {"participation": _("Kommunen er ikke med i programmet som holdt læringsarenaen.")}
        )
    if persons is not None and persons < 0:
        raise ValidationError({"persons": _("Antall deltakere kan ikke være negativt.")})
    if persons is not None and persons > MAX_ATTENDANCE:
        raise ValidationError(
            {
                "persons": _("En kommune kan melde høyst %(limit)s deltakere til en samling.")
                % {"limit": format_number(MAX_ATTENDANCE)}
            }
        )
    check_fields(
        ArenaAttendance(
            arena=arena, participation=participation, persons=persons or 0, roles=roles or ""
        )
    )
    existing = ArenaAttendance.objects.filter(arena=arena, participation=participation).first()
    if not persons:
        if existing:
            record(
                user=user,
                action=Action.DELETE,
                target=existing,
                scope=participation,
                before=snapshot(existing),
            )
            existing.delete()
        return None
    before = snapshot(existing) if existing else None
    row, _created = ArenaAttendance.objects.update_or_create(
        arena=arena,
        participation=participation,
        defaults={"persons": persons, "roles": roles, **provenance},
    )
    record(
        user=user,
        action=Action.UPDATE if before else Action.CREATE,
        target=row,
        scope=participation,
        before=before,
        after=snapshot(row),
    )
    return row


@transaction.atomic
def feedback_add(
    *,
    user: User,
    arena: LearningArena,
    participation: Participation,
    score: int,
    comment: str = "",
    **provenance: Any,
) -> ArenaFeedback:
    if participation is not None and not followup_access.can_give_feedback(user, participation):
        raise PermissionDenied
    if participation is None and not access.is_husbanken(user):
        raise PermissionDenied
    if participation is not None and participation.programme_id != arena.programme_id:
        raise ValidationError(
            {"participation": _("Kommunen er ikke med i programmet som holdt læringsarenaen.")}
        )
    if score is None or not 1 <= int(score) <= 5:
        raise ValidationError(
            {"score": _("Gi en vurdering fra 1 (svært lite nyttig) til 5 (svært nyttig).")}
        )
    feedback = ArenaFeedback(
        arena=arena,
        participation=participation,
        score=int(score),
        comment=(comment or "").strip(),
        given_by=user if getattr(user, "is_authenticated", False) else None,
        **provenance,
    )
    check_fields(feedback)
    feedback.save()
    record(
        user=user,
        action=Action.CREATE,
        target=feedback,
        scope=participation or arena.programme,
        after=snapshot(feedback),
    )
    return feedback
