"""Half-year reports 2010–2011 for the six municipalities.

Figures the interim evaluation gives are stored as REPORT with the chapter:
- Skien (kap. 5.3): by 30.06.2011, 16 tenants had moved and bought a home or were buying
  one, and 104 conversations had been held;
- Porsgrunn (kap. 5.3): 92 households in contact with the project June–mid-December 2010;
- Sandefjord (kap. 5.1): rent arrears in municipally allocated homes down 75 % (the krone
  amounts are illustrative, the reduction is the report's);
- Arendal (kap. 5.2): the list of unprocessed applications down by 75 (the levels are
  illustrative, the difference is the report's);
- Drammen (kap. 5.5): 20 homes bought for about 30 MNOK after the June 2011 decision.
Everything else is ILLUSTRATIVE, generated deterministically from the population so the
orders of magnitude are plausible. Written with bulk inserts so the demo loads quickly.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from boligsosial.core.models import DataSource
from boligsosial.reporting import validation
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

D = dt.date
POPULATION = {
    "Arendal": 42162,
    "Sandefjord": 43648,
    "Porsgrunn": 35043,
    "Drammen": 63582,
    "Larvik": 42412,
    "Skien": 52077,
}
PERIODS = [(2010, 1), (2010, 2), (2011, 1), (2011, 2)]
ILLUSTRATIVE_NOTE = "Illustrativt tall i riktig størrelsesorden for kommunen"

# (municipality, year, half, indicator, option): (value, comment, source note) — the report's figures.
REPORT_FIGURES = {
    ("Skien", 2011, 1, "moved_on_households", None): (
        16,
        "16 leietakere har flyttet og kjøpt bolig eller er i gang med prosessen (prosjektet «Egen bolig», rapportert per 30.06.2011).",
        "Rapporten kap. 5.3 (Skien)",
    ),
    ("Skien", 2011, 1, "guidance_conversations", None): (
        104,
        "104 samtaler, noen innkalt i forbindelse med leiekontrakt og noen på grunn av lav alder for å veilede tidlig i boligkarrieren.",
        "Rapporten kap. 5.3 (Skien)",
    ),
    ("Porsgrunn", 2010, 2, "households_in_contact", None): (
        92,
        "92 husstander var i kontakt med «På vei til egen boligkarriere» fra juni til medio desember 2010.",
        "Rapporten kap. 5.3 (Porsgrunn)",
    ),
    ("Drammen", 2011, 2, "homes_acquired", None): (
        20,
        "Bystyret vedtok boligløftet i juni 2011; Drammen Eiendom har kjøpt 20 boliger (mindre leiligheter, familieleiligheter og omsorgsleiligheter).",
        "Rapporten kap. 5.5",
    ),
    ("Drammen", 2011, 2, "homes_acquired_nok", None): (
        30000000,
        "Om lag 30 millioner kroner av de 60 millionene i boligløftet er brukt.",
        "Rapporten kap. 5.5",
    ),
}
# Series whose change the report gives; levels are illustrative.
SANDEFJORD_ARREARS = [1200000, 850000, 520000, 300000]  # down 75 % from 2010 H1 to 2011 H2
ARENDAL_UNPROCESSED = [110, 80, 35, 30]  # down by 75 from 2010 H1 to 2011 H1
NOT_AVAILABLE = {
    (
        "Larvik",
        2010,
        1,
        "tenants_in_arrears",
    ): "Det gamle fagsystemet kunne ikke ta ut tallet; nytt system fra 2011.",
    (
        "Skien",
        2010,
        2,
        "youth_housing_guidance",
    ): "Registreres ikke før boveiledningen er organisert i 2011.",
    (
        "Drammen",
        2010,
        1,
        "temp_stays_over_3m",
    ): "Varigheten av opphold ble ikke registrert før høsten 2010.",
}

ANSWERS = {
    "Arendal": {
        "status": "Samarbeidsrutiner med Arendal Eiendom KF er etablert, nye leiekontrakter er laget og gamle søknader ryddet opp i.",
        "succeeded": "Egen forskrift og nye saksbehandlingsrutiner for tildeling av kommunale boliger; enkeltvedtak med klagerett.",
        "challenges": "Kvalitetssikring av registreringene i Bokart.",
        "next_steps": "Kurs for ansatte i Bokart og rutiner for økonomisk rådgivning ved kjøp og salg.",
    },
    "Sandefjord": {
        "status": "Prosjektorganisasjonen er etablert og prosjekt er innført som arbeidsform.",
        "succeeded": "Restanseprosjektet: husleierestansene i kommunalt tildelte boliger er redusert med 75 prosent.",
        "challenges": "Behov for flere varige boliger for dem som bor midlertidig.",
        "next_steps": "Videreføre rutinene fra restanseprosjektet og NAV-prosjektet i ordinær drift.",
    },
    "Porsgrunn": {
        "status": "«På vei til egen boligkarriere» er i gang; Bokart er videreutviklet til saksbehandlingsverktøy.",
        "succeeded": "Småhusprosjektet: én deltaker har flyttet inn og mestrer boforholdet godt.",
        "challenges": "Samhandlingsrutiner rundt de mest vanskeligstilte er under utarbeidelse.",
        "next_steps": "Bygge to nye småhus etter bystyrets vedtak.",
    },
    "Drammen": {
        "status": "Ny boligsosial handlingsplan er under utarbeidelse; boligskolen er avsluttet som forprosjekt.",
        "succeeded": "Boligløftet: 20 boliger kjøpt for om lag 30 millioner kroner.",
        "challenges": "Uklare ansvars- og myndighetslinjer på det boligsosiale feltet.",
        "next_steps": "Etablere boligtjenesten som egen virksomhet.",
    },
    "Larvik": {
        "status": "Programmet er forankret hos assisterende rådmann; delprosjektene er i oppstart.",
        "succeeded": "Bred forankring og prosjektorganisering.",
        "challenges": "Lang tid brukt på forankring før handling.",
        "next_steps": "Sette i gang delprosjektene.",
    },
    "Skien": {
        "status": "Prosjektet «Egen bolig» er en del av programarbeidet.",
        "succeeded": "16 leietakere har flyttet og kjøpt bolig eller er i gang med prosessen.",
        "challenges": "Internt og eksternt samarbeid er mer begrenset enn ønskelig; behov for bedre forankring.",
        "next_steps": "Nedsette en styringsgruppe og ansette egen programleder.",
    },
}

# Status of each report in 2011 H2 (the others are approved): shows every step of the workflow.
LAST_PERIOD_STATUS = {
    "Arendal": ReportStatus.APPROVED,
    "Sandefjord": ReportStatus.SUBMITTED,
    "Porsgrunn": ReportStatus.RETURNED,
    "Drammen": ReportStatus.DRAFT,
    "Larvik": ReportStatus.RESUBMITTED,
}
LATE = {("Skien", 2010, 2), ("Larvik", 2011, 1)}


def reset() -> None:
    from boligsosial.programmes.demo import PROGRAMME_NAME

    Report.objects.filter(period__programme__name=PROGRAMME_NAME).delete()
    ReportingPeriod.objects.filter(programme__name=PROGRAMME_NAME).delete()


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
    hf = 4 + index if name in ("Arendal", "Drammen") and index >= 2 else 0
    cohort = 3 if hf and index == 3 else 0
    return {
        "homeless_persons": n(1.5 * trend),
        "temp_accommodation_households": n(0.4 * trend),
        "temp_stays_over_3m": n(0.15 * trend, 0.4),
        "settled_households": n(0.3, 0.3),
        "eviction_petitions": petitions,
        "evictions": round(petitions * 0.3),
        "rent_arrears_nok": round(20 * POPULATION[name] * trend, -3),
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


SPLITS = {"age": [0.25, 0.75], "tenure": [0.6, 0.4], "children": [0.25, 0.75]}


def load(ctx: dict) -> None:
    programme = ctx["programme"]
    template = ReportTemplate.objects.filter(is_current=True).order_by("-version").first()
    catalogue = Catalogue(template)
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
    users = ctx["users"]
    questions = {q.code: q for q in template.questions.all()}
    values, answers, events = [], [], []
    history: dict[tuple[str, str], list[Decimal]] = {}
    for name, participation in ctx["participations"].items():
        rng = random.Random(f"boligsosial-{name}")
        leader = users.get(f"leder-{name.lower()}")
        contact = participation.programme_contact
        for index, period in enumerate(periods):
            if participation.start_date and participation.start_date > period.end:
                continue
            year, half = PERIODS[index]
            last = index == len(periods) - 1
            if last and name not in LAST_PERIOD_STATUS:
                continue  # Skien has not started its 2011 H2 report
            status = LAST_PERIOD_STATUS[name] if last else ReportStatus.APPROVED
            submitted = (
                period.deadline + dt.timedelta(days=9)
                if (name, year, half) in LATE
                else period.deadline - dt.timedelta(days=5)
            )
            report = Report.objects.create(
                participation=participation,
                period=period,
                template=template,
                status=status,
                first_submitted_at=_aware(submitted) if status != ReportStatus.DRAFT else None,
                submitted_at=_aware(
                    submitted + dt.timedelta(days=12 if status == ReportStatus.RESUBMITTED else 0)
                )
                if status != ReportStatus.DRAFT
                else None,
                approved_at=_aware(submitted + dt.timedelta(days=14))
                if status == ReportStatus.APPROVED
                else None,
                approved_by=contact if status == ReportStatus.APPROVED else None,
                review_comment=(
                    "Utkastelsene har økt siden forrige halvår. Skriv en kommentar om årsaken ved tallet og send inn på nytt."
                    if status in (ReportStatus.RETURNED, ReportStatus.RESUBMITTED)
                    else ""
                ),
                data_source=DataSource.ILLUSTRATIVE,
                source_note="Rapportens status og datoer er illustrative",
            )
            events.extend(_events(report, status, leader, contact, submitted))
            totals = _illustrative(name, index, rng)
            if name == "Sandefjord":
                totals["rent_arrears_nok"] = SANDEFJORD_ARREARS[index]
            if name == "Arendal":
                totals["applications_unprocessed"] = ARENDAL_UNPROCESSED[index]
            if name == "Drammen" and status == ReportStatus.DRAFT:
                totals = {k: v for k, v in list(totals.items())[:8]}  # a draft half filled in
            for code, (value, _comment, _note) in REPORT_FIGURES.items():
                if code[:3] == (name, year, half) and code[3] in catalogue.indicators:
                    totals[code[3]] = value
            for code, total in totals.items():
                indicator = catalogue.indicators[code]
                figure = REPORT_FIGURES.get((name, year, half, code, None))
                na_reason = NOT_AVAILABLE.get((name, year, half, code))
                previous = history.setdefault((name, code), [])
                outlier = na_reason is None and validation.is_outlier(
                    indicator, Decimal(total), previous
                )
                source, note, comment = DataSource.ILLUSTRATIVE, ILLUSTRATIVE_NOTE, ""
                if figure:
                    source, note, comment = DataSource.REPORT, figure[2], figure[1]
                elif name == "Sandefjord" and code == "rent_arrears_nok":
                    source, note = (
                        DataSource.REPORT,
                        "Rapporten kap. 5.1: reduksjon på 75 %; kronebeløpene er illustrative",
                    )
                    comment = (
                        "Restanseprosjektet: rutiner for oppfølging av restanser."
                        if outlier
                        else ""
                    )
                elif name == "Arendal" and code == "applications_unprocessed":
                    source, note = (
                        DataSource.REPORT,
                        "Rapporten kap. 5.2: listen er redusert med 75; nivåene er illustrative",
                    )
                    comment = "Gamle søknader er ryddet opp i." if outlier else ""
                if outlier and not comment:
                    comment = "Reell endring; kontrollert mot fagsystemet."
                values.append(
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
                if status == ReportStatus.APPROVED and not na_reason:
                    previous.append(Decimal(total))
                if na_reason:
                    continue
                for dimension in indicator.dimensions.all():
                    options = list(dimension.options.all())
                    for option, part in zip(
                        options, _split(total, SPLITS[dimension.code]), strict=True
                    ):
                        values.append(
                            ReportValue(
                                report=report,
                                indicator=indicator,
                                option=option,
                                value=Decimal(part),
                                data_source=DataSource.ILLUSTRATIVE,
                                source_note=ILLUSTRATIVE_NOTE,
                            )
                        )
            if status != ReportStatus.DRAFT:
                plan = name not in ("Drammen", "Skien")
                values.append(
                    ReportValue(
                        report=report,
                        indicator=catalogue.indicators["action_plan_adopted"],
                        value=Decimal(int(plan)),
                        data_source=DataSource.REPORT,
                        source_note="Rapporten kap. 5: handlingsplan vedtatt eller under arbeid",
                    )
                )
                values.append(
                    ReportValue(
                        report=report,
                        indicator=catalogue.indicators["action_plan_date"],
                        date_value=D(2009, 6, 18) if plan else None,
                        not_available=not plan,
                        not_available_reason="" if plan else "Planen er ikke vedtatt ennå.",
                        data_source=DataSource.ILLUSTRATIVE,
                        source_note=ILLUSTRATIVE_NOTE,
                    )
                )
                hf = catalogue.indicators["hf_retention_rate"]
                cohort, housed = totals.get("hf_cohort_12m"), totals.get("hf_housed_12m")
                if cohort:
                    values.append(
                        ReportValue(
                            report=report,
                            indicator=hf,
                            value=Decimal(housed * 100 / cohort).quantize(Decimal("0.1")),
                            data_source=DataSource.ILLUSTRATIVE,
                            source_note="Beregnet fra teller og nevner",
                        )
                    )
                for code, text in ANSWERS[name].items():
                    answers.append(
                        NarrativeAnswer(report=report, question=questions[code], text=text)
                    )
                answers.append(
                    NarrativeAnswer(
                        report=report, question=questions["organisation_changes"], text="Ingen."
                    )
                )
    ReportValue.objects.bulk_create(values)
    NarrativeAnswer.objects.bulk_create(answers)
    created = ReportEvent.objects.bulk_create([e for e, _at in events])
    for event, (_e, at) in zip(created, events, strict=True):
        event.at = at
    ReportEvent.objects.bulk_update(created, ["at"])
    ctx["reporting_periods"] = periods


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
