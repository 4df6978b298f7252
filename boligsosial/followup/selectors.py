"""Reads for follow-up and learning arenas, computed for an as-of date.

Stable selectors the evaluation report calls (keep their signatures):

- ``cadence_days(participation, *, as_of) -> float | None``
  The median number of days between consecutive contacts (meetings of any kind, one per
  day) on or before `as_of`; None with fewer than two contacts.
- ``annual_meetings(participation, *, as_of) -> list[AnnualMeetingYear]``
  One row per calendar year the implementation phase covers up to `as_of`: `year`,
  `meetings` (annual meetings held that year by `as_of`), `held` (bool) and `state`
  ("held", "missed" for a past year without one, "due" for the current year).
- ``attendance(programme, *, as_of) -> Attendance``
  Learning arenas held by `as_of` (oldest first) with persons per participation (None when
  the municipality did not attend — never 0), per-year totals per municipality, and the
  average feedback score per arena.
"""

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch, prefetch_related_objects

from boligsosial.followup.models import (
    ActionStatus,
    AgreedAction,
    ArenaAttendance,
    LearningArena,
    Meeting,
    MeetingKind,
)
from boligsosial.programmes.models import Participation, PhaseKind, Programme

if TYPE_CHECKING:
    from boligsosial.core.charts import BarChart


def contact_dates(participation: Participation, as_of: dt.date) -> list[dt.date]:
    return sorted(
        set(
            Meeting.objects.filter(participation=participation, date__lte=as_of).values_list(
                "date", flat=True
            )
        )
    )


def cadence_days(participation: Participation, *, as_of: dt.date) -> float | None:
    return _median_gap(contact_dates(participation, as_of))


def _median_gap(dates: list[dt.date]) -> float | None:
    if len(dates) < 2:
        return None
    return float(statistics.median((b - a).days for a, b in zip(dates, dates[1:], strict=False)))


def cadence_days_by_participation(
    participations: Iterable[Participation], *, as_of: dt.date
) -> dict[int, float | None]:
    """cadence_days for many participations in one query."""
    participations = list(participations)
    dates: dict[int, set[dt.date]] = {p.pk: set() for p in participations}
    for participation_id, date in Meeting.objects.filter(
        participation__in=[p.pk for p in participations], date__lte=as_of
    ).values_list("participation_id", "date"):
        dates[participation_id].add(date)
    return {pk: _median_gap(sorted(found)) for pk, found in dates.items()}


def last_contact(participation: Participation, as_of: dt.date) -> dt.date | None:
    dates = contact_dates(participation, as_of)
    return dates[-1] if dates else None


@dataclass
class ContactStatus:
    last_contact: dt.date | None
    days_since: int | None
    cadence: float | None
    flag_days: int
    flagged: bool


def contact_status(participation: Participation, as_of: dt.date) -> ContactStatus:
    """The no-contact flag: no contact for `Programme.no_contact_flag_days` days or more.

    Before the first contact the days count from the participation's start."""
    return _contact_status(participation, contact_dates(participation, as_of), as_of)


def _contact_status(
    participation: Participation, dates: list[dt.date], as_of: dt.date
) -> ContactStatus:
    """contact_status from the participation's contact dates (sorted, distinct, by as_of)."""
    flag_days = participation.programme.no_contact_flag_days
    last = dates[-1] if dates else None
    since_date = last or participation.start_date
    days_since = (as_of - since_date).days if since_date and since_date <= as_of else None
    cadence = None
    if len(dates) >= 2:
        cadence = float(
            statistics.median((b - a).days for a, b in zip(dates, dates[1:], strict=False))
        )
    return ContactStatus(
        last,
        days_since,
        cadence,
        flag_days,
        bool(days_since is not None and days_since >= flag_days),
    )


@dataclass
class AnnualMeetingYear:
    year: int
    meetings: list[Meeting]
    state: str  # held | missed | due

    @property
    def held(self) -> bool:
        return bool(self.meetings)


def implementation_years(participation: Participation, as_of: dt.date) -> list[int]:
    phase = next(
        (p for p in participation.ordered_phases() if p.kind == PhaseKind.IMPLEMENTATION), None
    )
    if phase is None or phase.start > as_of:
        return []
    # An implementation phase past its planned end without an actual end is still running.
    end = min(as_of, phase.actual_end) if phase.actual_end else as_of
    return list(range(phase.start.year, end.year + 1))


def annual_meetings(participation: Participation, *, as_of: dt.date) -> list[AnnualMeetingYear]:
    meetings = Meeting.objects.filter(
        participation=participation, kind=MeetingKind.ANNUAL, date__lte=as_of
    ).order_by("date")
    return _annual_rows_from_meetings(participation, meetings, as_of)


def _annual_rows_from_meetings(
    participation: Participation, meetings: Iterable[Meeting], as_of: dt.date
) -> list[AnnualMeetingYear]:
    """annual_meetings from the participation's annual meetings by as_of (oldest first)."""
    held: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        held[meeting.date.year].append(meeting)
    return _annual_rows(participation, held, as_of)


def annual_meetings_by_participation(
    participations: Iterable[Participation], *, as_of: dt.date
) -> dict[int, list[AnnualMeetingYear]]:
    """annual_meetings for many participations in one query (phases prefetched by the caller
    or read per participation)."""
    participations = list(participations)
    held: dict[int, dict[int, list]] = {p.pk: defaultdict(list) for p in participations}
    for meeting in Meeting.objects.filter(
        participation__in=[p.pk for p in participations],
        kind=MeetingKind.ANNUAL,
        date__lte=as_of,
    ).order_by("date"):
        held[meeting.participation_id][meeting.date.year].append(meeting)
    return {p.pk: _annual_rows(p, held[p.pk], as_of) for p in participations}


def _annual_rows(participation: Participation, held, as_of: dt.date) -> list[AnnualMeetingYear]:
    rows = []
    for year in implementation_years(participation, as_of):
        if held[year]:
            state = "held"
        elif year < as_of.year:
            state = "missed"
        else:
            state = "due"
        rows.append(AnnualMeetingYear(year, held[year], state))
    return rows


def annual_meeting_held(participation: Participation, year: int, as_of: dt.date) -> bool:
    return Meeting.objects.filter(
        participation=participation, kind=MeetingKind.ANNUAL, date__year=year, date__lte=as_of
    ).exists()


def participations_with_annual_meeting(
    participation_ids: Iterable[int], year: int, as_of: dt.date
) -> set[int]:
    """Of these participations, the ids that held their annual meeting in `year` by `as_of`."""
    return set(
        Meeting.objects.filter(
            participation_id__in=list(participation_ids),
            kind=MeetingKind.ANNUAL,
            date__year=year,
            date__lte=as_of,
        ).values_list("participation_id", flat=True)
    )


def meeting_log(participation: Participation, as_of: dt.date | None = None) -> list[Meeting]:
    qs = Meeting.objects.filter(participation=participation).prefetch_related(
        "participants",
        Prefetch("actions", queryset=AgreedAction.objects.order_by("due_date", "id")),
    )
    if as_of is not None:
        qs = qs.filter(date__lte=as_of)
    return list(qs.order_by("-date", "-id"))


@dataclass
class FollowupSummary:
    contact: ContactStatus
    annual: list[AnnualMeetingYear]
    latest: list[Meeting]  # newest first, with participants and actions


def followup_summary(
    participation: Participation, as_of: dt.date, *, latest: int = 8
) -> FollowupSummary:
    """What the participation page shows of the follow-up: contact_status, annual_meetings
    and the `latest` meetings of meeting_log, from one read of the meetings by `as_of`
    (participants and actions for the shown meetings only)."""
    meetings = list(
        Meeting.objects.filter(participation=participation, date__lte=as_of).order_by(
            "-date", "-id"
        )
    )
    shown = meetings[:latest]
    prefetch_related_objects(
        shown,
        "participants",
        Prefetch("actions", queryset=AgreedAction.objects.order_by("due_date", "id")),
    )
    oldest_first = meetings[::-1]
    annual = [m for m in oldest_first if m.kind == MeetingKind.ANNUAL]
    return FollowupSummary(
        contact=_contact_status(participation, sorted({m.date for m in meetings}), as_of),
        annual=_annual_rows_from_meetings(participation, annual, as_of),
        latest=shown,
    )


def open_actions(participation: Participation) -> list[AgreedAction]:
    return list(
        AgreedAction.objects.filter(
            meeting__participation=participation,
            status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS],
        )
        .select_related("meeting")
        .order_by("due_date", "id")
    )


@dataclass
class OverviewRow:
    participation: Participation
    contact: ContactStatus
    annual: list[AnnualMeetingYear]
    open_actions: int
    overdue_actions: int


def overview(participations: Iterable[Participation], as_of: dt.date) -> list[OverviewRow]:
    """One row per participation, read in three queries whatever their number (contact
    dates, annual meetings, open actions); the participations come with their programme
    and phases."""
    participations = list(participations)
    ids = [p.pk for p in participations]
    dates: dict[int, set[dt.date]] = defaultdict(set)
    for pid, date in Meeting.objects.filter(participation_id__in=ids, date__lte=as_of).values_list(
        "participation_id", "date"
    ):
        dates[pid].add(date)
    annual: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in Meeting.objects.filter(
        participation_id__in=ids, kind=MeetingKind.ANNUAL, date__lte=as_of
    ).order_by("date", "id"):
        annual[meeting.participation_id].append(meeting)
    actions: dict[int, list[AgreedAction]] = defaultdict(list)
    for action in (
        AgreedAction.objects.filter(
            meeting__participation_id__in=ids,
            status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS],
        )
        .select_related("meeting")
        .order_by("due_date", "id")
    ):
        actions[action.meeting.participation_id].append(action)
    rows = []
    for participation in participations:
        own = actions[participation.pk]
        rows.append(
            OverviewRow(
                participation=participation,
                contact=_contact_status(participation, sorted(dates[participation.pk]), as_of),
                annual=_annual_rows_from_meetings(participation, annual[participation.pk], as_of),
                open_actions=len(own),
                overdue_actions=sum(1 for a in own if a.is_overdue(as_of)),
            )
        )
    return rows


# Learning arenas ----------------------------------------------------------------------


@dataclass
class ArenaRow:
    arena: LearningArena
    persons: list[int | None]
    feedback_average: float | None
    feedback_count: int


@dataclass
class Attendance:
    participations: list[Participation]
    arenas: list[ArenaRow]
    years: list[int] = field(default_factory=list)
    # {participation_id: [(persons total or None) per year]}
    per_year: dict[int, list[int | None]] = field(default_factory=dict)
    arenas_per_year: dict[int, list[int]] = field(default_factory=dict)

    def year_rows(self) -> list[tuple[Participation, list[tuple[int | None, int]]]]:
        """[(participation, [(persons or None, arenas attended) per year])] for tables."""
        return [
            (p, list(zip(self.per_year[p.pk], self.arenas_per_year[p.pk], strict=True)))
            for p in self.participations
        ]


def attendance(programme: Programme, *, as_of: dt.date) -> Attendance:
    participations = list(
        programme.participations.select_related("municipality").order_by("municipality__name")
    )
    arenas = list(
        LearningArena.objects.filter(programme=programme, start_date__lte=as_of)
        .prefetch_related(
            Prefetch("attendance", queryset=ArenaAttendance.objects.all()), "feedback"
        )
        .order_by("start_date", "id")
    )
    rows = []
    years = sorted({a.start_date.year for a in arenas})
    per_year: dict[int, list[int | None]] = {p.pk: [None] * len(years) for p in participations}
    arenas_per_year = {p.pk: [0] * len(years) for p in participations}
    for arena in arenas:
        by_participation = {row.participation_id: row.persons for row in arena.attendance.all()}
        scores = [f.score for f in arena.feedback.all()]
        rows.append(
            ArenaRow(
                arena=arena,
                persons=[by_participation.get(p.pk) for p in participations],
                feedback_average=round(statistics.mean(scores), 1) if scores else None,
                feedback_count=len(scores),
            )
        )
        index = years.index(arena.start_date.year)
        for pk, persons in by_participation.items():
            if pk in per_year:
                per_year[pk][index] = (per_year[pk][index] or 0) + persons
                arenas_per_year[pk][index] += 1
    return Attendance(participations, rows, years, per_year, arenas_per_year)


def attendance_chart(data: Attendance) -> "BarChart":
    from boligsosial.core.charts import BarChart, Series

    return BarChart(
        title="Deltakere på læringsarenaer per år",
        categories=[str(y) for y in data.years],
        series=[
            Series(p.municipality.name, list[float | int | None](data.per_year[p.pk]))
            for p in data.participations
        ],
        unit="personer",
        category_label="År",
    )
