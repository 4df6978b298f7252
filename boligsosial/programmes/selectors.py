"""Reads for the portfolio and the participation page, computed for an as-of date."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from boligsosial.accounts.access import AnyUser
from boligsosial.core.formatting import format_date
from boligsosial.programmes import access, annual_meetings
from boligsosial.programmes.models import (
    OrganisationFields,
    Participation,
    Phase,
    PhaseKind,
    PhaseRules,
    Programme,
)

PHASE_ENDING_SOON_DAYS = 90


@dataclass
class DueItem:
    """Something that needs attention for a participation at the as-of date."""

    severity: str  # "danger" | "warning" | "info"
    text: str
    code: str


@dataclass
class PortfolioRow:
    participation: Participation
    phase: Phase | None
    months_in_phase: int | None
    organisation: OrganisationFields | None  # as it was on the portfolio's as-of date
    due: list[DueItem] = field(default_factory=list)

    @property
    def anchoring_level_display(self) -> str:
        return (
            self.organisation.get_anchoring_level_display()
            if self.organisation
            else _("Ikke registrert")
        )


def participations_for_portfolio(
    user: AnyUser, programme: Programme | None = None
) -> QuerySet[Participation]:
    qs = (
        access.visible_participations(user)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("phases", queryset=Phase.objects.order_by("start")), "organisation_periods"
        )
    )
    if programme is not None:
        qs = qs.filter(programme=programme)
    return qs.order_by("municipality__name")


# (severity, code, the phase it is about or None): what is due, before its text is written.
DueCheck = tuple[str, str, PhaseRules | None]


def current_of(ordered: Sequence[PhaseRules], as_of: dt.date) -> PhaseRules | None:
    """The latest phase (in the model's order) that has started by `as_of`."""
    started = [p for p in ordered if p.start <= as_of]
    return started[-1] if started else None


def due_checks(
    ordered: Sequence[PhaseRules],
    as_of: dt.date,
    *,
    meeting_held: bool | None,
    steering_group: bool | None,
    has_contact: bool,
) -> list[DueCheck]:
    """What needs attention, without texts (the portfolio judges every participation with
    this and writes texts only for the rows it shows). `ordered`: the phases in the model's
    order; `meeting_held`: whether this year's annual meeting is held (None: cannot be
    judged); `steering_group`: the organisation's on `as_of` (None: no organisation)."""
    checks: list[DueCheck] = []
    for phase in ordered:
        if phase.start > as_of:
            continue
        if phase.is_overdue(as_of):
            checks.append(("danger", "phase_overdue", phase))
        elif phase.ends_within(as_of, PHASE_ENDING_SOON_DAYS):
            checks.append(("warning", "phase_ending", phase))
        if phase.exceeds_model():
            if phase.overrun_reason:
                checks.append(("info", "phase_long_explained", phase))
            else:
                checks.append(("danger", "phase_long", phase))
    current = current_of(ordered, as_of)
    if current and current.kind == PhaseKind.IMPLEMENTATION and meeting_held is False:
        checks.append(("warning", "annual_meeting_due", None))
    if steering_group is False and current:
        checks.append(("warning", "no_steering_group", None))
    if not has_contact:
        checks.append(("warning", "no_contact", None))
    return checks


def _due_text(code: str, phase: Any, as_of: dt.date) -> str:
    if code == "annual_meeting_due":
        return _("Årsmøte med Husbanken for %(year)s er ikke holdt ennå.") % {"year": as_of.year}
    if code == "no_steering_group":
        return _("Kommunen har ingen styringsgruppe.")
    if code == "no_contact":
        return _("Ingen programkontakt i Husbanken er satt.")
    label = phase.kind_label()
    if code == "phase_overdue":
        return _("%(phase)s skulle vært avsluttet %(date)s.") % {
            "phase": label,
            "date": format_date(phase.planned_end),
        }
    if code == "phase_ending":
        return _("%(phase)s slutter %(date)s.") % {
            "phase": label,
            "date": format_date(phase.planned_end),
        }
    if code == "phase_long_explained":
        return _(
            "%(phase)s er lenger enn rammemodellen (%(months)s måneder). Begrunnelse: %(reason)s"
        ) % {"phase": label, "months": phase.length_months(), "reason": phase.overrun_reason}
    return _("%(phase)s er lenger enn rammemodellen og mangler begrunnelse.") % {"phase": label}


def due_items(
    participation: Participation, as_of: dt.date, *, annual_meeting_ids: set[int] | None = None
) -> list[DueItem]:
    """What needs attention. `annual_meeting_ids`, when given, is the set of participation
    ids whose annual meeting is held (the portfolio computes it once for all rows)."""
    phases = participation.ordered_phases()
    current = current_of(phases, as_of)
    meeting_held = None
    if current and current.kind == PhaseKind.IMPLEMENTATION:
        if annual_meeting_ids is None:
            annual_meeting_ids = annual_meetings.participations_with_annual_meeting(
                [participation.pk], as_of.year, as_of
            )
        if annual_meeting_ids is not None:
            meeting_held = participation.pk in annual_meeting_ids
    organisation = organisation_at(participation, as_of)
    checks = due_checks(
        phases,
        as_of,
        meeting_held=meeting_held,
        steering_group=organisation.has_steering_group if organisation is not None else None,
        has_contact=participation.programme_contact_id is not None,
    )
    return [
        DueItem(severity, _due_text(code, phase, as_of), code) for severity, code, phase in checks
    ]


def portfolio(
    user: AnyUser, as_of: dt.date, programme: Programme | None = None
) -> list[PortfolioRow]:
    return portfolio_rows(list(participations_for_portfolio(user, programme)), as_of)


def portfolio_rows(
    participations: list[Participation],
    as_of: dt.date,
    *,
    annual_meeting_ids: set[int] | None = None,
) -> list[PortfolioRow]:
    """A portfolio row per participation: phase, months in it, organisation then, what is due.
    `annual_meeting_ids`: as in `due_items`, when the caller has it already."""
    held = annual_meeting_ids
    if held is None:
        held = annual_meetings.participations_with_annual_meeting(
            [p.pk for p in participations], as_of.year, as_of
        )
    rows = []
    for participation in participations:
        phase = participation.current_phase(as_of)
        rows.append(
            PortfolioRow(
                participation=participation,
                phase=phase,
                months_in_phase=phase.months_elapsed(as_of) if phase else None,
                organisation=organisation_at(participation, as_of),
                due=due_items(participation, as_of, annual_meeting_ids=held),
            )
        )
    return rows


def phase_timeline(participation: Participation, as_of: dt.date) -> dict[str, Any]:
    """Phases as proportional bars between the first start and the last end for the page."""
    phases = participation.ordered_phases()
    if not phases:
        return {"phases": [], "as_of_percent": None}
    start = min(p.start for p in phases)
    ends = [p.end for p in phases if p.end] + [p.start for p in phases] + [as_of]
    end = max(ends)
    span = max((end - start).days, 1)
    bars = []
    for p in phases:
        stop = p.end or max(as_of, p.start)
        bars.append(
            {
                "phase": p,
                "left": round(100 * (p.start - start).days / span, 2),
                "width": max(round(100 * (stop - p.start).days / span, 2), 0.8),
                "overdue": p.is_overdue(as_of),
                "exceeds": p.exceeds_model(),
                "current": p == participation.current_phase(as_of),
            }
        )
    as_of_percent = round(100 * (as_of - start).days / span, 2) if start <= as_of <= end else None
    return {"phases": bars, "as_of_percent": as_of_percent, "start": start, "end": end}


def organisation_at(participation: Participation, as_of: dt.date):
    """The organisation as it was on `as_of`: the period of its history that covers the date
    (None before the first one). A participation without any history (registered before
    the history was kept, or written straight to the table) reads its organisation now.
    Uses the prefetched `organisation_periods` when there are any."""
    cache = getattr(participation, "_prefetched_objects_cache", {})
    periods = cache.get("organisation_periods")
    if periods is None:
        periods = participation.organisation_periods.all()
    periods = sorted(periods, key=lambda p: (p.valid_from, p.pk))
    if not periods:
        return getattr(participation, "organisation", None)
    covering = [p for p in periods if p.covers(as_of)]
    return covering[-1] if covering else None


def organisation_history(participation: Participation) -> list:
    """Every period of the organisation's history, newest first (replaced ones included).
    Uses the prefetched `organisation_periods` when there are any (with `recorded_by`)."""
    periods = getattr(participation, "_prefetched_objects_cache", {}).get("organisation_periods")
    if periods is None:
        periods = participation.organisation_periods.select_related("recorded_by")
    return sorted(periods, key=lambda p: (p.valid_from, p.pk), reverse=True)
