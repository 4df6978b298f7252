"""Writes for programmes, participations, organisation and phases.

Every function checks access, validates, saves and records the change in the audit log,
inside one transaction. The web views and the API call these same functions.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boligsosial.accounts.access import AnyUser
from boligsosial.accounts.models import User
from boligsosial.audit.models import Action
from boligsosial.audit.services import audited_update, record, snapshot
from boligsosial.core.concurrency import bump_version
from boligsosial.core.formatting import format_date
from boligsosial.core.validation import check_values, field_errors
from boligsosial.municipalities.models import Municipality
from boligsosial.programmes import access
from boligsosial.programmes.models import (
    Organisation,
    OrganisationPeriod,
    Participation,
    Partner,
    Phase,
    Programme,
)
from boligsosial.programmes.phases import (
    PhaseData,
    check_phase_fields,
    phase_set_with,
    validate_phases,
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
    "political_participation",
    "ftes",
    "notes",
)


def _check_participation_dates(data: dict[str, Any]) -> None:
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
def participation_create(
    *, user: AnyUser, programme: Programme, municipality: Municipality, **data: Any
) -> Participation:
    """A municipality joins a programme; its (empty) organisation is created with it."""
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
    check_values(Participation, fields)
    participation = Participation.objects.create(
        programme=programme, municipality=municipality, **fields
    )
    record(user=user, action=Action.CREATE, target=participation, after=snapshot(participation))
    _organisation_of(participation, user=user)
    return participation


@transaction.atomic
def participation_update(
    *, user: AnyUser, participation: Participation, version: int | None, **data: Any
) -> Participation:
    if not access.can_edit_participation(user, participation):
        raise PermissionDenied
    merged = {f: data.get(f, getattr(participation, f)) for f in PARTICIPATION_FIELDS}
    _check_participation_dates(merged)
    check_values(Participation, merged)
    changes = {f: data[f] for f in PARTICIPATION_FIELDS if f in data}
    audited_update(user=user, obj=participation, version=version, changes=changes)
    return participation


def _check_organisation(data: dict[str, Any]) -> None:
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


def _organisation_of(participation: Participation, *, user: AnyUser) -> Organisation:
    """The participation's organisation, locked; created (and recorded) if it is missing."""
    organisation = Organisation.objects.select_for_update().filter(participation=participation)
    found = organisation.first()
    if found is not None:
        return found
    created = Organisation.objects.create(participation=participation)
    record(
        user=user,
        action=Action.CREATE,
        target=created,
        scope=participation,
        after=snapshot(created),
    )
    return created


def _without_steering_group(values: dict[str, Any]) -> dict[str, Any]:
    if not values["has_steering_group"]:
        values.update(
            steering_group_leader_position="",
            steering_group_leader_rank="",
            steering_group_members="",
        )
    return values


def _default_valid_from(participation: Participation, periods: list) -> dt.date:
    """Today; the first registration counts from the participation's start (if earlier)."""
    today = timezone.localdate()
    if not periods and participation.start_date and participation.start_date < today:
        return participation.start_date
    return today


def _record_period(
    *,
    user: AnyUser,
    participation: Participation,
    organisation: Organisation,
    data: dict[str, Any],
    valid_from: dt.date | None,
) -> tuple[OrganisationPeriod, dict[str, Any]]:
    """Add the period that starts at `valid_from`; the one it falls in ends there.

    Returns the new period and its values (what was true before, changed by `data`)."""
    periods = list(
        OrganisationPeriod.objects.select_for_update()
        .filter(participation=participation)
        .order_by("valid_from", "pk")
    )
    start = valid_from or _default_valid_from(participation, periods)
    if not dt.date(1990, 1, 1) <= start <= timezone.localdate() + dt.timedelta(days=366):
        raise ValidationError(
            {
                "valid_from": _(
                    "Datoen endringen gjelder fra må ligge mellom 01.01.1990 og ett år fram i tid."
                )
            }
        )
    covering = [p for p in periods if p.covers(start)]
    before = covering[-1] if covering else None
    if before is not None:
        base = {f: getattr(before, f) for f in ORGANISATION_FIELDS}
        end = before.valid_to
    else:
        base = {f: getattr(organisation, f) for f in ORGANISATION_FIELDS}
        later = [p.valid_from for p in periods if p.valid_from > start]
        end = min(later) if later else None
    values = _without_steering_group({**base, **{f: data[f] for f in data}})
    _check_organisation(values)
    if before is not None:
        before.valid_to = start
        before.save(update_fields=["valid_to", "updated_at"])
    period = OrganisationPeriod.objects.create(
        participation=participation,
        valid_from=start,
        valid_to=end,
        recorded_by=user if isinstance(user, User) else None,
        **values,
    )
    record(
        user=user,
        action=Action.CREATE,
        target=period,
        scope=participation,
        after=snapshot(period),
    )
    return period, values


@transaction.atomic
def organisation_update(
    *,
    user: AnyUser,
    participation: Participation,
    version: int | None,
    valid_from: dt.date | None = None,
    **data: Any,
) -> Organisation:
    """Change the organisation from `valid_from` (default today; the first registration
    from the participation's start). The history keeps what was true before; the
    organisation now changes only when the new period is the latest."""
    if not access.can_edit_organisation(user, participation):
        raise PermissionDenied
    organisation = _organisation_of(participation, user=user)
    changes = {f: data[f] for f in ORGANISATION_FIELDS if f in data}
    merged = _without_steering_group(
        {f: changes.get(f, getattr(organisation, f)) for f in ORGANISATION_FIELDS}
    )
    _check_organisation(merged)
    period, values = _record_period(
        user=user,
        participation=participation,
        organisation=organisation,
        data=changes,
        valid_from=valid_from,
    )
    if period.valid_to is None:
        audited_update(
            user=user, obj=organisation, version=version, changes=values, scope=participation
        )
    else:
        # Only the history changed; the version still moves so a stale form is refused.
        bump_version(organisation, version)
    return organisation


@transaction.atomic
def partner_add(
    *, user: AnyUser, participation: Participation, kind: str, name: str, role: str = ""
) -> Partner:
    if not access.can_edit_organisation(user, participation):
        raise PermissionDenied
    if not name.strip():
        raise ValidationError({"name": _("Skriv navnet på samarbeidspartneren.")})
    values = {"kind": kind, "name": name.strip(), "role": role}
    check_values(Partner, values)
    organisation = _organisation_of(participation, user=user)
    partner = Partner.objects.create(organisation=organisation, **values)
    record(
        user=user,
        action=Action.CREATE,
        target=partner,
        scope=participation,
        after=snapshot(partner),
    )
    return partner


@transaction.atomic
def partner_remove(*, user: AnyUser, partner: Partner) -> None:
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


@transaction.atomic
def phase_save(*, user: AnyUser, participation: Participation, data: PhaseData) -> Phase:
    """Create (data.pk None) or update a phase after checking the whole phase set."""
    if not access.can_edit_participation(user, participation):
        raise PermissionDenied
    # Lock the participation row so two concurrent phase edits are checked in sequence.
    Participation.objects.select_for_update().filter(pk=participation.pk).first()
    check_phase_fields(data)
    errors = validate_phases(phase_set_with(participation, data))
    if errors:
        raise ValidationError(errors)
    changes = {
        "kind": data.kind,
        "start": data.start,
        "planned_end": data.planned_end,
        "actual_end": data.actual_end,
        "overrun_reason": data.overrun_reason or "",
    }
    try:
        with transaction.atomic():
            if data.pk:
                phase = participation.phases.get(pk=data.pk)
                audited_update(
                    user=user, obj=phase, version=data.version, changes=changes, scope=participation
                )
                return phase
            phase = Phase.objects.create(participation=participation, **changes)
    except IntegrityError as exc:
        raise ValidationError({"kind": _("Denne fasen er allerede registrert.")}) from exc
    record(
        user=user, action=Action.CREATE, target=phase, scope=participation, after=snapshot(phase)
    )
    return phase


@transaction.atomic
def phase_delete(*, user: AnyUser, phase: Phase) -> None:
    participation = phase.participation
    if not access.can_edit_participation(user, participation):
        raise PermissionDenied
    record(
        user=user, action=Action.DELETE, target=phase, scope=participation, before=snapshot(phase)
    )
    phase.delete()
