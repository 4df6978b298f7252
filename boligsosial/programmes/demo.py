"""Husbanken Region sør's programme with the six municipalities (report ch. 2, 4 and 5).

Facts marked REPORT come from the 2011 interim evaluation (chapter given in source_note).
Exact days the report does not give (it says "August 2009", "spring 2010", "2010") are
filled in and the participation records the precision; phase dates are ILLUSTRATIVE but
consistent with the report: all were past the planning phase and into implementation by
December 2011 (report §4), and the framework model's lengths apply.
"""

import datetime as dt
from decimal import Decimal

from boligsosial.core.models import DataSource
from boligsosial.municipalities.models import Municipality
from boligsosial.programmes.models import (
    HusbankenRegion,
    LeaderRank,
    NationalGoal,
    Organisation,
    OrganisationPeriod,
    Participation,
    Partner,
    PartnerKind,
    Phase,
    PhaseKind,
    Programme,
)
from boligsosial.programmes.region_models import ensure_start_regions

# The source report's order of the municipalities (chapter 5: 5.1 Sandefjord … 5.5 Drammen).
SOURCE_ORDER = ["Sandefjord", "Arendal", "Porsgrunn", "Skien", "Larvik", "Drammen"]
PROGRAMME_NAME = "Boligsosialt utviklingsprogram – Husbanken Region sør"
D = dt.date

# In the source report's order (SOURCE_ORDER).
MUNICIPALITIES = {
    # name: code, start, precision, report section, contact username
    "Sandefjord": (
        "0706",
        D(2010, 4, 1),
        "season",
        "Rapporten kap. 5.1: startet våren 2010",
        "kontakt-vest",
    ),
    "Arendal": (
        "0906",
        D(2009, 8, 1),
        "month",
        "Rapporten kap. 4 og 5.2: startet august 2009, den første",
        "kontakt-sor",
    ),
    "Porsgrunn": (
        "0805",
        D(2010, 3, 1),
        "month",
        "Rapporten kap. 5.3: med siden mars 2010",
        "kontakt-sor",
    ),
    "Skien": (
        "0806",
        D(2010, 12, 1),
        "month",
        "Rapporten kap. 5.3 (Skien): deltaker fra desember 2010",
        "kontakt-sor",
    ),
    "Larvik": (
        "0709",
        D(2010, 5, 1),
        "year",
        "Rapporten kap. 4: kom med i 2010 (måned ikke oppgitt)",
        "kontakt-vest",
    ),
    "Drammen": (
        "0602",
        D(2010, 3, 1),
        "month",
        "Rapporten kap. 5.5: med siden mars 2010",
        "kontakt-vest",
    ),
}

ORGANISATION = {
    "Arendal": dict(
        programme_leader_position="Programleder (heltid)",
        programme_leader_unit="Under kommunalsjef for helse og omsorg",
        has_steering_group=True,
        steering_group_leader_position="Kommunalsjef for helse og omsorg",
        steering_group_leader_rank=LeaderRank.MANAGEMENT_GROUP,
        ftes=Decimal("2.4"),
        notes="Programleder og rådgiver på heltid og miljøvaktmester i 40 % stilling, i alt 2,4 årsverk; de to sistnevnte er tilknyttet NAV. En spesialrådgiver i kommunalsjefens stab deltar aktivt.",
        source_note="Rapporten kap. 5.2",
    ),
    "Sandefjord": dict(
        programme_leader_position="Leder for seksjon botiltak og aktivitet",
        programme_leader_unit="Helse- og sosialetaten, seksjon botiltak og aktivitet",
        project_organised=True,
        has_steering_group=True,
        steering_group_leader_position="Assisterende rådmann",
        steering_group_leader_rank=LeaderRank.ASSISTANT_RADMANN,
        notes="Prosjektkoordinator i 100 % stilling, prosjektveileder og delprosjektledere som engasjeres etter hvert.",
        source_note="Rapporten kap. 5.1",
    ),
    "Porsgrunn": dict(
        programme_leader_position="Programleder",
        programme_leader_unit="Bygge- og eiendomsavdelingen",
        project_organised=True,
        has_steering_group=True,
        steering_group_leader_position="Bygge- og eiendomssjef",
        steering_group_leader_rank=LeaderRank.HEAD_OF_UNIT,
        steering_group_members="Kommunalsjef for helse og velferd\nNAV-direktør",
        notes="Fire programområder organisert som prosjekter med egne styringsgrupper.",
        source_note="Rapporten kap. 5.3 (fire programområder organisert som prosjekter)",
    ),
    "Drammen": dict(
        programme_leader_position="Rådgiver i rådmannens stab",
        programme_leader_unit="Rådmannens stab",
        project_organised=True,
        has_steering_group=True,
        steering_group_leader_position="Helse- og sosialdirektør",
        steering_group_leader_rank=LeaderRank.MANAGEMENT_GROUP,
        notes="Prosjektorganisasjon med styringsgruppe og sentral prosjektgruppe; deltakelse fra 8 kommunale virksomheter, NAV og Drammen Eiendom KF.",
        source_note="Rapporten kap. 5.5",
    ),
    "Larvik": dict(
        programme_leader_position="Programleder",
        programme_leader_unit="Utviklingsavdelingen",
        project_organised=True,
        has_steering_group=True,
        steering_group_leader_position="Assisterende rådmann",
        steering_group_leader_rank=LeaderRank.ASSISTANT_RADMANN,
        steering_group_members="Aktuelle resultatenhetsledere\nLeder for Larvik kommunale eiendomsforetak",
        source_note="Rapporten kap. 5.4",
    ),
    "Skien": dict(
        programme_leader_position="Fungerende programleder",
        programme_leader_unit="Boligkontoret",
        programme_leader_acting=True,
        has_steering_group=False,
        notes="Ingen styringsgruppe ennå; fungerende programleder har mål om å nedsette en snarlig og ansette egen programleder. Programarbeidet er organisert i delprosjekter.",
        source_note="Rapporten kap. 5.3 (Skien)",
    ),
}

# Every municipality: no politicians in the project organisation (report §6.1: "Ingen av
# kommunene har politisk deltakelse i prosjektorganiseringen"); Husbanken takes part as a
# participating observer in the steering groups there are (§6.6). Arendal's and Skien's project
# organisation is not stated (§5.2, §5.3 Skien), so it is left unregistered; the other four
# make up "flesteparten" of §6.3.
for _org in ORGANISATION.values():
    _note = str(_org["source_note"]) + "; politisk deltakelse: kap. 6.1"
    _org["political_participation"] = False
    if _org["has_steering_group"]:
        _org["husbanken_in_steering_group"] = True
        _note += "; Husbanken deltakende observatør i styringsgruppen: kap. 6.6"
    _org["source_note"] = _note

PARTNERS = {
    "Arendal": [(PartnerKind.NAV, "NAV Arendal", "Rådgiver og miljøvaktmester er tilknyttet NAV")],
    "Porsgrunn": [(PartnerKind.NAV, "NAV Porsgrunn", "NAV-direktøren sitter i styringsgruppen")],
    "Drammen": [
        (PartnerKind.NAV, "NAV Drammen", "Deltar i prosjektorganisasjonen"),
        (PartnerKind.PROPERTY_COMPANY, "Drammen Eiendom KF", "Deltar i prosjektorganisasjonen"),
    ],
    "Larvik": [
        (
            PartnerKind.PROPERTY_COMPANY,
            "Larvik kommunale eiendomsforetak KF",
            "Lederen sitter i styringsgruppen",
        )
    ],
}


def _phases(name: str, start: dt.date) -> list[dict]:
    """Illustrative phases: preparation before start, planning ≤ 6 months, then implementation."""
    from boligsosial.programmes.models import add_months

    planning_months = 8 if name == "Larvik" else 6
    planning_end = add_months(start, planning_months)
    phases = [
        dict(
            kind=PhaseKind.PREPARATION,
            start=add_months(start, -4),
            planned_end=start,
            actual_end=start,
        ),
        dict(
            kind=PhaseKind.PLANNING,
            start=start,
            planned_end=add_months(start, 6),
            actual_end=planning_end,
            overrun_reason=(
                "Forankring og forarbeid ble prioritert før handling (rapporten kap. 5.4 og 7.1: "
                "flere kommuner har brukt lang tid på forankring og prosjektorganisering)."
                if planning_months > 6
                else ""
            ),
        ),
        dict(
            kind=PhaseKind.IMPLEMENTATION,
            start=planning_end,
            planned_end=add_months(planning_end, 36),
        ),
        dict(
            kind=PhaseKind.PHASE_OUT,
            start=add_months(planning_end, 36),
            planned_end=add_months(planning_end, 54),
        ),
    ]
    return phases


def reset() -> None:
    programme = Programme.objects.filter(name=PROGRAMME_NAME).first()
    if programme:
        programme.participations.all().delete()
        programme.delete()


def load(ctx: dict) -> None:
    ensure_start_regions()
    users = ctx["users"]
    programme, _ = Programme.objects.update_or_create(
        name=PROGRAMME_NAME,
        defaults={
            "owner_region_id": HusbankenRegion.SOR,
            "description": "Langsiktig partnerskap mellom Husbanken Region sør og de største kommunene i regionen for å forebygge og bekjempe bostedsløshet.",
            "data_source": DataSource.REPORT,
            "source_note": "Rapporten kap. 1–2",
            "leader": users["admin"],
        },
    )
    programme.national_goals.set(NationalGoal.objects.all())
    participations = {}
    for name, (code, start, precision, note, contact) in MUNICIPALITIES.items():
        municipality = Municipality.objects.get(
            code=code, valid_from__lte=D(2011, 12, 31), valid_to__gt=D(2011, 12, 31)
        )
        participation, _ = Participation.objects.update_or_create(
            programme=programme,
            municipality=municipality,
            defaults={
                "start_date": start,
                "start_precision": precision,
                "application_date": start - dt.timedelta(days=120),
                "agreement_signed": start,
                "programme_contact": users[contact],
                "data_source": DataSource.REPORT,
                "source_note": note + ". Søknads- og avtaledato er illustrative.",
            },
        )
        org_data = dict(ORGANISATION[name])
        org_note = str(org_data.pop("source_note"))
        Organisation.objects.update_or_create(
            participation=participation,
            defaults={**org_data, "data_source": DataSource.REPORT, "source_note": org_note},
        )
        # The dated history: this organisation since the start (what the report describes).
        participation.organisation_periods.all().delete()
        OrganisationPeriod.objects.create(
            participation=participation,
            valid_from=start,
            **org_data,
            data_source=DataSource.REPORT,
            source_note=org_note + ". Gjelder fra oppstart (datoen er programstart, se over).",
        )
        organisation = participation.organisation
        organisation.partners.all().delete()
        for kind, partner_name, role in PARTNERS.get(name, []):
            Partner.objects.create(
                organisation=organisation,
                kind=kind,
                name=partner_name,
                role=role,
                data_source=DataSource.REPORT,
                source_note=org_note,
            )
        participation.phases.all().delete()
        for phase in _phases(name, start):
            Phase.objects.create(
                participation=participation,
                data_source=DataSource.ILLUSTRATIVE,
                source_note="Illustrative datoer i tråd med rammemodellen og rapportens oppstartstidspunkt",
                **phase,
            )
        participations[name] = participation
    ctx["programme"] = programme
    ctx["participations"] = participations
