"""REST API for follow-up meetings, agreed actions and learning arenas. Same access and services as the pages."""

import datetime as dt
import json

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.responses import NinjaJSONEncoder
from pydantic import TypeAdapter

from boligsosial.core.changes import tables_of
from boligsosial.core.concurrency import require_version
from boligsosial.core.stored import remember
from boligsosial.followup import access as followup_access
from boligsosial.followup import selectors, services
from boligsosial.followup.models import AgreedAction
from boligsosial.programmes import access

router = Router(tags=["Oppfølging og læringsarenaer"])


class ParticipantIO(Schema):
    role: str
    name: str = ""


class ActionOut(Schema):
    id: int
    version: int
    text: str
    owner: str
    due_date: dt.date | None
    status: str
    completed_on: dt.date | None


class MeetingOut(Schema):
    id: int
    version: int
    kind: str
    date: dt.date
    place: str
    notes: str
    participants: list[ParticipantIO]
    actions: list[ActionOut]
    data_source: str
    source_note: str

    @staticmethod
    def resolve_participants(obj):
        return [{"role": p.role, "name": p.name} for p in obj.participants.all()]

    @staticmethod
    def resolve_actions(obj):
        return list(obj.actions.all())


class MeetingIn(Schema):
    version: int | None = None
    kind: str
    date: dt.date
    place: str = ""
    notes: str = ""
    participants: list[ParticipantIO] = []


class ActionIn(Schema):
    text: str
    owner: str
    due_date: dt.date | None = None
    status: str = "open"


class ActionStatusIn(Schema):
    status: str
    version: int | None = None
    completed_on: dt.date | None = None


class AnnualOut(Schema):
    year: int
    held: bool
    state: str
    dates: list[dt.date]


class FollowupSummaryOut(Schema):
    participation_id: int
    municipality: str
    as_of: dt.date
    last_contact: dt.date | None
    days_since_contact: int | None
    cadence_days: float | None
    no_contact_flag_days: int
    no_contact_flagged: bool
    annual_meetings: list[AnnualOut]
    open_actions: int
    overdue_actions: int


class ArenaOut(Schema):
    id: int
    version: int
    programme_id: int
    kind: str
    title: str
    start_date: dt.date
    end_date: dt.date | None
    place: str
    topics: list[str]
    data_source: str
    source_note: str

    @staticmethod
    def resolve_topics(obj):
        return obj.topic_list()


class ArenaIn(Schema):
    version: int | None = None
    programme_id: int | None = None
    kind: str
    title: str
    start_date: dt.date
    end_date: dt.date | None = None
    place: str = ""
    topics: list[str] = []


class AttendanceIn(Schema):
    participation_id: int
    persons: int | None
    roles: str = ""


class FeedbackIn(Schema):
    participation_id: int
    score: int
    comment: str = ""


class AttendanceCell(Schema):
    participation_id: int
    municipality: str
    persons: int | None


class AttendanceRowOut(Schema):
    arena: ArenaOut
    attendance: list[AttendanceCell]
    feedback_average: float | None
    feedback_count: int


class YearRowOut(Schema):
    participation_id: int
    municipality: str
    years: dict[int, int | None]


class AttendanceOut(Schema):
    as_of: dt.date
    arenas: list[AttendanceRowOut]
    per_year: list[YearRowOut]


def _summary(participation, as_of):
    return _summary_of(selectors.overview([participation], as_of)[0], as_of)


def _summary_of(row: selectors.OverviewRow, as_of):
    participation, contact = row.participation, row.contact
    return {
        "participation_id": participation.pk,
        "municipality": participation.municipality.name,
        "as_of": as_of,
        "last_contact": contact.last_contact,
        "days_since_contact": contact.days_since,
        "cadence_days": contact.cadence,
        "no_contact_flag_days": contact.flag_days,
        "no_contact_flagged": contact.flagged,
        "annual_meetings": [
            {
                "year": y.year,
                "held": y.held,
                "state": y.state,
                "dates": [m.date for m in y.meetings],
            }
            for y in row.annual
        ],
        "open_actions": row.open_actions,
        "overdue_actions": row.overdue_actions,
    }


@router.get(
    "/participations",
    response=list[FollowupSummaryOut],
    summary="Kontakt, kadens og årsmøter per kommune",
)
def list_summaries(request, as_of: dt.date | None = None):
    """Stored until the registry, programmes or follow-up change, per as-of date and reader
    scope (357 participations: 0.2–0.8 s to read and validate); the schema stays the API
    document's."""
    date = as_of or request.as_of

    def compute() -> str:
        participations = access.visible_participations(request.user).prefetch_related("phases")
        rows = [_summary_of(row, date) for row in selectors.overview(participations, date)]
        summaries = TypeAdapter(list[FollowupSummaryOut]).validate_python(rows)
        return json.dumps([s.model_dump() for s in summaries], cls=NinjaJSONEncoder)

    key = ("followup.summaries-json", date.isoformat(), access.reader_scope(request.user))
    text = remember(key, tables_of("municipalities", "programmes", "followup"), compute)
    return HttpResponse(text, content_type="application/json; charset=utf-8")


@router.get("/participations/{pk}", response=FollowupSummaryOut)
def get_summary(request, pk: int, as_of: dt.date | None = None):
    participation, _ = followup_access.get_participation_for_log(request.user, pk)
    return _summary(participation, as_of or request.as_of)


@router.get("/participations/{pk}/meetings", response=list[MeetingOut])
def list_meetings(request, pk: int, as_of: dt.date | None = None):
    participation, _ = followup_access.get_participation_for_log(request.user, pk)
    return selectors.meeting_log(participation, as_of)


@router.post("/participations/{pk}/meetings", response={201: MeetingOut})
def create_meeting(request, pk: int, payload: MeetingIn):
    participation, _ = followup_access.get_participation_for_log(request.user, pk, for_edit=True)
    data = payload.dict()
    data.pop("version")
    participants = [(p["role"], p["name"]) for p in data.pop("participants")]
    return Status(
        201,
        services.meeting_save(
            user=request.user, participation=participation, participants=participants, **data
        ),
    )


@router.put("/participations/{pk}/meetings/{meeting_pk}", response=MeetingOut)
def update_meeting(request, pk: int, meeting_pk: int, payload: MeetingIn):
    meeting, _ = followup_access.get_meeting_for_user(request.user, pk, meeting_pk, for_edit=True)
    data = payload.dict()
    version = require_version(data.pop("version"), meeting)
    participants = [(p["role"], p["name"]) for p in data.pop("participants")]
    return services.meeting_save(
        user=request.user,
        participation=meeting.participation,
        meeting=meeting,
        version=version,
        participants=participants,
        **data,
    )


@router.delete("/participations/{pk}/meetings/{meeting_pk}", response={204: None})
def delete_meeting(request, pk: int, meeting_pk: int):
    meeting, _ = followup_access.get_meeting_for_user(request.user, pk, meeting_pk, for_edit=True)
    services.meeting_delete(user=request.user, meeting=meeting)
    return Status(204, None)


@router.post("/participations/{pk}/meetings/{meeting_pk}/actions", response={201: ActionOut})
def add_action(request, pk: int, meeting_pk: int, payload: ActionIn):
    meeting, _ = followup_access.get_meeting_for_user(request.user, pk, meeting_pk, for_edit=True)
    return Status(201, services.action_add(user=request.user, meeting=meeting, **payload.dict()))


@router.patch("/participations/{pk}/meetings/{meeting_pk}/actions/{action_pk}", response=ActionOut)
def update_action(request, pk: int, meeting_pk: int, action_pk: int, payload: ActionStatusIn):
    meeting, _ = followup_access.get_meeting_for_user(request.user, pk, meeting_pk, for_edit=True)
    action = get_object_or_404(AgreedAction, pk=action_pk, meeting=meeting)
    data = payload.dict()
    data["version"] = require_version(data["version"], action)
    return services.action_set_status(user=request.user, action=action, **data)


@router.get("/arenas", response=list[ArenaOut])
def list_arenas(request):
    return list(followup_access.visible_arenas(request.user).order_by("start_date", "id"))


@router.post("/arenas", response={201: ArenaOut})
def create_arena(request, payload: ArenaIn):
    if not followup_access.can_manage_arenas(request.user):
        raise Http404
    from boligsosial.programmes.models import Programme

    data = payload.dict()
    data.pop("version")
    programme_id = data.pop("programme_id")
    programme = Programme.objects.filter(pk=programme_id).first() if programme_id else None
    if programme is None or not access.can_see_programme(request.user, programme):
        raise ValidationError({"programme_id": "Oppgi programmet læringsarenaen hører til."})
    data["topics"] = "\n".join(data["topics"])
    return Status(201, services.arena_save(user=request.user, programme=programme, **data))


@router.put("/arenas/{arena_pk}", response=ArenaOut)
def update_arena(request, arena_pk: int, payload: ArenaIn):
    arena = followup_access.get_arena_for_user(request.user, arena_pk, for_manage=True)
    data = payload.dict()
    version = require_version(data.pop("version"), arena)
    data.pop("programme_id")
    data["topics"] = "\n".join(data["topics"])
    return services.arena_save(
        user=request.user, programme=arena.programme, arena=arena, version=version, **data
    )


def _programme_participation(arena, participation_id: int):
    participation = (
        arena.programme.participations.select_related("municipality")
        .filter(pk=participation_id)
        .first()
    )
    if participation is None:
        raise ValidationError(
            {"participation_id": "Kommunen er ikke med i programmet som holdt læringsarenaen."}
        )
    return participation


@router.put("/arenas/{arena_pk}/attendance", response={204: None})
def set_attendance(request, arena_pk: int, payload: AttendanceIn):
    arena = followup_access.get_arena_for_user(request.user, arena_pk, for_manage=True)
    services.attendance_set(
        user=request.user,
        arena=arena,
        participation=_programme_participation(arena, payload.participation_id),
        persons=payload.persons,
        roles=payload.roles,
    )
    return Status(204, None)


@router.post("/arenas/{arena_pk}/feedback", response={201: None})
def add_feedback(request, arena_pk: int, payload: FeedbackIn):
    arena = followup_access.get_arena_for_user(request.user, arena_pk)
    if not followup_access.can_give_feedback_in(request.user, arena):
        raise Http404
    participation = _programme_participation(arena, payload.participation_id)
    if not followup_access.can_give_feedback(request.user, participation):
        raise Http404
    services.feedback_add(
        user=request.user,
        arena=arena,
        participation=participation,
        score=payload.score,
        comment=payload.comment,
    )
    return Status(201, None)


@router.get(
    "/programmes/{programme_id}/attendance",
    response=AttendanceOut,
    summary="Deltakelse på læringsarenaer over tid",
)
def get_attendance(request, programme_id: int, as_of: dt.date | None = None):
    from boligsosial.programmes.models import Programme

    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is None or not access.can_see_programme(request.user, programme):
        raise Http404
    date = as_of or request.as_of
    data = selectors.attendance(programme, as_of=date)
    return {
        "as_of": date,
        "arenas": [
            {
                "arena": row.arena,
                "attendance": [
                    {"participation_id": p.pk, "municipality": p.municipality.name, "persons": n}
                    for p, n in zip(data.participations, row.persons, strict=True)
                ],
                "feedback_average": row.feedback_average,
                "feedback_count": row.feedback_count,
            }
            for row in data.arenas
        ],
        "per_year": [
            {
                "participation_id": p.pk,
                "municipality": p.municipality.name,
                "years": dict(zip(data.years, data.per_year[p.pk], strict=True)),
            }
            for p in data.participations
        ],
    }
