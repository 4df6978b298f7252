"""A national synthetic data set for scale tests and benchmarks (`boligsosial load_synthetic`).

One programme with N participations drawn from the national registry (SSB KLASS), about one
in five with a merger or renumbering during the window, and Y years of: half-year reports
with the whole indicator catalogue (imported through the product's CSV import path, under
the code valid in each period), instrument figures for every municipality, goals, measures
and follow-up meetings. Every record says it is synthetic (DataSource.ILLUSTRATIVE and the
source note «Syntetiske skaldata …»; the programme's name starts with «SYNTETISK»). Refused
with production settings.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils.translation import gettext as _

from boligsosial.evaluation.models import Evaluation
from boligsosial.evaluation_report.models import EvaluationReport
from boligsosial.instruments.models import InstrumentFigure
from boligsosial.municipalities import services as municipality_services
from boligsosial.municipalities.models import Municipality
from boligsosial.municipalities.selectors import load_code_history
from boligsosial.ops.synthetic import activity, structure
from boligsosial.ops.synthetic.selection import choose, window
from boligsosial.programmes.models import Programme, RegionMunicipality
from boligsosial.reporting.models import Report, ReportingPeriod, ReportValue

MAX_MUNICIPALITIES = 500
MAX_YEARS = 20


class SyntheticRefused(Exception):
    """The message is for the user."""


@dataclass
class Loaded:
    programme: Programme
    evaluation_report: EvaluationReport
    participations: int
    changed: int
    reports: int
    values: int
    figures: int
    meetings: int
    seconds: float


def _refuse(count: int, years: int, first_year: int) -> None:
    if getattr(settings, "IS_PRODUCTION", False):
        raise SyntheticRefused(
            _(
                "Syntetiske skaldata kan ikke lages med produksjonsinnstillinger (BOLIGSOSIAL_ENV=production)."
            )
        )
    if not 1 <= count <= MAX_MUNICIPALITIES:
        raise SyntheticRefused(
            _("Antall kommuner må være 1–%(max)s, ikke %(n)s.")
            % {"max": MAX_MUNICIPALITIES, "n": count}
        )
    if not 1 <= years <= MAX_YEARS:
        raise SyntheticRefused(
            _("Antall år må være 1–%(max)s, ikke %(n)s.") % {"max": MAX_YEARS, "n": years}
        )
    if not 1978 <= first_year <= 2100 - years:
        raise SyntheticRefused(
            _("Første år %(y)s er utenfor kommuneregisteret.") % {"y": first_year}
        )
    if Programme.objects.filter(name=structure.PROGRAMME_NAME).exists():
        raise SyntheticRefused(
            _("Syntetiske skaldata finnes allerede. Bruk --reset for å fjerne dem først.")
        )


def reset() -> None:
    """Remove an earlier synthetic data set (and nothing else)."""
    for prog in Programme.objects.filter(name=structure.PROGRAMME_NAME):
        ReportValue.objects.filter(report__period__programme=prog).delete()
        Report.objects.filter(period__programme=prog).delete()
        ReportingPeriod.objects.filter(programme=prog).delete()
        for evaluation in Evaluation.objects.filter(programme=prog):
            EvaluationReport.objects.filter(evaluation=evaluation).delete()
            evaluation.delete()
        prog.participations.all().delete()
        prog.delete()
    InstrumentFigure.objects.filter(source_note=structure.NOTE).delete()
    RegionMunicipality.objects.filter(source_note=structure.NOTE).delete()
    get_user_model().objects.filter(username__in=structure.USERNAMES).delete()


@transaction.atomic
def _refresh_planner_statistics() -> None:
    """PostgreSQL: ANALYZE after a bulk load, so the first pages are planned on the loaded
    tables' real sizes (autovacuum skips small tables such as the periods, and runs late on
    the large ones)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def load(
    *,
    municipalities: int,
    years: int,
    first_year: int = 2010,
    seed: int = 2011,
    password: str | None = None,
    do_reset: bool = False,
    stdout=None,
) -> Loaded:
    started = time.perf_counter()
    if do_reset:
        reset()
    _refuse(municipalities, years, first_year)
    if not Municipality.objects.exists():
        municipality_services.load_shipped_registry()
    history = load_code_history()
    rng = random.Random(seed)
    chosen = choose(
        history=history, count=municipalities, first_year=first_year, years=years, seed=seed
    )
    start, _end = window(first_year, years)
    users = structure.users(password)
    prog = structure.programme(users["syntetisk-admin"])
    structure.region_municipalities()
    made = structure.participations(prog, chosen, start, users["syntetisk-kontakt"])
    structure.organisation_and_phases(made, start, rng)
    periods = structure.periods(prog, first_year, years)
    values = activity.reports(
        user=users["syntetisk-admin"], prog=prog, made=made, periods=periods,
        history=history, rng=rng, stdout=stdout,
    )  # fmt: skip
    figures = activity.instrument_figures(first_year=first_year, years=years, rng=rng)
    activity.goals_and_measures(made, start, rng)
    meetings = activity.meetings(made, start, years, rng)
    report = activity.evaluation_and_report(
        prog=prog, users=users, first_year=first_year, years=years
    )
    _refresh_planner_statistics()
    return Loaded(
        programme=prog,
        evaluation_report=report,
        participations=len(made),
        changed=sum(1 for c in chosen if c.changed),
        reports=Report.objects.filter(period__programme=prog).count(),
        values=values,
        figures=figures,
        meetings=meetings,
        seconds=time.perf_counter() - started,
    )
