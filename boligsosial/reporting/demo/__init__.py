"""Half-year reports 2012–2013 for the six municipalities, on the common template.

The interim evaluation (autumn 2011) says the common reporting template is still to be taken
into use (report ch. 1 and 7.4), so there are no template reports before 2012
(`data.TEMPLATE_INTRODUCED`, an illustrative date). The figures the report gives for 2010–2011
(Skien's 16 tenants and 104 conversations, Porsgrunn's 92 households, Sandefjord's arrears down
75 %, Arendal's 75 fewer unprocessed applications, Drammen's 20 homes) are results of the
measures in the plans demo. Every template figure here is ILLUSTRATIVE, generated
deterministically from the population so the orders of magnitude are plausible. Written with
bulk inserts so the demo loads quickly.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from boligsosial.core.models import DataSource
from boligsosial.reporting import validation
from boligsosial.reporting.demo.data import (
    ANSWERS,
    ARENDAL_UNPROCESSED,
    ILLUSTRATIVE_NOTE,
    LAST_PERIOD_STATUS,
    LATE,
    NOT_AVAILABLE,
    PERIODS,
    POPULATION,
    REPORT_FIGURES,
    SANDEFJORD_ARREARS,
    SPLITS,
    TEMPLATE_NOTE,
    D,
)
from boligsosial.reporting.models import (
    NarrativeAnswer,
    PeriodKind,
    Report,
    ReportEvent,
    ReportingPeriod,
    ReportStatus,
    ReportTemplate,
    ReportValue,
)
from boligsosial.reporting.selectors.entries import Catalogue


def reset() -> None:
    from boligsosial.programmes.demo import PROGRAMME_NAME

    Report.objects.filter(period__programme__name=PROGRAMME_NAME).delete()
    ReportingPeriod.objects.filter(programme__name=PROGRAMME_NAME).delete()


def load(ctx: dict) -> None:
    programme = ctx["programme"]
    template = ReportTemplate.objects.filter(is_current=True).order_by("-version").first()
    demo = _Demo(template, ctx["users"])
    periods = _periods(programme, template)
    for name, participation in ctx["participations"].items():
        demo.participation_reports(name, participation, periods)
    ReportValue.objects.bulk_create(demo.values)
    NarrativeAnswer.objects.bulk_create(demo.answers)
    created = ReportEvent.objects.bulk_create([e for e, _at in demo.events])
    for event, (_e, at) in zip(created, demo.events, strict=True):
        event.at = at
    ReportEvent.objects.bulk_update(created, ["at"])
    ctx["reporting_periods"] = periods


def _periods(programme, template) -> list[ReportingPeriod]:
    periods = []
    for year, half in PERIODS:
        start = D(year, 1, 1) if half == 1 else D(year, 7, 1)
        end = D(year, 6, 30) if half == 1 else D(year, 12, 31)
        period, _ = ReportingPeriod.objects.update_or_create(
            programme=programme,
            kind=PeriodKind.HALF_YEAR,
            start=start,
            defaults={"end": end, "deadline": end + dt.timedelta(days=31), "template": template},
        )
        periods.append(period)
    return periods


def _submitted_on(name: str, year: int, half: int, period) -> dt.date:
    if (name, year, half) in LATE:
        return period.deadline + dt.timedelta(days=9)
    return period.deadline - dt.timedelta(days=5)


def _report(participation, period, template, status, submitted: dt.date) -> Report:
    draft = status == ReportStatus.DRAFT
    approved = status == ReportStatus.APPROVED
    resubmitted = status == ReportStatus.RESUBMITTED
    return Report.objects.create(
        participation=participation,
        period=period,
        template=template,
        status=status,
        first_submitted_at=None if draft else _aware(submitted),
        submitted_at=None
        if draft
        else _aware(submitted + dt.timedelta(days=12 if resubmitted else 0)),
        approved_at=_aware(submitted + dt.timedelta(days=14)) if approved else None,
        approved_by=participation.programme_contact if approved else None,
        review_comment=(
            "Utkastelsene har økt siden forrige halvår. Skriv en kommentar om årsaken ved tallet og send inn på nytt."
            if status in (ReportStatus.RETURNED, ReportStatus.RESUBMITTED)
            else ""
        ),
        data_source=DataSource.ILLUSTRATIVE,
        source_note=f"Rapportens status og datoer er illustrative. {TEMPLATE_NOTE}",
    )


def _source(name: str, year: int, half: int, code: str, outlier: bool) -> tuple[str, str, str]:
    """(data source, source note, comment) of a total."""
    figure = REPORT_FIGURES.get((name, year, half, code, None))
    source, note, comment = DataSource.ILLUSTRATIVE, ILLUSTRATIVE_NOTE, ""
    if figure:
        source, note, comment = DataSource.REPORT, figure[2], figure[1]
    if outlier and not comment:
        comment = "Reell endring; kontrollert mot fagsystemet."
    return source, note, comment


class _Demo:
    """The reports, values, answers and events of the demo, collected for bulk inserts."""

    def __init__(self, template, users):
        self.template, self.users = template, users
        self.catalogue = Catalogue(template)
        self.questions = {q.code: q for q in template.questions.all()}
        self.values: list[ReportValue] = []
        self.answers: list[NarrativeAnswer] = []
        self.events: list[tuple[ReportEvent, dt.datetime]] = []
        self.history: dict[tuple[str, str], list[Decimal]] = {}

    def participation_reports(self, name: str, participation, periods) -> None:
        rng = random.Random(f"boligsosial-{name}")
        leader = self.users.get(f"leder-{name.lower()}")
        for index, period in enumerate(periods):
            if participation.start_date and participation.start_date > period.end:
                continue
            year, half = PERIODS[index]
            last = index == len(periods) - 1
            if last and name not in LAST_PERIOD_STATUS:
                continue  # Skien has not started its 2013 H2 report
            status = LAST_PERIOD_STATUS[name] if last else ReportStatus.APPROVED
            submitted = _submitted_on(name, year, half, period)
            report = _report(participation, period, self.template, status, submitted)
            self.events.extend(
                _events(report, status, leader, participation.programme_contact, submitted)
            )
            totals = self._totals(name, index, year, half, status, rng)
            for code, total in totals.items():
                self._total(report, name, year, half, code, total, status)
            if status != ReportStatus.DRAFT:
                self._submitted_extras(report, name, totals)

    def _totals(self, name, index, year, half, status, rng) -> dict[str, int]:
        totals = _illustrative(name, index, rng)
        if name == "Sandefjord":
            totals["rent_arrears_nok"] = SANDEFJORD_ARREARS[index]
        if name == "Arendal":
            totals["applications_unprocessed"] = ARENDAL_UNPROCESSED[index]
        if name == "Drammen" and status == ReportStatus.DRAFT:
            totals = {k: v for k, v in list(totals.items())[:8]}  # a draft half filled in
        for code, (value, _comment, _note) in REPORT_FIGURES.items():
            if code[:3] == (name, year, half) and code[3] in self.catalogue.indicators:
                totals[code[3]] = value
        return totals

    def _total(self, report, name, year, half, code, total, status) -> None:
        """A total (or its "not available") and, for a reported one, its categories."""
        indicator = self.catalogue.indicators[code]
        na_reason = NOT_AVAILABLE.get((name, year, half, code))
        previous = self.history.setdefault((name, code), [])
        outlier = na_reason is None and validation.is_outlier(indicator, Decimal(total), previous)
        source, note, comment = _source(name, year, half, code, outlier)
        self.values.append(
            ReportValue(
                report=report,
                indicator=indicator,
                value=None if na_reason else Decimal(total),
                not_available=bool(na_reason),
                not_available_reason=na_reason or "",
                comment=comment,
                is_outlier=outlier,
                data_source=source,
                source_note=note,
            )
        )
        if na_reason:
            return
        if status == ReportStatus.APPROVED:
            previous.append(Decimal(total))
        for dimension in indicator.dimensions.all():
            options = list(dimension.options.all())
            for option, part in zip(options, _split(total, SPLITS[dimension.code]), strict=True):
                self.values.append(
                    ReportValue(
                        report=report,
                        indicator=indicator,
                        option=option,
                        value=Decimal(part),
                        data_source=DataSource.ILLUSTRATIVE,
                        source_note=ILLUSTRATIVE_NOTE,
                    )
                )

    def _submitted_extras(self, report, name: str, totals: dict[str, int]) -> None:
        """What a submitted report has besides its totals: the action plan, the derived
        housing-first rate and the narrative answers."""
        indicators = self.catalogue.indicators
        plan = name not in ("Drammen", "Skien")
        self.values.append(
            ReportValue(
                report=report,
                indicator=indicators["action_plan_adopted"],
                value=Decimal(int(plan)),
                data_source=DataSource.REPORT,
                source_note="Rapporten kap. 5: handlingsplan vedtatt eller under arbeid",
            )
        )
        self.values.append(
            ReportValue(
                report=report,
                indicator=indicators["action_plan_date"],
                date_value=D(2009, 6, 18) if plan else None,
                not_available=not plan,
                not_available_reason="" if plan else "Planen er ikke vedtatt ennå.",
                data_source=DataSource.ILLUSTRATIVE,
                source_note=ILLUSTRATIVE_NOTE,
            )
        )
        cohort, housed = totals.get("hf_cohort_12m"), totals.get("hf_housed_12m")
        if cohort and housed is not None:
            self.values.append(
                ReportValue(
                    report=report,
                    indicator=indicators["hf_retention_rate"],
                    value=Decimal(housed * 100 / cohort).quantize(Decimal("0.1")),
                    data_source=DataSource.ILLUSTRATIVE,
                    source_note="Beregnet fra teller og nevner",
                )
            )
        for code, text in ANSWERS[name].items():
            self.answers.append(
                NarrativeAnswer(report=report, question=self.questions[code], text=text)
            )
        self.answers.append(
            NarrativeAnswer(
                report=report, question=self.questions["organisation_changes"], text="Ingen."
            )
        )


def _aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def _illustrative(name: str, index: int, rng: random.Random) -> dict[str, int]:
    """Plausible totals for one half-year; gently improving over the four periods."""
    k = POPULATION[name] / 1000
    trend = 1 - 0.06 * index

    def n(rate: float, spread: float = 0.2) -> int:
        return max(0, round(rate * k * rng.uniform(1 - spread, 1 + spread)))

    received = n(3.0)
    moved = n(0.2, 0.4)
    petitions = n(0.5 * trend)
    homes = n(0.03, 0.9)
    # Housing First with individual users in Porsgrunn and Sandefjord (report §7.3, plans demo).
    hf = 1 + index // 2 if name in ("Porsgrunn", "Sandefjord") else 0
    cohort = 1 if hf and index == 3 else 0
    return {
        "homeless_persons": n(1.5 * trend),
        "temp_accommodation_households": n(0.4 * trend),
        "temp_stays_over_3m": n(0.15 * trend, 0.4),
        "settled_households": n(0.3, 0.3),
        "eviction_petitions": petitions,
        "evictions": round(petitions * 0.3),
        "rent_arrears_nok": int(round(20 * POPULATION[name] * trend, -3)),
        "tenants_in_arrears": n(0.8 * trend),
        "municipal_homes": n(15, 0.02),
        "applications_received": received,
        "applications_granted": round(received * 0.5),
        "applications_unprocessed": round(received * 0.2),
        "waiting_list_households": n(0.6 * trend),
        "moved_on_households": moved,
        "moved_on_start_loan": round(moved * 0.4),
        "homes_acquired": homes,
        "homes_acquired_nok": homes * 1500000,
        "youth_temp_accommodation": n(0.1 * trend, 0.4),
        "youth_housing_guidance": n(0.3, 0.4),
        "home_followup_households": n(1.0),
        "households_in_contact": n(2.0),
        "guidance_conversations": n(2.0),
        "hf_participants": hf,
        "hf_cohort_12m": cohort,
        "hf_housed_12m": cohort,
        "staff_competence_courses": rng.randint(4, 20),
    }


def _split(total: int, shares: list[float]) -> list[int]:
    parts = [int(total * s) for s in shares[:-1]]
    return [*parts, total - sum(parts)]


def _events(
    report, status, leader, contact, submitted: dt.date
) -> list[tuple[ReportEvent, dt.datetime]]:
    steps = [("", ReportStatus.DRAFT, "create", "", submitted - dt.timedelta(days=20), leader)]
    if status != ReportStatus.DRAFT:
        steps.append((ReportStatus.DRAFT, ReportStatus.SUBMITTED, "submit", "", submitted, leader))
    if status in (ReportStatus.RETURNED, ReportStatus.RESUBMITTED):
        steps.append(
            (
                ReportStatus.SUBMITTED,
                ReportStatus.RETURNED,
                "return",
                report.review_comment,
                submitted + dt.timedelta(days=7),
                contact,
            )
        )
    if status == ReportStatus.RESUBMITTED:
        steps.append(
            (
                ReportStatus.RETURNED,
                ReportStatus.RESUBMITTED,
                "submit",
                "",
                submitted + dt.timedelta(days=12),
                leader,
            )
        )
    if status == ReportStatus.APPROVED:
        steps.append(
            (
                ReportStatus.SUBMITTED,
                ReportStatus.APPROVED,
                "approve",
                "",
                submitted + dt.timedelta(days=14),
                contact,
            )
        )
    return [
        (
            ReportEvent(
                report=report,
                user=user,
                from_status=old,
                to_status=new,
                action=action,
                comment=comment,
            ),
            _aware(day),
        )
        for old, new, action, comment, day, user in steps
    ]
