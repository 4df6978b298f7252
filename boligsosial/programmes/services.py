"""Writes for programmes, participations, organisation and phases.

Every function validates, saves and records the change in the audit log, inside one
transaction. The web views and the API call these same functions.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from boligsosial.audit.models import Action
from boligsosial.audit.services import record, snapshot
from boligsosial.core.concurrency import bump_version
from boligsosial.core.formatting import format_date
from boligsosial.core.validation import check_fields, field_errors
from boligsosial.programmes import access
from boligsosial.programmes.models import (
    PHASE_ORDER,
    Organisation,
    Participation,
    Partner,
    Phase,
    PhaseKind,
    Programme,
)

PARTICIPATION_FIELDS = (
    "application_date",
    "agreement_signed",
    "agreement_revised",
    "start_date",
    "start_precision",
    "programme_contact",
)
ORGANISATION_FIELDS = (
    "programme_leader_position",
    "programme_leader_unit",
    "programme_leader_acting",
    "project_organised",
    "has_steering_group",
    "steering_group_leader_position",
    "steering_group_leader_rank",
    "steering_group_members",
    "husbanken_in_steering_group",
    "ftes",
    "notes",
)


def _check_participation_dates(data: dict) -> None:
    errors = {}
    signed, revised = data.get("agreement_signed"), data.get("agreement_revised")
    applied, start = data.get("application_date"), data.get("start_date")
    if signed and revised and revised < signed:
        errors["agreement_revised"] = _(
            "Samarbeidsavtalen kan ikke være revidert (%(revised)s) før den ble signert (%(signed)s)."
        ) % {"revised": format_date(revised), "signed": format_date(signed)}
    if applied and signed and signed < applied:
        errors["agreement_signed"] = _(
            "Samarbeidsavtalen kan ikke være signert (%(signed)s) før søknaden (%(applied)s)."
        ) % {"signed": format_date(signed), "applied": format_date(applied)}
    if applied and start and start < applied:
        errors["start_date"] = _(
            "Oppstart (%(start)s) kan ikke være før søknadsdatoen (%(applied)s)."
        ) % {"start": format_date(start), "applied": format_date(applied)}
    contact = data.get("programme_contact")
    if contact is not None and not contact.is_husbanken:
        errors["programme_contact"] = _("Programkontakten må være en Husbanken-bruker.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def participation_create(*, user, programme: Programme, municipality, **data) -> Participation:
    if not access.can_create_participation(user):
        raise PermissionDenied
    _check_participation_dates(data)
    if Participation.objects.filter(programme=programme, municipality=municipality).exists():
        raise ValidationError(
            {
                "municipality": _("%(municipality)s er allerede med i dette programmet.")
                % {"municipality": municipality.name}
            }
        )
    allowed = (*PARTICIPATION_FIELDS, "data_source", "source_note")
    fields = {key: value for key, value in data.items() if key in allowed}
    participation = Participation.objects.create(
        programme=programme, municipality=municipality, **fields
    )
    Organisation.objects.create(participation=participation)
    record(user=user, action=Action.CREATE, target=participation, after=snapshot(participation))
    return participation


@transaction.atomic
def participation_update(
    *, user, participation: Participation, version: int | None, **data
) -> Participation:
    if not access.can_edit_participation(user, participation):
        raise PermissionDenied
    merged = {f: data.get(f, getattr(participation, f)) for f in PARTICIPATION_FIELDS}
    _check_participation_dates(merged)
    check_fields(Participation, merged)
    before = snapshot(participation)
    bump_version(participation, version)
    for field in PARTICIPATION_FIELDS:
        if field in data:
            setattr(participation, field, data[field])
    participation.save()
    record(
        user=user,
        action=Action.UPDATE,
        target=participation,
        before=before,
        after=snapshot(participation),
    )
    return participation


def _check_organisation(data: dict) -> None:
    """The organisation's rules, then its columns' own rules for the fields those leave."""
    errors: dict[str, list[str] | str] = {}
    if data.get("has_steering_group"):
        if not (data.get("steering_group_leader_position") or "").strip():
            errors["steering_group_leader_position"] = _(
                "Skriv hvilken stilling som leder styringsgruppen, eller fjern krysset for styringsgruppe."
            )
        if not data.get("steering_group_leader_rank"):
            errors["steering_group_leader_rank"] = _(
                "Velg hvilket nivå styringsgruppens leder er på; det avgjør forankringsnivået."
            )
    ftes = data.get("ftes")
    if ftes is not None and (ftes < 0 or ftes > 500):
        errors["ftes"] = _("Årsverk må være mellom 0 og 500.")
    errors = {**field_errors(Organisation, data), **errors}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def organisation_update(
    *, user, participation: Participation, version: int | None, **data
) -> Organisation:
    if not access.can_edit_organisation(user, participation):
        raise PermissionDenied
    organisation, _created = Organisation.objects.get_or_create(participation=participation)
    merged = {f: data.get(f, getattr(organisation, f)) for f in ORGANISATION_FIELDS}
    if not merged["has_steering_group"]:
        merged.update(
            steering_group_leader_position="",
            steering_group_leader_rank="",
            steering_group_members="",
        )
    _check_organisation(merged)
    before = snapshot(organisation)
    bump_version(organisation, version)
    for field, value in merged.items():
        setattr(organisation, field, value)
    organisation.save()
    record(
        user=user,
        action=Action.UPDATE,
        target=organisation,
        scope=participation,
        before=before,
        after=snapshot(organisation),
    )
    return organisation


@transaction.atomic
def partner_add(
    *, user, participation: Participation, kind: str, name: str, role: str = ""
) -> Partner:
    if not access.can_edit_organisation(user, participation):
        raise PermissionDenied
    if not name.strip():
        raise ValidationError({"name": _("Skriv navnet på samarbeidspartneren.")})
    organisation, _created = Organisation.objects.get_or_create(participation=participation)
    partner = Partner.objects.create(
        organisation=organisation, kind=kind, name=name.strip(), role=role
    )
    record(
        user=user,
        action=Action.CREATE,
        target=partner,
        scope=participation,
        after=snapshot(partner),
    )
    return partner


@transaction.atomic
def partner_remove(*, user, partner: Partner) -> None:
    participation = partner.organisation.participation
    if not access.can_edit_organisation(user, participation):
        raise PermissionDenied
    record(
        user=user,
        action=Action.DELETE,
        target=partner,
        scope=participation,
        before=snapshot(partner),
    )
    partner.delete()


# Phases -----------------------------------------------------------------------


@dataclass
class PhaseData:
    kind: str
    start: dt.date
    planned_end: dt.date | None = None
    actual_end: dt.date | None = None
    overrun_reason: str = ""
    pk: int | None = None
    version: int | None = None


def _check_phase_fields(data: PhaseData) -> None:
    """The kind first, with the valid kinds named, then the columns' own rules."""
    if data.kind not in PhaseKind.values:
        raise ValidationError(
            {
                "kind": _("Ukjent fase «%(kind)s». Gyldige faser: %(valid)s.")
                % {
                    "kind": data.kind,
                    "valid": ", ".join(f"{k.value} ({k.label})" for k in PhaseKind),
                }
            }
        )
    check_fields(
        Phase,
        {
            "start": data.start,
            "planned_end": data.planned_end,
            "actual_end": data.actual_end,
            "overrun_reason": data.overrun_reason,
        },
    )


def validate_phases(phases: list[PhaseData]) -> dict[str, list[str]]:
    """Check a participation's whole set of phases. Returns {field: [messages]}.

    Rules: each kind at most once; ends not before starts; phases in the model's order
    and never overlapping; a phase longer than the model allows needs a recorded reason;
    the completed phase is a point in time (start only).
    """
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    kinds = [p.kind for p in phases]
    for kind in set(kinds):
        if kinds.count(kind) > 1:
            add(
                "kind",
                _("%(phase)s er registrert mer enn én gang.") % {"phase": PhaseKind(kind).label},
            )
    for p in phases:
        label = PhaseKind(p.kind).label
        for field, end in (("planned_end", p.planned_end), ("actual_end", p.actual_end)):
            if end and end < p.start:
                add(
                    field,
                    _("%(phase)s: slutt (%(end)s) kan ikke være før start (%(start)s).")
                    % {"phase": label, "end": format_date(end), "start": format_date(p.start)},
                )
        if p.kind == PhaseKind.COMPLETED and (p.planned_end or p.actual_end):
            add("planned_end", _("Avsluttet er et tidspunkt: fyll bare inn startdato."))
        probe = Phase(
            kind=p.kind, start=p.start, planned_end=p.planned_end, actual_end=p.actual_end
        )
        if probe.exceeds_model() and not (p.overrun_reason or "").strip():
            add(
                "overrun_reason",
                _(
                    "%(phase)s varer %(months)s måneder, lenger enn rammemodellens %(limit)s måneder. "
                    "Skriv en begrunnelse for avviket."
                )
                % {"phase": label, "months": probe.length_months(), "limit": probe.max_months},
            )
    ordered = sorted(phases, key=lambda p: PHASE_ORDER[p.kind])
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        earlier_label, later_label = PhaseKind(earlier.kind).label, PhaseKind(later.kind).label
        if later.start < earlier.start:
            add(
                "start",
                _("%(later)s (start %(ls)s) kan ikke starte før %(earlier)s (start %(es)s).")
                % {
                    "later": later_label,
                    "ls": format_date(later.start),
                    "earlier": earlier_label.lower(),
                    "es": format_date(earlier.start),
                },
            )
            continue
        end = earlier.actual_end or earlier.planned_end
        if end and later.start < end:
            add(
                "start",
                _(
                    "%(later)s starter %(ls)s, før %(earlier)s slutter %(ee)s. Faser kan ikke overlappe."
                )
                % {
                    "later": later_label,
                    "ls": format_date(later.start),
                    "earlier": earlier_label.lower(),
                    "ee": format_date(end),
                },
            )
    return errors


def _phase_set_with(
    participation: Participation, changed: PhaseData | None, removed_pk: int | None = None
) -> list[PhaseData]:
    current = [
        PhaseData(
            kind=p.kind,
            start=p.start,
            planned_end=p.planned_end,
            actual_end=p.actual_end,
            overrun_reason=p.overrun_reason,
            pk=p.pk,
        )
        for p in participation.phases.all()
        if p.pk != removed_pk and (changed is None or p.pk != changed.pk)
    ]
    return current + ([changed] if changed else [])


@transaction.atomic
def phase_save(*, user, participation: Participation, data: PhaseData) -> Phase:
    """Create (data.pk None) or update a phase after checking the whole phase set."""
    if not access.can_edit_participation(user, participation):
        raise PermissionDenied
    # Lock the participation row so two concurrent phase edits are checked in sequence.
    Participation.objects.select_for_update().filter(pk=participation.pk).first()
    _check_phase_fields(data)
    errors = validate_phases(_phase_set_with(participation, data))
    if errors:
        raise ValidationError(errors)
    if data.pk:
        phase = participation.phases.get(pk=data.pk)
        before = snapshot(phase)
        bump_version(phase, data.version)
        action = Action.UPDATE
    else:
        phase, before, action = Phase(participation=participation), None, Action.CREATE
    phase.kind, phase.start = data.kind, data.start
    phase.planned_end, phase.actual_end = data.planned_end, data.actual_end
    phase.overrun_reason = data.overrun_reason or ""
    try:
        with transaction.atomic():
            phase.save()
    except IntegrityError as exc:
        raise ValidationError({"kind": _("Denne fasen er allerede registrert.")}) from exc
    record(
        user=user,
        action=action,
        target=phase,
        scope=participation,
        before=before,
        after=snapshot(phase),
    )
    return phase


@transaction.atomic
def phase_delete(*, user, phase: Phase) -> None:
    participation = phase.participation
    if not access.can_edit_participation(user, participation):
        raise PermissionDenied
    record(
        user=user, action=Action.DELETE, target=phase, scope=participation, before=snapshot(phase)
    )
    phase.delete()
