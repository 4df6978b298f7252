"""Follow-up meetings and learning arenas (report §4.6, §6.5–6.6).

From the report: Drammen's programme leader meets Husbanken every 14 days (§6.6), so
Drammen's meetings fall exactly 14 days apart and its cadence is 14; the learning arenas
Husbanken established (§4.6): programme gatherings, programme-leader gatherings, the
project-leader course held at the start of the programme (§6.5) and the study trip to
Finland on Housing First. Exact dates, places, attendance, feedback scores and the other
municipalities' meetings are ILLUSTRATIVE (the report gives none); the report says the
arenas met "stor grad av tilfredshet", so the illustrative scores are high.
"""

import datetime as dt

from boligsosial.core.models import DataSource
from boligsosial.followup.models import (
    ActionStatus,
    AgreedAction,
    ArenaAttendance,
    ArenaFeedback,
    ArenaKind,
    LearningArena,
    Meeting,
    MeetingKind,
    MeetingParticipant,
    ParticipantRole,
)

D = dt.date
REPORT, ILLUSTRATIVE = DataSource.REPORT, DataSource.ILLUSTRATIVE
DRAMMEN_FIRST, DRAMMEN_LAST = D(2010, 9, 7), D(2011, 12, 13)
DRAMMEN_NOTE = "Rapporten §6.6: faste møter med Husbanken hver 14. dag; datoene er illustrative"

# Other municipalities: (date, kind, notes) — illustrative.
MEETINGS = {
    "Arendal": [
        (
            D(2010, 2, 10),
            MeetingKind.ANNUAL,
            "Årsmøte: gjennomgang av hovedutfordringer og delmål.",
        ),
        (
            D(2010, 5, 20),
            MeetingKind.STEERING_GROUP,
            "Husbanken deltok i styringsgruppen som observatør.",
        ),
        (
            D(2010, 10, 14),
            MeetingKind.STATUS,
            "Status for samarbeidsrutiner med Arendal eiendom KF.",
        ),
        (
            D(2011, 2, 8),
            MeetingKind.ANNUAL,
            "Årsmøte: ny forskrift for tildeling av kommunale boliger.",
        ),
        (D(2011, 6, 9), MeetingKind.INFORMAL, "Telefon om startlån og tilskudd."),
        (D(2011, 11, 3), MeetingKind.STATUS, "Status for rullering av boligsosial handlingsplan."),
    ],
    "Sandefjord": [
        (D(2010, 6, 3), MeetingKind.STATUS, "Oppstart av delprosjektene."),
        (D(2010, 11, 18), MeetingKind.STEERING_GROUP, "Styringsgruppemøte om restanseprosjektet."),
        (
            D(2011, 3, 10),
            MeetingKind.ANNUAL,
            "Årsmøte: erfaringer fra første år i gjennomføringsfasen.",
        ),
        (D(2011, 8, 25), MeetingKind.STATUS, "Avslutning av restanseprosjektet og NAV-prosjektet."),
        (D(2011, 11, 24), MeetingKind.STATUS, "Oppstart av forprosjekt for ungdom (HKH)."),
    ],
    "Porsgrunn": [
        (D(2010, 4, 22), MeetingKind.STATUS, "Programplan og fire programområder."),
        (D(2010, 12, 9), MeetingKind.STEERING_GROUP, "Småhusprosjektet og dialog med naboer."),
        (D(2011, 4, 14), MeetingKind.ANNUAL, "Årsmøte: På vei til egen boligkarriere."),
        (D(2011, 10, 6), MeetingKind.STATUS, "Utlysning av stillinger til bomiljøprosjektet."),
    ],
    "Larvik": [
        (D(2010, 10, 21), MeetingKind.STATUS, "Forankring og forarbeid."),
        (D(2011, 3, 24), MeetingKind.ANNUAL, "Årsmøte: plan for operative mål og delmål."),
        (D(2011, 9, 29), MeetingKind.INFORMAL, "E-post om sammenslåingen av boligstiftelsene."),
    ],
    "Skien": [
        (
            D(2011, 1, 20),
            MeetingKind.STATUS,
            "Oppstartsmøte; styringsgruppe og programleder er ikke på plass ennå.",
        ),
        (D(2011, 6, 16), MeetingKind.INFORMAL, "Telefon om rapportering fra «Egen bolig»."),
    ],
}

# (kind, title, start, end, place, topics, source note, attendance {municipality: persons}, scores)
ARENAS = [
    (
        ArenaKind.PROJECT_LEADER_COURSE,
        "Prosjektlederkurs for programkommunene",
        D(2010, 4, 27),
        D(2010, 4, 28),
        "Arendal",
        "Prosjektorganisering og prosjektstyring\nMål og resultatmål",
        "Rapporten §4.6 og §6.5 (holdt i starten av programmet); dato, sted og deltakelse er illustrative",
        {"Arendal": 3, "Sandefjord": 2, "Porsgrunn": 2, "Drammen": 3, "Larvik": 1},
        [5, 4, 5, 4],
    ),
    (
        ArenaKind.PROGRAMME_GATHERING,
        "Programsamling våren 2010",
        D(2010, 6, 15),
        D(2010, 6, 16),
        "Kristiansand",
        "Rammemodellen og samarbeidsavtalene\nErfaringsutveksling mellom kommunene",
        "Rapporten §4.6 (programsamlinger); dato, sted og deltakelse er illustrative",
        {"Arendal": 5, "Sandefjord": 4, "Porsgrunn": 4, "Drammen": 6, "Larvik": 3},
        [4, 5, 4, 4, 5],
    ),
    (
        ArenaKind.LEADER_GATHERING,
        "Programledersamling høsten 2010",
        D(2010, 10, 5),
        None,
        "Husbanken Region sør, Arendal",
        "Å lede et programarbeid\nRapportering",
        "Rapporten §4.6 (programledersamlinger); dato, sted og deltakelse er illustrative",
        {"Arendal": 1, "Sandefjord": 1, "Porsgrunn": 1, "Drammen": 1, "Larvik": 1},
        [4, 4, 5],
    ),
    (
        ArenaKind.PROGRAMME_GATHERING,
        "Programsamling høsten 2010",
        D(2010, 11, 23),
        D(2010, 11, 24),
        "Larvik",
        "Ungdom som prioritert målgruppe\nBoligsosiale virkemidler",
        "Rapporten §4.6 (programsamlinger); dato, sted og deltakelse er illustrative",
        {"Arendal": 4, "Sandefjord": 5, "Porsgrunn": 3, "Drammen": 5, "Larvik": 4},
        [5, 4, 4, 5],
    ),
    (
        ArenaKind.STUDY_TRIP,
        "Studietur til Finland om Housing First",
        D(2011, 4, 11),
        D(2011, 4, 13),
        "Helsingfors",
        "Housing First-modellen\nBesøk hos finske boligprosjekter for bostedsløse",
        "Rapporten §4.6 og §7.3 (studietur til Finland om Housing First); dato og deltakelse er illustrative",
        {"Arendal": 2, "Sandefjord": 2, "Porsgrunn": 2, "Drammen": 3, "Larvik": 2, "Skien": 2},
        [5, 5, 4, 5, 5],
    ),
    (
        ArenaKind.LEADER_GATHERING,
        "Programledersamling våren 2011",
        D(2011, 5, 17),
        None,
        "Husbanken Region sør, Arendal",
        "Målhierarki og resultatmål\nFelles rapporteringsmal",
        "Rapporten §4.6 (programledersamlinger); dato, sted og deltakelse er illustrative",
        {"Arendal": 1, "Sandefjord": 1, "Porsgrunn": 1, "Drammen": 1, "Larvik": 1, "Skien": 1},
        [4, 5, 4],
    ),
    (
        ArenaKind.PROGRAMME_GATHERING,
        "Programsamling høsten 2011",
        D(2011, 10, 25),
        D(2011, 10, 26),
        "Sandefjord",
        "Underveisevalueringen\nGode eksempler: restanseprosjektet, forskrift for tildeling, småhus",
        "Rapporten §4.6 og §6.5 (programsamlinger); dato, sted og deltakelse er illustrative",
        {"Arendal": 5, "Sandefjord": 6, "Porsgrunn": 4, "Drammen": 5, "Larvik": 3, "Skien": 3},
        [5, 4, 5, 4, 4],
    ),
    (
        ArenaKind.NETWORK_MEETING,
        "Nettverksmøte om ungdom og bolig",
        D(2011, 12, 6),
        None,
        "Drammen",
        "Boligskole for ungdom\nHurtig kartlegging og handling (HKH)",
        "Rapporten §6.5 (nettverksmøter i regi av Husbanken); tema, dato og deltakelse er illustrative",
        {"Sandefjord": 2, "Drammen": 3, "Skien": 2, "Larvik": 1},
        [4, 5],
    ),
]


def reset() -> None:
    LearningArena.objects.filter(
        data_source__in=[REPORT, ILLUSTRATIVE], source_note__startswith="Rapporten"
    ).delete()


def _participants(meeting: Meeting, *, with_steering_group: bool = False) -> None:
    rows = [
        (ParticipantRole.PROGRAMME_CONTACT, "Programkontakt, Husbanken Region sør"),
        (ParticipantRole.PROGRAMME_LEADER, "Programleder"),
    ]
    if with_steering_group:
        rows.append((ParticipantRole.STEERING_GROUP, "Styringsgruppens leder"))
    MeetingParticipant.objects.bulk_create(
        [MeetingParticipant(meeting=meeting, role=r, name=n) for r, n in rows]
    )


def _drammen(participation) -> None:
    date, index = DRAMMEN_FIRST, 0
    while date <= DRAMMEN_LAST:
        # The first meeting of each year is the framework model's annual meeting.
        kind = (
            MeetingKind.ANNUAL if index in (0, 11) else MeetingKind.STATUS
        )  # 07.09.2010 and 08.02.2011
        meeting = Meeting.objects.create(
            participation=participation,
            kind=kind,
            date=date,
            place="Drammen rådhus",
            notes=(
                "Årsmøte med Husbanken: status for delprosjektene og søknad om nye midler."
                if kind == MeetingKind.ANNUAL
                else "Fast statusmøte mellom programleder og programkontakt."
            ),
            data_source=REPORT,
            source_note=DRAMMEN_NOTE,
        )
        _participants(meeting, with_steering_group=kind == MeetingKind.ANNUAL)
        date += dt.timedelta(days=14)
        index += 1
    first = Meeting.objects.filter(participation=participation).order_by("date")[0]
    AgreedAction.objects.create(
        meeting=first,
        text="Sende prosjektplan for boligskolen til Husbanken",
        owner="Programleder",
        due_date=D(2010, 10, 1),
        status=ActionStatus.DONE,
        completed_on=D(2010, 9, 28),
        data_source=ILLUSTRATIVE,
        source_note="Illustrativt",
    )
    last = Meeting.objects.filter(participation=participation).order_by("-date")[0]
    AgreedAction.objects.create(
        meeting=last,
        text="Legge fram ny boligsosial handlingsplan for Husbanken før politisk behandling",
        owner="Programleder",
        due_date=D(2012, 1, 31),
        status=ActionStatus.OPEN,
        data_source=ILLUSTRATIVE,
        source_note="Illustrativt (rapporten kap. 5.5: planen behandles rundt årsskiftet)",
    )


def load(ctx: dict) -> None:
    participations = ctx["participations"]
    for name, participation in participations.items():
        Meeting.objects.filter(participation=participation).delete()
        if name == "Drammen":
            _drammen(participation)
            continue
        for date, kind, notes in MEETINGS.get(name, []):
            meeting = Meeting.objects.create(
                participation=participation,
                kind=kind,
                date=date,
                notes=notes,
                data_source=ILLUSTRATIVE,
                source_note="Illustrativt møte",
            )
            _participants(
                meeting,
                with_steering_group=kind in (MeetingKind.ANNUAL, MeetingKind.STEERING_GROUP),
            )
            if kind == MeetingKind.ANNUAL:
                AgreedAction.objects.create(
                    meeting=meeting,
                    text="Sende søknad om kompetansetilskudd for neste år",
                    owner="Programleder",
                    due_date=date + dt.timedelta(days=60),
                    status=ActionStatus.DONE,
                    completed_on=date + dt.timedelta(days=45),
                    data_source=ILLUSTRATIVE,
                    source_note="Illustrativt",
                )
    programme = ctx["programme"]
    LearningArena.objects.filter(programme=programme).delete()
    for arena_kind, title, start, end, place, topics, note, attendance, scores in ARENAS:
        arena = LearningArena.objects.create(
            programme=programme,
            kind=arena_kind,
            title=title,
            start_date=start,
            end_date=end,
            place=place,
            topics=topics,
            data_source=REPORT,
            source_note=note,
        )
        for name, persons in attendance.items():
            ArenaAttendance.objects.create(
                arena=arena,
                participation=participations[name],
                persons=persons,
                data_source=ILLUSTRATIVE,
                source_note="Illustrativ deltakelse",
            )
        names = list(attendance)
        for index, score in enumerate(scores):
            ArenaFeedback.objects.create(
                arena=arena,
                participation=participations[names[index % len(names)]],
                score=score,
                data_source=ILLUSTRATIVE,
                source_note="Illustrativ vurdering (rapporten: stor grad av tilfredshet)",
            )
