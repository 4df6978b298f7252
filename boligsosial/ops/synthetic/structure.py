"""Programme, users, participations, organisation, phases and reporting periods."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model

from boligsosial.accounts.models import Role
from boligsosial.core.models import DataSource
from boligsosial.municipalities.models import Municipality
from boligsosial.ops.synthetic.selection import Choice
from boligsosial.programmes.models import (
    HusbankenRegion,
    LeaderRank,
    Organisation,
    Participation,
    Phase,
    PhaseKind,
    Programme,
    add_months,
)
from boligsosial.programmes.region_models import RegionMunicipality, ensure_start_regions
from boligsosial.reporting.models import PeriodKind, ReportingPeriod, ReportTemplate

PROGRAMME_NAME = "SYNTETISK: Nasjonalt boligsosialt program (skaldata)"
NOTE = "Syntetiske skaldata (load_synthetic) – ikke virkelige tall"
MARK = {"data_source": DataSource.ILLUSTRATIVE, "source_note": NOTE}
USERNAMES = {
    "syntetisk-admin": Role.HUSBANKEN_ADMIN,
    "syntetisk-kontakt": Role.PROGRAMME_CONTACT,
    "syntetisk-evaluator": Role.EVALUATOR,
    "syntetisk-leser": Role.VIEWER,
}


# The counties each of Husbanken's regions serves (KLASS 104: the counties until 2020 and
# those that followed them in 2018, 2020 and 2024). Region nord is the offices of Bodø and
# Hammerfest together; Viken (2020–2023) falls to øst, where most of it was.
COUNTY_REGIONS = {
    HusbankenRegion.OST: ("01", "02", "03", "04", "05", "30", "31", "32", "34"),
    HusbankenRegion.SOR: ("06", "07", "08", "09", "10", "33", "38", "39", "40", "42"),
    HusbankenRegion.VEST: ("11", "12", "14", "46"),
    HusbankenRegion.MIDT: ("15", "16", "17", "50"),
    HusbankenRegion.BODO: ("18",),
    HusbankenRegion.HAMMERFEST: ("19", "20", "54", "55", "56"),
    HusbankenRegion.NORD: ("18", "19", "20", "54", "55", "56"),
}


def region_municipalities() -> int:
    """Each start region serves the municipalities of its counties, every number for the
    span the registry gives it, so the region filters select on synthetic data. A region
    that serves municipalities already (entered by an administrator, or the demonstration's
    Region sør) is left as it is."""
    regions = ensure_start_regions()
    taken = set(RegionMunicipality.objects.values_list("region__key", flat=True))
    spans = list(Municipality.objects.values_list("code", "valid_from", "valid_to"))
    rows = [
        RegionMunicipality(region=regions[key], code=code, valid_from=start, valid_to=end, **MARK)
        for key, counties in COUNTY_REGIONS.items()
        if key not in taken
        for code, start, end in spans
        if code[:2] in counties
    ]
    return len(RegionMunicipality.objects.bulk_create(rows))


def users(password: str | None) -> dict:
    User = get_user_model()
    made = {}
    for username, role in USERNAMES.items():
        user = User(username=username, role=role, first_name="Syntetisk", last_name=role)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        made[username] = user
    return made


def programme(admin) -> Programme:
    return Programme.objects.create(
        name=PROGRAMME_NAME,
        owner_region=ensure_start_regions()[HusbankenRegion.SOR],
        description=NOTE,
        leader=admin,
        **MARK,
    )


def participations(
    prog: Programme, chosen: list[Choice], start: dt.date, contact
) -> list[Participation]:
    made = Participation.objects.bulk_create(
        [
            Participation(
                programme=prog,
                municipality=choice.municipality,
                application_date=start - dt.timedelta(days=120),
                agreement_signed=start,
                start_date=start,
                start_precision="day",
                programme_contact=contact,
                **MARK,
            )
            for choice in chosen
        ]
    )
    by_code = {choice.municipality.code: choice.municipality for choice in chosen}
    for participation in made:
        participation.municipality = by_code[participation.municipality.code]
    return made


def organisation_and_phases(made: list[Participation], start: dt.date, rng: random.Random):
    ranks = [LeaderRank.RADMANN, LeaderRank.MANAGEMENT_GROUP, LeaderRank.HEAD_OF_UNIT]
    Organisation.objects.bulk_create(
        [
            Organisation(
                participation=p,
                programme_leader_position="Programleder",
                programme_leader_unit="Helse og velferd",
                has_steering_group=rng.random() < 0.85,
                steering_group_leader_position="Kommunalsjef",
                steering_group_leader_rank=rng.choice(ranks),
                ftes=rng.choice([None, 1, 1.5, 2, 3]),
                **MARK,
            )
            for p in made
        ]
    )
    lengths = [(PhaseKind.PLANNING, 6), (PhaseKind.IMPLEMENTATION, 36), (PhaseKind.PHASE_OUT, 18)]
    phases = []
    for p in made:
        begin = start
        for kind, months in lengths:
            end = add_months(begin, months + rng.choice([0, 0, 0, 2]))
            phases.append(
                Phase(
                    participation=p,
                    kind=kind,
                    start=begin,
                    planned_end=add_months(begin, months),
                    actual_end=end,
                    overrun_reason="Syntetisk forsinkelse"
                    if end > add_months(begin, months)
                    else "",
                    **MARK,
                )
            )
            begin = end
    Phase.objects.bulk_create(phases)


def periods(prog: Programme, first_year: int, years: int) -> list[ReportingPeriod]:
    template = ReportTemplate.objects.get(is_current=True)
    rows = []
    for year in range(first_year, first_year + years):
        for start, end in (
            (dt.date(year, 1, 1), dt.date(year, 6, 30)),
            (dt.date(year, 7, 1), dt.date(year, 12, 31)),
        ):
            rows.append(
                ReportingPeriod(
                    programme=prog,
                    kind=PeriodKind.HALF_YEAR,
                    start=start,
                    end=end,
                    deadline=end + dt.timedelta(days=31),
                    template=template,
                )
            )
    return ReportingPeriod.objects.bulk_create(rows)
