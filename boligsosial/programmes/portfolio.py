"""The portfolio page at national scale: filters (region, phase, alerts, name), a summary of
the whole selection and one page of a compact table (issue 14).

Every visible participation is read once with only the columns the page shows (four
queries whatever the number of municipalities); phase, organisation and alerts are worked
out in Python for all of them, because the summary and the alert filter need them; only
the page's rows are drawn.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from boligsosial.accounts.access import AnyUser
from boligsosial.municipalities.selectors import lineage_codes, load_code_history
from boligsosial.programmes import access
from boligsosial.programmes.models import (
    OrganisationPeriod,
    Participation,
    Phase,
    PhaseKind,
)
from boligsosial.programmes.region_models import Region, RegionMunicipality, served_at
from boligsosial.programmes.selectors import PortfolioRow, portfolio_rows

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


def _participations(user: AnyUser) -> QuerySet[Participation]:
    """The visible participations with only what the page shows."""
    return (
        access.visible_participations(user)
        .select_related("organisation")
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
        .prefetch_related(
            Prefetch(
                "phases",
                queryset=Phase.objects.only(
                    "id",
                    "participation_id",
                    "kind",
                    "start",
                    "planned_end",
                    "actual_end",
                    "overrun_reason",
                ).order_by("start"),
            ),
            Prefetch(
                "organisation_periods",
                queryset=OrganisationPeriod.objects.only(
                    "id",
                    "participation_id",
                    "valid_from",
                    "valid_to",
                    "has_steering_group",
                    "steering_group_leader_rank",
                ),
            ),
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


def _matches(row: PortfolioRow, filters: PortfolioFilters) -> bool:
    if filters.phase:
        kind = row.phase.kind if row.phase else NOT_STARTED
        if kind != filters.phase:
            return False
    if filters.alerts == ALERTS_ANY and not row.due:
        return False
    if filters.alerts == ALERTS_DANGER and not _has_danger(row):
        return False
    return True


def _phase_counts(rows: list[PortfolioRow]) -> list[tuple[str, str, int]]:
    counts: dict[str, int] = {}
    for row in rows:
        kind = row.phase.kind if row.phase else NOT_STARTED
        counts[kind] = counts.get(kind, 0) + 1
    return [(NOT_STARTED, _("Ikke startet"), counts.get(NOT_STARTED, 0))] + [
        (kind.value, str(kind.label), counts.get(kind.value, 0)) for kind in PhaseKind
    ]


def _has_danger(row: PortfolioRow) -> bool:
    return any(d.severity == "danger" for d in row.due)


def portfolio_page(user: AnyUser, as_of: dt.date, filters: PortfolioFilters) -> PortfolioPage:
    """The page of the portfolio `filters` asks for, with the summary of the selection."""
    participations = list(_participations(user))
    total = len(participations)
    several_programmes = len({p.programme_id for p in participations}) > 1
    has_report_data = any(p.data_source == "report" for p in participations)
    if filters.region is not None:
        codes = _region_codes(filters.region, as_of)
        participations = [p for p in participations if p.municipality.code in codes]
    if filters.name:
        needle = filters.name.casefold()
        participations = [p for p in participations if needle in p.municipality.name.casefold()]
    rows = portfolio_rows(participations, as_of)
    shown = [row for row in rows if _matches(row, filters)]
    return PortfolioPage(
        rows=Paginator(shown, PAGE_SIZE).get_page(filters.page),
        total=total,
        selected=len(rows),
        shown=len(shown),
        phase_counts=_phase_counts(rows),
        with_alerts=sum(1 for row in rows if row.due),
        with_danger=sum(1 for row in rows if _has_danger(row)),
        several_programmes=several_programmes,
        has_report_data=has_report_data,
    )
