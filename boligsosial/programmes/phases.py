"""The framework model's rules for a participation's set of phases (reads, no writes).

Rules: each kind at most once; ends not before starts; phases in the model's order and
never overlapping; a phase longer than the model allows needs a recorded reason; the
completed phase is a point in time (start only). `services.phase_save` applies them.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from boligsosial.core.formatting import format_date
from boligsosial.core.validation import check_values
from boligsosial.programmes.models import PHASE_ORDER, Participation, Phase, PhaseKind

Errors = dict[str, list[str]]


@dataclass
class PhaseData:
    kind: str
    start: dt.date
    planned_end: dt.date | None = None
    actual_end: dt.date | None = None
    overrun_reason: str = ""
    pk: int | None = None
    version: int | None = None


def check_phase_fields(data: PhaseData) -> None:
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
    check_values(
        Phase,
        {
            "start": data.start,
            "planned_end": data.planned_end,
            "actual_end": data.actual_end,
            "overrun_reason": data.overrun_reason,
        },
    )


def _kinds_once(phases: list[PhaseData], errors: Errors) -> None:
    kinds = [p.kind for p in phases]
    for kind in sorted(set(kinds), key=PHASE_ORDER.__getitem__):
        if kinds.count(kind) > 1:
            errors.setdefault("kind", []).append(
                _("%(phase)s er registrert mer enn én gang.") % {"phase": PhaseKind(kind).label}
            )


def _each_phase(p: PhaseData, errors: Errors) -> None:
    label = PhaseKind(p.kind).label
    for field, end in (("planned_end", p.planned_end), ("actual_end", p.actual_end)):
        if end and end < p.start:
            errors.setdefault(field, []).append(
                _("%(phase)s: slutt (%(end)s) kan ikke være før start (%(start)s).")
                % {"phase": label, "end": format_date(end), "start": format_date(p.start)}
            )
    if p.kind == PhaseKind.COMPLETED and (p.planned_end or p.actual_end):
        errors.setdefault("planned_end", []).append(
            _("Avsluttet er et tidspunkt: fyll bare inn startdato.")
        )
    probe = Phase(kind=p.kind, start=p.start, planned_end=p.planned_end, actual_end=p.actual_end)
    if probe.exceeds_model() and not (p.overrun_reason or "").strip():
        errors.setdefault("overrun_reason", []).append(
            _(
                "%(phase)s varer %(months)s måneder, lenger enn rammemodellens %(limit)s måneder. "
                "Skriv en begrunnelse for avviket."
            )
            % {"phase": label, "months": probe.length_months(), "limit": probe.max_months}
        )


def _in_order_without_overlap(earlier: PhaseData, later: PhaseData, errors: Errors) -> None:
    names = {
        "later": PhaseKind(later.kind).label,
        "ls": format_date(later.start),
        "earlier": PhaseKind(earlier.kind).label.lower(),
    }
    if later.start < earlier.start:
        errors.setdefault("start", []).append(
            _("%(later)s (start %(ls)s) kan ikke starte før %(earlier)s (start %(es)s).")
            % {**names, "es": format_date(earlier.start)}
        )
        return
    end = earlier.actual_end or earlier.planned_end
    if end and later.start < end:
        errors.setdefault("start", []).append(
            _("%(later)s starter %(ls)s, før %(earlier)s slutter %(ee)s. Faser kan ikke overlappe.")
            % {**names, "ee": format_date(end)}
        )


def validate_phases(phases: list[PhaseData]) -> Errors:
    """Check a participation's whole set of phases. Returns {field: [messages]}."""
    errors: Errors = {}
    _kinds_once(phases, errors)
    for p in phases:
        _each_phase(p, errors)
    ordered = sorted(phases, key=lambda p: PHASE_ORDER[p.kind])
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        _in_order_without_overlap(earlier, later, errors)
    return errors


def phase_set_with(
    participation: Participation, changed: PhaseData | None, removed_pk: int | None = None
) -> list[PhaseData]:
    """The participation's phases as they would be after the change."""
    stored: Iterable[Phase] = participation.phases.all()
    current = [
        PhaseData(
            kind=p.kind,
            start=p.start,
            planned_end=p.planned_end,
            actual_end=p.actual_end,
            overrun_reason=p.overrun_reason,
            pk=p.pk,
        )
        for p in stored
        if p.pk != removed_pk and (changed is None or p.pk != changed.pk)
    ]
    return current + ([changed] if changed else [])
