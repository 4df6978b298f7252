"""What the participations do: half-year reports with the whole catalogue (through the
product's CSV import path), instrument figures, goals, measures and follow-up meetings."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal

from django.utils import timezone

from boligsosial.followup.models import Meeting, MeetingKind
from boligsosial.instruments.models import Instrument, InstrumentFigure
from boligsosial.municipalities.selectors import CodeHistory, municipalities_valid_at
from boligsosial.ops.synthetic.selection import code_at
from boligsosial.ops.synthetic.structure import MARK, NOTE
from boligsosial.plans.models import Goal, GoalLevel, Measure, MeasureKind, MeasureStatus
from boligsosial.programmes.models import Participation, Programme
from boligsosial.reporting import transfer
from boligsosial.reporting.models import (
    Indicator,
    Report,
    ReportingPeriod,
    ReportStatus,
    ReportTemplate,
    ReportValue,
    Unit,
)

MEETINGS_PER_YEAR = 4.8  # 48 in ten years (issue 14)
IMPORT_CHUNK = 40
FIGURE_YEARS_BEFORE = 2  # participations per import file: bounded memory whatever the size
HEADER = ["kommunenummer", "periode", "indikator", "disaggregering", "verdi", "kommentar",
          "ikke_tilgjengelig"]  # fmt: skip
FIGURE_INSTRUMENTS = [
    Instrument.START_LOAN,
    Instrument.ESTABLISHMENT_GRANT,
    Instrument.ADAPTATION_GRANT,
    Instrument.RENTAL_HOUSING_GRANT,
    Instrument.HOUSING_ALLOWANCE,
]


def _indicators() -> list[Indicator]:
    template = ReportTemplate.objects.get(is_current=True)
    return [
        i
        for i in Indicator.objects.filter(pk__in=template.indicators.values("pk"))
        .prefetch_related("dimensions__options")
        .order_by("order")
        if not i.is_derived
    ]


def _value_rows(code: str, period: str, indicators, rng: random.Random) -> Iterator[list[str]]:
    for indicator in indicators:
        if indicator.unit == Unit.DATE:
            yield [code, period, indicator.code, "", "2015-06-18", "", ""]
            continue
        if rng.random() < 0.01:
            yield [code, period, indicator.code, "", "", "", "Ikke registrert"]
            continue
        if indicator.unit == Unit.YES_NO:
            total = rng.randint(0, 1)
        elif indicator.at_most_code:
            total = rng.randint(0, 40)
        else:
            total = rng.randint(40, 400)
        yield [code, period, indicator.code, "", str(total), "", ""]
        for dimension in indicator.dimensions.all():
            options = list(dimension.options.all())
            first = rng.randint(0, total)
            for option, part in zip(options, (first, total - first), strict=False):
                yield [code, period, indicator.code, option.code, str(part), "", ""]


def reports(
    *, user, prog: Programme, made: list[Participation], periods: list[ReportingPeriod],
    history: CodeHistory, rng: random.Random, stdout=None,
) -> int:  # fmt: skip
    """Every participation reports every period under the code valid at the period's end."""
    indicators = _indicators()
    values = 0
    for first in range(0, len(made), IMPORT_CHUNK):
        rows: list[list[str]] = []
        for participation in made[first : first + IMPORT_CHUNK]:
            own = participation.municipality.code
            for period in periods:
                code = code_at(history, own, period.end)
                label = f"{period.start.year}S{1 if period.start.month <= 6 else 2}"
                rows.extend(_value_rows(code, label, indicators, rng))
        result = transfer.import_rows(
            user=user, programme=prog, header=HEADER, rows=rows, source_note=NOTE
        )
        values += result.values
        if stdout:
            stdout.write(f"  rapporter: {first + IMPORT_CHUNK} kommuner, {values} verdier")
    _approve(prog, user)
    # Stored values: the file's and the derived ones the import computes.
    return ReportValue.objects.filter(report__period__programme=prog).count()


def _approve(prog: Programme, user) -> None:
    """Past reports are approved (a bulk update: the workflow's per-report path would cost a
    transaction each); every report and value says it is synthetic."""
    now = timezone.now()
    reports_qs = Report.objects.filter(period__programme=prog)
    reports_qs.update(
        status=ReportStatus.APPROVED,
        first_submitted_at=now,
        submitted_at=now,
        approved_at=now,
        approved_by=user,
        **MARK,
    )
    ReportValue.objects.filter(report__period__programme=prog).update(**MARK)


def instrument_figures(*, first_year: int, years: int, rng: random.Random) -> int:
    """Yearly figures for every municipality valid in each year (participants and the
    comparison group), under the code valid that year, from two years before the programme
    (the effect analysis compares before with after)."""
    rows = []
    for year in range(first_year - FIGURE_YEARS_BEFORE, first_year + years):
        codes = sorted(
            set(municipalities_valid_at(dt.date(year, 7, 1)).values_list("code", flat=True))
        )
        existing = set(
            InstrumentFigure.objects.filter(year=year, month__isnull=True).values_list(
                "instrument", "code"
            )
        )
        for code in codes:
            for instrument in FIGURE_INSTRUMENTS:
                if (instrument, code) in existing:
                    continue
                count = rng.randint(0, 120)
                rows.append(
                    InstrumentFigure(
                        instrument=instrument,
                        code=code,
                        year=year,
                        count=count,
                        amount=Decimal(count * rng.randint(20_000, 900_000)),
                        **MARK,
                    )
                )
    InstrumentFigure.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def goals_and_measures(made: list[Participation], start: dt.date, rng: random.Random) -> None:
    mains = Goal.objects.bulk_create(
        [
            Goal(participation=p, level=GoalLevel.MAIN, title=f"Hovedmål {n}", position=n, **MARK)
            for p in made
            for n in (1, 2)
        ]
    )
    Goal.objects.bulk_create(
        [
            Goal(
                participation=main.participation,
                parent=main,
                level=GoalLevel.SUB,
                title=f"Delmål {main.position}.{n}",
                position=n,
                baseline_value=Decimal(rng.randint(10, 100)),
                baseline_date=start,
                target_value=Decimal(rng.randint(0, 10)),
                target_date=start.replace(year=start.year + 5),
                **MARK,
            )
            for main in mains
            for n in (1, 2)
        ]
    )
    statuses = [MeasureStatus.PLANNED, MeasureStatus.RUNNING, MeasureStatus.COMPLETED,
                MeasureStatus.ORDINARY_OPERATION]  # fmt: skip
    Measure.objects.bulk_create(
        [
            Measure(
                participation=p,
                kind=MeasureKind.MEASURE,
                name=f"Tiltak {n}",
                status=rng.choice(statuses),
                start_date=start.replace(year=start.year + n % 3),
                published=n % 2 == 1,
                **MARK,
            )
            for p in made
            for n in range(1, 5)
        ]
    )


def meetings(made: list[Participation], start: dt.date, years: int, rng: random.Random) -> int:
    """48 follow-up meetings a participation over ten years (scaled to the window); one a
    year is the annual meeting."""
    days = 365 * years
    count = max(1, round(MEETINGS_PER_YEAR * years))
    rows = []
    for p in made:
        for n in range(count):
            offset = (n * days) // count
            on = start + dt.timedelta(days=offset + rng.randint(0, 20))
            first_of_year = (n * years) // count != ((n - 1) * years) // count or n == 0
            kind = MeetingKind.ANNUAL if first_of_year else MeetingKind.STATUS
            rows.append(Meeting(participation=p, kind=kind, date=on, place="Syntetisk", **MARK))
    Meeting.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def evaluation_and_report(*, prog: Programme, users: dict, first_year: int, years: int):
    """An evaluation of the whole window and its draft report, through the services (the
    findings and report pages then have the national programme to read)."""
    from boligsosial.evaluation.services.evaluations import evaluation_create
    from boligsosial.evaluation_report.services import report_create

    last_day = dt.date(first_year + years - 1, 12, 31)
    evaluation = evaluation_create(
        user=users["syntetisk-evaluator"],
        programme=prog,
        title="SYNTETISK: Evaluering av det nasjonale programmet",
        period_start=dt.date(first_year, 1, 1),
        period_end=last_day,
        as_of=last_day,
        methods=[],
        description=NOTE,
        data_source=MARK["data_source"],
        source_note=NOTE,
    )
    return report_create(user=users["syntetisk-evaluator"], evaluation=evaluation)
