"""The portfolio page at national scale: filters (region, phase, alerts, name), a summary of
the whole selection and one page of a compact table (issue 14).

The summary, the filters and the alert counts are over the whole selection, so every
visible participation's phase and alerts are judged, from plain rows (four queries, no
model instances, no texts); only the page's rows (at most 50) are then read in full and
given their texts by the same rules (`selectors.due_checks`) as the API's rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from boligsosial.accounts.access import AnyUser
from boligsosial.municipalities.selectors import lineage_codes, load_code_history
from boligsosial.programmes import access, annual_meetings
from boligsosial.programmes.models import (
    PHASE_ORDER,
    OrganisationPeriod,
    Participation,
    Phase,
    PhaseKind,
    PhaseRules,
)
from boligsosial.programmes.region_models import Region, RegionMunicipality, served_at
from boligsosial.programmes.selectors import current_of, due_checks, portfolio_rows

PAGE_SIZE = 50
NOT_STARTED = "none"
ALERTS_ANY = "any"
ALERTS_DANGER = "danger"
ALERT_CHOICES = (ALERTS_ANY, ALERTS_DANGER)


@dataclass
class PortfolioFilters:
    """What the reader asked for (query string), already checked."""

    region: Region | None = None
    phase: str = ""  # a PhaseKind value, NOT_STARTED or "" (all)
    alerts: str = ""  # ALERTS_ANY, ALERTS_DANGER or "" (all)
    name: str = ""
    page: str = "1"

    @property
    def active(self) -> bool:
        return bool(self.region or self.phase or self.alerts or self.name)

    def query(self) -> str:
        """The filters as a query string without the page (for the page links)."""
        from urllib.parse import urlencode

        pairs = {
            "region": self.region.key if self.region else "",
            "fase": self.phase,
            "varsler": self.alerts,
            "navn": self.name,
        }
        return urlencode({k: v for k, v in pairs.items() if v})


def parse_filters(params) -> tuple[PortfolioFilters, list[str]]:
    """Filters from the query string; an unknown value is ignored with a message naming it."""
    errors: list[str] = []
    filters = PortfolioFilters(name=params.get("navn", "").strip()[:100])
    region_key = params.get("region", "")
    if region_key:
        filters.region = Region.objects.filter(key=region_key).first()
        if filters.region is None:
            errors.append(
                _("Fant ingen region «%(value)s»; viser alle regioner.") % {"value": region_key}
            )
    phase = params.get("fase", "")
    if phase and phase not in (*PhaseKind.values, NOT_STARTED):
        errors.append(_("Ukjent fase «%(value)s»; viser alle faser.") % {"value": phase})
    elif phase:
        filters.phase = phase
    alerts = params.get("varsler", "")
    if alerts and alerts not in ALERT_CHOICES:
        errors.append(_("Ukjent varselvalg «%(value)s»; viser alle.") % {"value": alerts})
    elif alerts:
        filters.alerts = alerts
    filters.page = params.get("side", "1")
    return filters, errors


def _participations(visible: QuerySet[Participation]) -> QuerySet[Participation]:
    """The visible participations with only what the page shows (phases and organisation
    history come from the status pass)."""
    return (
        visible.select_related("organisation")
        .only(
            "id",
            "programme_id",
            "municipality_id",
            "programme_contact_id",
            "data_source",
            "municipality__code",
            "municipality__name",
            "programme__name",
            "programme_contact__username",
            "programme_contact__first_name",
            "programme_contact__last_name",
            "organisation__id",
            "organisation__participation_id",
            "organisation__has_steering_group",
            "organisation__steering_group_leader_rank",
        )
        .order_by("municipality__name", "pk")
    )


def _region_codes(region: Region, at: dt.date) -> set[str]:
    """Every kommunenummer of the municipalities the region serves on `at`, with the other
    numbers each has had (a participation registered under an older number is found)."""
    served = RegionMunicipality.objects.filter(served_at(at), region=region)
    codes = set(served.values_list("code", flat=True))
    if not codes:
        return codes
    history = load_code_history()
    return set().union(*(lineage_codes(code, history=history) for code in codes))


@dataclass
class PortfolioPage:
    rows: Page  # of PortfolioRow
    total: int  # visible participations
    selected: int  # after region and name (the summary's basis)
    shown: int  # after every filter
    phase_counts: list[tuple[str, str, int]] = field(default_factory=list)  # (value, label, n)
    with_alerts: int = 0
    with_danger: int = 0
    several_programmes: bool = False
    has_report_data: bool = False


@dataclass(slots=True)
class PhaseSpan(PhaseRules):
    """A phase read as a plain row (the status pass reads every visible participation's)."""

    pk: int
    kind: str
    start: dt.date
    planned_end: dt.date | None
    actual_end: dt.date | None
    overrun_reason: str


# (valid_from, pk, valid_to, has_steering_group, steering_group_leader_rank)
PeriodRow = tuple[dt.date, int, dt.date | None, bool, str]


@dataclass(slots=True)
class _Status:
    """What the summary and the filters need of one participation (no texts)."""

    pk: int
    code: str
    name: str
    kind: str  # the current phase's kind or NOT_STARTED
    alerts: bool
    danger: bool


@dataclass
class _Reading:
    """The status pass: every visible participation judged, and the plain rows it read."""

    visible: QuerySet[Participation]  # the reader's (access decided once per request)
    statuses: list[_Status]
    phases: dict[int, list[PhaseSpan]]  # in the model's order
    periods: dict[int, list[PeriodRow]]  # sorted by (valid_from, pk)
    held: set[int] | None  # ids whose annual meeting is held (None: cannot be judged)
    several_programmes: bool
    has_report_data: bool


def _read(user: AnyUser, as_of: dt.date) -> _Reading:
    """Every visible participation's phase and alerts, from plain rows (four queries), judged
    by the same rules as the rows' texts (`selectors.due_checks`)."""
    visible = access.visible_participations(user)
    rows = list(
        visible.order_by("municipality__name", "pk").values_list(
            "pk",
            "municipality__code",
            "municipality__name",
            "programme_id",
            "data_source",
            "programme_contact_id",
            "organisation__has_steering_group",
        )
    )
    ids = visible.values("pk")
    phases: dict[int, list[PhaseSpan]] = defaultdict(list)
    for pid, pk, kind, start, planned, actual, reason in Phase.objects.filter(
        participation_id__in=ids
    ).values_list(
        "participation_id", "pk", "kind", "start", "planned_end", "actual_end", "overrun_reason"
    ):
        phases[pid].append(PhaseSpan(pk, kind, start, planned, actual, reason))
    for spans in phases.values():
        spans.sort(key=lambda p: (PHASE_ORDER[p.kind], p.start))
    periods: dict[int, list[PeriodRow]] = defaultdict(list)
    for pid, *period in OrganisationPeriod.objects.filter(participation_id__in=ids).values_list(
        "participation_id",
        "valid_from",
        "pk",
        "valid_to",
        "has_steering_group",
        "steering_group_leader_rank",
    ):
        periods[pid].append(tuple(period))  # type: ignore[arg-type]
    for history in periods.values():
        history.sort(key=lambda row: (row[0], row[1]))
    current = {pid: current_of(spans, as_of) for pid, spans in phases.items()}
    implementing = [pid for pid, c in current.items() if c and c.kind == PhaseKind.IMPLEMENTATION]
    held = annual_meetings.participations_with_annual_meeting(implementing, as_of.year, as_of)
    statuses = []
    for pk, code, name, _programme, _source, contact_id, organisation_group in rows:
        phase = current.get(pk)
        has_group: bool | None = organisation_group  # the organisation now (None: none)
        if pk in periods:
            covering = _covering(periods[pk], as_of)
            has_group = covering[3] if covering else None
        checks = due_checks(
            phases.get(pk, []),
            as_of,
            meeting_held=None if held is None else pk in held,
            steering_group=has_group,
            has_contact=contact_id is not None,
        )
        statuses.append(
            _Status(
                pk=pk,
                code=code,
                name=name,
                kind=phase.kind if phase else NOT_STARTED,
                alerts=bool(checks),
                danger=any(severity == "danger" for severity, _c, _p in checks),
            )
        )
    return _Reading(
        visible=visible,
        statuses=statuses,
        phases=phases,
        periods=periods,
        held=held,
        several_programmes=len({row[3] for row in rows}) > 1,
        has_report_data=any(row[4] == "report" for row in rows),
    )


def _covering(history: list[PeriodRow], as_of: dt.date) -> PeriodRow | None:
    """The period on `as_of` (as `selectors.organisation_at`: the last that covers it)."""
    covering = [row for row in history if row[0] <= as_of and (row[2] is None or as_of < row[2])]
    return covering[-1] if covering else None


def _matches(status: _Status, filters: PortfolioFilters) -> bool:
    if filters.phase and status.kind != filters.phase:
        return False
    if filters.alerts == ALERTS_ANY and not status.alerts:
        return False
    if filters.alerts == ALERTS_DANGER and not status.danger:
        return False
    return True


def _phase_counts(statuses: list[_Status]) -> list[tuple[str, str, int]]:
    counts: dict[str, int] = {}
    for status in statuses:
        counts[status.kind] = counts.get(status.kind, 0) + 1
    return [(NOT_STARTED, _("Ikke startet"), counts.get(NOT_STARTED, 0))] + [
        (kind.value, str(kind.label), counts.get(kind.value, 0)) for kind in PhaseKind
    ]


def _page_rows(shown: list[_Status], as_of: dt.date, reading: _Reading):
    """The shown rows in full (texts and all) by the API's row builder, for this page only:
    one query for the participations; their phases and organisation history are the rows
    the status pass read (given to them as prefetched)."""
    chosen = reading.visible.filter(pk__in=[s.pk for s in shown])
    by_pk = {p.pk: p for p in _participations(chosen)}
    participations = [by_pk[s.pk] for s in shown if s.pk in by_pk]
    for participation in participations:
        pk = participation.pk
        participation._prefetched_objects_cache = {  # type: ignore[attr-defined]
            "phases": [
                Phase(
                    id=span.pk,
                    participation_id=pk,
                    kind=span.kind,
                    start=span.start,
                    planned_end=span.planned_end,
                    actual_end=span.actual_end,
                    overrun_reason=span.overrun_reason,
                )
                for span in reading.phases.get(pk, [])
            ],
            "organisation_periods": [
                OrganisationPeriod(
                    id=row[1],
                    participation_id=pk,
                    valid_from=row[0],
                    valid_to=row[2],
                    has_steering_group=row[3],
                    steering_group_leader_rank=row[4],
                )
                for row in reading.periods.get(pk, [])
            ],
        }
    return portfolio_rows(participations, as_of, annual_meeting_ids=reading.held)


def portfolio_page(user: AnyUser, as_of: dt.date, filters: PortfolioFilters) -> PortfolioPage:
    """The page of the portfolio `filters` asks for, with the summary of the selection."""
    reading = _read(user, as_of)
    statuses = reading.statuses
    total = len(statuses)
    if filters.region is not None:
        codes = _region_codes(filters.region, as_of)
        statuses = [s for s in statuses if s.code in codes]
    if filters.name:
        needle = filters.name.casefold()
        statuses = [s for s in statuses if needle in s.name.casefold()]
    shown = [s for s in statuses if _matches(s, filters)]
    page = Paginator(shown, PAGE_SIZE).get_page(filters.page)
    page.object_list = _page_rows(list(page.object_list), as_of, reading)
    return PortfolioPage(
        rows=page,
        total=total,
        selected=len(statuses),
        shown=len(shown),
        phase_counts=_phase_counts(statuses),
        with_alerts=sum(1 for s in statuses if s.alerts),
        with_danger=sum(1 for s in statuses if s.danger),
        several_programmes=reading.several_programmes,
        has_report_data=reading.has_report_data,
    )
