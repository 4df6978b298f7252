import datetime as dt
import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from ninja import Field, Router, Schema, Status
from ninja.responses import NinjaJSONEncoder
from pydantic import TypeAdapter

from boligsosial.accounts.models import User
from boligsosial.core import asof
from boligsosial.core.concurrency import require_version
from boligsosial.core.stored import remember
from boligsosial.programmes import access, selectors, services
from boligsosial.programmes.models import Organisation, Phase, PhaseKind, Programme
from boligsosial.programmes.phases import PhaseData
from boligsosial.programmes.portfolio_stored import portfolio_tables

router = Router(tags=["Program og programkommuner"])


class ProgrammeOut(Schema):
    id: int
    name: str
    owner_region: str
    national_goals: list[str]

    @staticmethod
    def resolve_owner_region(obj):
        return obj.owner_region_id

    @staticmethod
    def resolve_national_goals(obj):
        return [str(goal) for goal in obj.national_goals.all()]


class PhaseOut(Schema):
    id: int
    version: int
    kind: str
    kind_display: str
    start: dt.date
    planned_end: dt.date | None
    actual_end: dt.date | None
    overrun_reason: str
    exceeds_model: bool

    @staticmethod
    def resolve_kind_display(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_exceeds_model(obj):
        return obj.exceeds_model()


class PhaseIn(Schema):
    version: int | None = Field(
        None, description="Påkrevd ved endring: versjonen du leste (428 uten, 409 om foreldet)."
    )
    kind: str = Field(description="Fasen: " + ", ".join(PhaseKind.values) + ".")
    start: dt.date
    planned_end: dt.date | None = None
    actual_end: dt.date | None = None
    overrun_reason: str = ""


class OrganisationOut(Schema):
    version: int
    programme_leader_position: str
    programme_leader_unit: str
    programme_leader_acting: bool
    project_organised: bool | None
    has_steering_group: bool
    steering_group_leader_position: str
    steering_group_leader_rank: str
    steering_group_members: list[str]
    husbanken_in_steering_group: bool | None
    political_participation: bool | None
    ftes: Decimal | None
    anchoring_level: str
    notes: str

    @staticmethod
    def resolve_steering_group_members(obj):
        return obj.member_list()


class OrganisationIn(Schema):
    version: int | None = None
    programme_leader_position: str | None = None
    programme_leader_unit: str | None = None
    programme_leader_acting: bool | None = None
    project_organised: bool | None = None
    has_steering_group: bool | None = None
    steering_group_leader_position: str | None = None
    steering_group_leader_rank: str | None = None
    steering_group_members: list[str] | None = None
    husbanken_in_steering_group: bool | None = None
    political_participation: bool | None = None
    ftes: Decimal | None = None
    notes: str | None = None
    # The date the change takes effect (default today); earlier states stay in the history.
    valid_from: dt.date | None = None


class ParticipationOut(Schema):
    id: int
    version: int
    programme_id: int
    programme: str
    municipality_code: str
    municipality_name: str
    application_date: dt.date | None
    agreement_signed: dt.date | None
    agreement_revised: dt.date | None
    start_date: dt.date | None
    programme_contact: str | None
    data_source: str
    current_phase: str | None = None
    months_in_phase: int | None = None
    anchoring_level: str | None = None
    due: list[str] = []


class ParticipationIn(Schema):
    version: int | None = None
    application_date: dt.date | None = None
    agreement_signed: dt.date | None = None
    agreement_revised: dt.date | None = None
    start_date: dt.date | None = None
    programme_contact: str | None = None


def _with_status(participation, as_of, due: list[selectors.DueItem] | None = None):
    """`due`: the participation's due items when the caller has them (the portfolio's rows,
    judged with one read of the annual meetings for all)."""
    phase = participation.current_phase(as_of)
    if due is None:
        due = selectors.due_items(participation, as_of)
    # Loaded with the portfolio's rows (select_related); one query for a single participation.
    organisation = getattr(participation, "organisation", None)
    return {
        **{
            f: getattr(participation, f)
            for f in (
                "id",
                "version",
                "programme_id",
                "application_date",
                "agreement_signed",
                "agreement_revised",
                "start_date",
                "data_source",
            )
        },
        "programme": participation.programme.name,
        "municipality_code": participation.municipality.code,
        "municipality_name": participation.municipality.name,
        "programme_contact": participation.programme_contact.username
        if participation.programme_contact
        else None,
        "current_phase": phase.kind if phase else None,
        "months_in_phase": participation.months_in_phase(as_of),
        "anchoring_level": organisation.anchoring_level if organisation else None,
        "due": [item.text for item in due],
    }


@router.get("/programmes", response=list[ProgrammeOut])
def list_programmes(request):
    ids = access.visible_participations(request.user).values_list("programme_id", flat=True)
    return list(Programme.objects.filter(pk__in=ids).prefetch_related("national_goals"))


@router.get(
    "/participations",
    response=list[ParticipationOut],
    summary="Programkommuner med status per dato",
)
def list_participations(request, as_of: dt.date | None = None):
    """Stored as the portfolio is (`portfolio_stored`: its tables, the reader's scope, the
    as-of date, today's date and the language of what is due): 357 participations cost
    0.2 s to judge and validate; the schema stays the API document's."""
    date = as_of or request.as_of

    def compute() -> str:
        rows = [
            _with_status(row.participation, date, row.due)
            for row in selectors.portfolio(request.user, date)
        ]
        participations = TypeAdapter(list[ParticipationOut]).validate_python(rows)
        return json.dumps([p.model_dump() for p in participations], cls=NinjaJSONEncoder)

    key = (
        "programmes.participations-json",
        access.reader_scope(request.user),
        date.isoformat(),
        asof.today().isoformat(),
        get_language(),
    )
    text = remember(key, portfolio_tables(), compute)
    return HttpResponse(text, content_type="application/json; charset=utf-8")


@router.get("/participations/{pk}", response=ParticipationOut)
def get_participation(request, pk: int, as_of: dt.date | None = None):
    participation, _ = access.get_participation_for_user(request.user, pk)
    return _with_status(participation, as_of or request.as_of)


@router.patch("/participations/{pk}", response=ParticipationOut)
def update_participation(request, pk: int, payload: ParticipationIn):
    participation, _ = access.get_participation_for_user(request.user, pk, for_edit=True)
    data = payload.dict(exclude_unset=True)
    version = require_version(data.pop("version", None), participation)
    if "programme_contact" in data:
        username = data["programme_contact"]
        data["programme_contact"] = (
            User.objects.filter(username=username).first() if username else None
        )
        if username and data["programme_contact"] is None:
            raise ValidationError({"programme_contact": f"Fant ingen bruker «{username}»."})
    services.participation_update(
        user=request.user, participation=participation, version=version, **data
    )
    return _with_status(participation, request.as_of)


@router.get("/participations/{pk}/organisation", response=OrganisationOut)
def get_organisation(request, pk: int):
    participation, _ = access.get_participation_for_user(request.user, pk)
    return get_object_or_404(Organisation, participation=participation)


@router.put("/participations/{pk}/organisation", response=OrganisationOut)
def update_organisation(request, pk: int, payload: OrganisationIn):
    participation, can_edit = access.get_organisation_for_user(request.user, pk)
    if not can_edit:
        raise Http404
    data = payload.dict(exclude_unset=True)
    version = require_version(
        data.pop("version", None), Organisation.objects.filter(participation=participation).first()
    )
    if "steering_group_members" in data:
        data["steering_group_members"] = "\n".join(data["steering_group_members"] or [])
    return services.organisation_update(
        user=request.user, participation=participation, version=version, **data
    )


@router.get("/participations/{pk}/phases", response=list[PhaseOut])
def list_phases(request, pk: int):
    participation, _ = access.get_participation_for_user(request.user, pk)
    return participation.ordered_phases()


@router.post("/participations/{pk}/phases", response={201: PhaseOut})
def create_phase(request, pk: int, payload: PhaseIn):
    participation, _ = access.get_participation_for_user(request.user, pk, for_edit=True)
    data = PhaseData(**payload.dict(exclude={"version"}))
    phase = services.phase_save(user=request.user, participation=participation, data=data)
    return Status(201, phase)


@router.put("/participations/{pk}/phases/{phase_pk}", response=PhaseOut)
def update_phase(request, pk: int, phase_pk: int, payload: PhaseIn):
    participation, _ = access.get_participation_for_user(request.user, pk, for_edit=True)
    phase = get_object_or_404(Phase, pk=phase_pk, participation=participation)
    version = require_version(payload.version, phase)
    data = PhaseData(pk=phase.pk, **payload.dict(exclude={"version"}), version=version)
    return services.phase_save(user=request.user, participation=participation, data=data)


@router.delete("/participations/{pk}/phases/{phase_pk}", response={204: None})
def delete_phase(request, pk: int, phase_pk: int):
    participation, _ = access.get_participation_for_user(request.user, pk, for_edit=True)
    phase = get_object_or_404(Phase, pk=phase_pk, participation=participation)
    services.phase_delete(user=request.user, phase=phase)
    return Status(204, None)
