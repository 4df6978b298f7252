"""Goals, sub-projects, measures and results of the six municipalities (report chapter 5).

Every goal, sub-project and result that chapter 5 names is here, with the status and dates
the report gives. Where the report gives no day ("høsten 2011", "nylig startet") the record
carries a date inside that span and the report's wording in `date_note`. Records marked
ILLUSTRATIVE are not in the report: the links from municipal main goals to the national
goals are our reading; the few result goals with baseline and target exist to show the
progress rule (the report's point in §6.4 is precisely that such goals were missing); and one
draft measure in Drammen shows that drafts stay private.
"""

import datetime as dt
from decimal import Decimal

from boligsosial.core.models import DataSource
from boligsosial.plans import services
from boligsosial.plans.models import (
    Funding,
    Goal,
    GoalLevel,
    GoalMeasurement,
    Measure,
    MeasureMethod,
    MeasureStatus,
    MeasureTargetGroup,
    Result,
    StatusEvent,
)
from boligsosial.programmes.models import NationalGoal

D = dt.date
REPORT, ILLUSTRATIVE = DataSource.REPORT, DataSource.ILLUSTRATIVE
S = MeasureStatus

# Goals: (key, level, parent key, title, national goals, source note)
GOALS = {
    "Sandefjord": [
        (
            "v",
            "vision",
            None,
            "0–0-visjon: ingen bostedsløse og ingen utkastelser i Sandefjord",
            [],
            "Rapporten kap. 5.1",
        ),
        (
            "m1",
            "main",
            "v",
            "Økt kunnskap om boligbehovet i kommunen",
            [2],
            "Rapporten kap. 5.1 (boligsosial handlingsplan 2008–2014)",
        ),
        ("m2", "main", "v", "Økt kunnskap om statlige virkemidler", [2], "Rapporten kap. 5.1"),
        (
            "m3",
            "main",
            "v",
            "Mer samkjørt boligpolitikk mellom virksomhetene",
            [3],
            "Rapporten kap. 5.1",
        ),
        (
            "m4",
            "main",
            "v",
            "Bedre utnyttelse av kommunens boligmasse",
            [1, 3],
            "Rapporten kap. 5.1",
        ),
        (
            "m5",
            "main",
            "v",
            "Mer målrettet og effektiv bruk av virkemidlene",
            [3],
            "Rapporten kap. 5.1",
        ),
        (
            "m6",
            "main",
            "v",
            "Større effektivitet ved å samordne ressursene",
            [3],
            "Rapporten kap. 5.1",
        ),
        (
            "s1",
            "sub",
            "m3",
            "Utvikle tjenestetilbud og skaffe egnede boliger tilpasset innbyggernes behov gjennom tverrsektorielt samarbeid og samarbeid med andre forvaltningsnivå og institusjoner",
            [],
            "Rapporten kap. 5.1 (spisset målformulering)",
        ),
        (
            "s2",
            "sub",
            "m4",
            "Varig bosetting av de vanskeligst stilte på boligmarkedet",
            [],
            "Rapporten kap. 5.1 (spisset målformulering)",
        ),
        (
            "s3",
            "sub",
            "m4",
            "Minimering av behov for akutt botilbud",
            [],
            "Rapporten kap. 5.1 (spisset målformulering)",
        ),
        (
            "s4",
            "sub",
            "m5",
            "Sørge for at flest mulig klarer å bo i egen bolig over tid – minimere utkastelser",
            [],
            "Rapporten kap. 5.1 (spisset målformulering)",
        ),
        (
            "s5",
            "sub",
            "m6",
            "Etter prosjektslutt ha et bolig- og tjenestetilbud som håndterer problematikken rundt bostedsløse og vanskeligstilte på boligmarkedet på en tilfredsstillende måte",
            [],
            "Rapporten kap. 5.1 (spisset målformulering)",
        ),
    ],
    "Arendal": [
        ("m1", "main", None, "Forebygge og avskaffe bostedsløshet", [1], "Rapporten kap. 5.2"),
        ("m2", "main", None, "Øke boligsosial aktivitet i kommunen", [3], "Rapporten kap. 5.2"),
        ("m3", "main", None, "Øke boligsosial kompetanse i kommunen", [2], "Rapporten kap. 5.2"),
        (
            "s1",
            "sub",
            "m2",
            "Rullering av boligsosial handlingsplan fra 2003; ny plan knyttes til kommunens øvrige planverk",
            [],
            "Rapporten kap. 5.2 (hovedutfordringer/delmål)",
        ),
        (
            "s2",
            "sub",
            "m3",
            "Utarbeide rutiner og kompetanseheving – kvalitetssikring av registreringer i Bokart",
            [],
            "Rapporten kap. 5.2",
        ),
        (
            "s3",
            "sub",
            "m2",
            "Utarbeide samarbeidsrutiner mellom kommunen og kommunalt foretak (KF)",
            [],
            "Rapporten kap. 5.2",
        ),
        (
            "s4",
            "sub",
            "m1",
            "Optimalisere bruk av tilgjengelige virkemidler gjennom Husbanken og andre aktører for å forebygge og avskaffe bostedsløshet",
            [],
            "Rapporten kap. 5.2",
        ),
        (
            "s5",
            "sub",
            "m1",
            "Økonomisk rådgivning og veiledning ved kjøp/salg",
            [],
            "Rapporten kap. 5.2",
        ),
        (
            "s6",
            "sub",
            "m2",
            "Videreutvikle samarbeid med brukere/pårørende og frivillige organisasjoner",
            [],
            "Rapporten kap. 5.2",
        ),
    ],
    "Porsgrunn": [
        (
            "m1",
            "main",
            None,
            "Bedre mulighetene til å nå kommunens mål om at alle skal disponere egen bolig, ved aktiv bruk av boligvirkemidlene og eventuelt i sammenheng med andre tjenester",
            [1, 3],
            "Rapporten kap. 5.3",
        ),
        (
            "s1",
            "sub",
            "m1",
            "Sørge for at delprosjektene følger sine mandater",
            [],
            "Rapporten kap. 5.3 (programplanens delmål)",
        ),
        (
            "s2",
            "sub",
            "m1",
            "Bidra til at personer klarer å disponere egen bolig",
            [],
            "Rapporten kap. 5.3",
        ),
        ("s3", "sub", "m1", "Forebygge bostedsløshet", [], "Rapporten kap. 5.3"),
        (
            "s4",
            "sub",
            "m1",
            "Øke kompetanse hos enkeltpersoner for å mestre boforhold",
            [],
            "Rapporten kap. 5.3",
        ),
        (
            "s5",
            "sub",
            "m1",
            "Øke kompetanse hos personer som arbeider med boligspørsmål i kommunen",
            [],
            "Rapporten kap. 5.3",
        ),
        (
            "s6",
            "sub",
            "m1",
            "Øke helhetlig bruk av boligvirkemidler i sammenheng med andre tiltak",
            [],
            "Rapporten kap. 5.3",
        ),
        (
            "s7",
            "sub",
            "m1",
            "Bedre samarbeid på tvers i organisasjonen, om tjenester og i ulike forvaltningsnivåer",
            [],
            "Rapporten kap. 5.3",
        ),
        (
            "s8",
            "sub",
            "m1",
            "Bedre samarbeid med frivillige organisasjoner",
            [],
            "Rapporten kap. 5.3",
        ),
        (
            "s9",
            "sub",
            "m1",
            "Innarbeide rutiner for økt medvirkning og deltakelse fra rådet for funksjonshemmede og andre brukerorganisasjoner, fra planlegging til gjennomføring",
            [],
            "Rapporten kap. 5.3",
        ),
        (
            "s10",
            "sub",
            "m1",
            "Spre informasjon om boligsosialt arbeid internt i kommunen og ut til samarbeidspartnere og innbyggere",
            [],
            "Rapporten kap. 5.3",
        ),
    ],
    "Skien": [
        (
            "m1",
            "main",
            None,
            "Øke boligsosial kompetanse og samhandling rundt vanskeligstilte boligsøkere",
            [2],
            "Rapporten kap. 5.3 Skien (formål)",
        ),
        (
            "m2",
            "main",
            None,
            "Hjelpe flere kommunale leietakere videre i boligkarrieren",
            [1],
            "Rapporten kap. 5.3 Skien",
        ),
        (
            "m3",
            "main",
            None,
            "Utarbeide og rullere boligsosial handlingsplan",
            [3],
            "Rapporten kap. 5.3 Skien",
        ),
        (
            "m4",
            "main",
            None,
            "Plassering av ansvar for strategisk boligsosial planlegging",
            [3],
            "Rapporten kap. 5.3 Skien",
        ),
        (
            "m5",
            "main",
            None,
            "Vurdering av behov for styrking av ulike boligsosiale tilbud (antall kommunale boliger, bemannede boliger osv.)",
            [1, 3],
            "Rapporten kap. 5.3 Skien",
        ),
        (
            "s1",
            "sub",
            "m1",
            "Styrke organisasjonen i å fremskaffe boliger og bistå beboere i å beholde boligen",
            [],
            "Rapporten kap. 5.3 Skien (forventede resultater i søknaden)",
        ),
        (
            "s2",
            "sub",
            "m2",
            "Øke turnover i boligmassen, så flere søkere kan tilbys kommunal bolig",
            [],
            "Rapporten kap. 5.3 Skien",
        ),
        (
            "s3",
            "sub",
            "m1",
            "Styrke samhandling rundt utfordrende bosatte",
            [],
            "Rapporten kap. 5.3 Skien",
        ),
        (
            "s4",
            "sub",
            "m5",
            "Bedre tilbudet rettet mot vanskeligstilt ungdom",
            [],
            "Rapporten kap. 5.3 Skien",
        ),
        (
            "s5",
            "sub",
            "m1",
            "Forbedre rutiner for tidligere å fange opp ungdom med boligsosiale utfordringer",
            [],
            "Rapporten kap. 5.3 Skien",
        ),
        (
            "s6",
            "sub",
            "m4",
            "Større aksept fra politisk miljø for at boligen er basis for habilitering/rehabilitering",
            [],
            "Rapporten kap. 5.3 Skien",
        ),
        (
            "s7",
            "sub",
            "m4",
            "Økt fokus på fattigdomsproblematikk og at stadig flere grupper ekskluderes fra å eie egen bolig",
            [],
            "Rapporten kap. 5.3 Skien",
        ),
    ],
    "Larvik": [
        ("m1", "main", None, "Et ordnet boforhold for alle", [1], "Rapporten kap. 5.4"),
        (
            "m2",
            "main",
            None,
            "Bedre levekår for vanskeligstilte unge ved samordning av tiltak mot bolig, arbeid/utdanning/aktivisering og fritid/familie",
            [1, 3],
            "Rapporten kap. 5.4",
        ),
    ],
    "Drammen": [
        ("m1", "main", None, "Forebygge og bekjempe bostedsløshet", [1], "Rapporten kap. 5.5"),
        (
            "m2",
            "main",
            None,
            "Opparbeide økt boligsosial kompetanse i kommunen",
            [2],
            "Rapporten kap. 5.5",
        ),
        (
            "m3",
            "main",
            None,
            "Oppnå en mer hensiktsmessig disponering av den kommunale boligmassen",
            [3],
            "Rapporten kap. 5.5",
        ),
        (
            "m4",
            "main",
            None,
            "Utvikle metoder knyttet til bo-trening for relevante målgrupper",
            [2, 3],
            "Rapporten kap. 5.5",
        ),
        (
            "m5",
            "main",
            None,
            "Bedre utnyttelse av Husbankens økonomiske virkemidler, slik at flest mulig får anledning til å anskaffe seg egen bolig",
            [1, 3],
            "Rapporten kap. 5.5",
        ),
    ],
}

# Illustrative result goals that show the progress rule: (municipality, key, parent key, title, fields, measurements)
RESULT_GOALS = [
    (
        "Skien",
        "r1",
        "m2",
        "Flere kommunale leietakere kjøper egen bolig gjennom «Egen bolig»",
        dict(
            custom_measure_name="Leietakere som har flyttet og kjøpt bolig eller er i gang med prosessen (akkumulert)",
            custom_measure_definition="Antall leietakere i kommunal bolig som siden prosjektstart har kjøpt bolig eller har fått finansiering og er i gang med kjøp. Telles av prosjektleder i «Egen bolig» ved hver rapportering.",
            custom_measure_unit="leietakere",
            custom_better="higher",
            baseline_value=Decimal(0),
            baseline_date=D(2010, 12, 1),
            target_value=Decimal(40),
            target_date=D(2013, 12, 31),
        ),
        [(D(2011, 6, 30), Decimal(16), "Rapporten kap. 5.3 Skien: rapportering 30.06.11")],
    ),
    (
        "Drammen",
        "r1",
        "m3",
        "Boligløftet: kjøpe flere kommunale utleieboliger",
        dict(
            custom_measure_name="Boliger kjøpt gjennom boligløftet (akkumulert)",
            custom_measure_definition="Boliger Drammen Eiendom KF har kjøpt for midlene bystyret bevilget til boligløftet i juni 2011.",
            custom_measure_unit="boliger",
            custom_better="higher",
            baseline_value=Decimal(0),
            baseline_date=D(2011, 6, 15),
            target_value=Decimal(40),
            target_date=D(2012, 12, 31),
        ),
        [
            (
                D(2011, 12, 1),
                Decimal(20),
                "Rapporten kap. 5.5: 20 boliger kjøpt for om lag 30 mill. kroner",
            )
        ],
    ),
    (
        "Drammen",
        "r2",
        "m1",
        "Færre bostedsløse kjent av kommunen",
        dict(
            indicator_code="homeless_persons",
            baseline_value=Decimal(104),
            baseline_date=D(2010, 12, 31),
            target_value=Decimal(70),
            target_date=D(2013, 12, 31),
        ),
        [],
    ),
    (
        "Sandefjord",
        "r1",
        "s4",
        "Ingen gjennomførte utkastelser fra kommunale boliger",
        dict(
            indicator_code="evictions",
            baseline_value=Decimal(8),
            baseline_date=D(2010, 6, 30),
            target_value=Decimal(0),
            target_date=D(2014, 12, 31),
        ),
        [],
    ),
]

# Measures: (name, kind, status history [(status, date, date_note)], target groups, methods,
#            goal keys, leader, partners, description, results [(date, date_note, text, value, label, unit)],
#            funding [(source, year, amount, description)], source note, data source, published)
MEASURES = {
    "Sandefjord": [
        dict(
            name="Restanseprosjektet",
            status=[
                (S.RUNNING, D(2010, 9, 1), "høsten 2010 (startdato ikke oppgitt)"),
                (S.COMPLETED, D(2011, 10, 15), "høsten 2011"),
            ],
            groups=["municipal_tenants"],
            methods=["arrears"],
            goals=["s4", "m5"],
            leader="Delprosjektleder, seksjon botiltak og aktivitet",
            description="Delprosjekt for å redusere husleierestanser i kommunalt tildelte boliger og hindre at nye restanser oppstår. Restanseoppfølging med faste rutiner for varsling, oppfølging og nedbetaling, slik at færre mister boligen. Kommunen mener andre kan lære av kompetansen fra restanseprosjektet (rapporten §6.5).",
            results=[
                (
                    D(2011, 10, 15),
                    "høsten 2011",
                    "Husleierestansene i kommunalt tildelte boliger er redusert med 75 prosent, og det er laget rutiner for at nye restanser ikke skal oppstå.",
                    Decimal(75),
                    "reduksjon i husleierestanser i kommunalt tildelte boliger",
                    "%",
                )
            ],
            source="Rapporten kap. 5.1 og §6.5",
        ),
        dict(
            name="Midlertidig bolig – NAV-prosjektet",
            status=[
                (S.RUNNING, D(2010, 9, 1), "høsten 2010 (startdato ikke oppgitt)"),
                (S.COMPLETED, D(2011, 10, 15), "høsten 2011"),
            ],
            groups=["homeless"],
            methods=["allocation"],
            goals=["s2", "s3"],
            partners="NAV Sandefjord",
            description="Forbedring av rutiner ved tildeling av midlertidig bolig og arbeid med videreføring til varig bolig, i samarbeid med NAV.",
            results=[
                (
                    D(2011, 10, 15),
                    "høsten 2011",
                    "Rutinene for tildeling av midlertidig bolig og videreføring til varig bolig er forbedret. Prosjektet har avdekket at det trengs flere varige boliger med oppfølgingstjenester, spesielt for ungdom.",
                    None,
                    "",
                    "",
                )
            ],
            source="Rapporten kap. 5.1",
        ),
        dict(
            name="Forprosjekt: boligtilbud og oppfølging for ungdom (Hurtig kartlegging og handling)",
            status=[(S.PRE_PROJECT, D(2011, 11, 1), "nylig startet (høsten 2011)")],
            groups=["youth"],
            methods=["mapping", "competence"],
            goals=["s1", "s2"],
            partners="Borgestadklinikken",
            description="Forprosjekt for bedre boligtilbud og oppfølging for ungdom i samarbeid med Borgestadklinikken: opplæring i og innføring av kartleggingsmetoden «Hurtig kartlegging og handling» (HKH), for å kartlegge omfanget av ungdom som står i fare for å bli eller har blitt bostedsløse, og hva som preger gruppen når det gjelder arbeid/skole, psykiske lidelser og rusbruk.",
            results=[],
            source="Rapporten kap. 5.1",
        ),
        dict(
            name="Naboskap",
            status=[(S.PLANNED, D(2011, 11, 1), "under planlegging per desember 2011")],
            groups=["municipal_tenants"],
            methods=["neighbourhood"],
            goals=["s4"],
            description="Delprosjekt under planlegging om naboskap og bomiljø.",
            results=[],
            source="Rapporten kap. 5.1",
        ),
        dict(
            name="Brukermedvirkning",
            status=[(S.PLANNED, D(2011, 11, 1), "under planlegging per desember 2011")],
            groups=["disadvantaged"],
            methods=["user_participation"],
            goals=["s1"],
            description="Delprosjekt under planlegging om brukermedvirkning i det boligsosiale arbeidet.",
            results=[],
            source="Rapporten kap. 5.1",
        ),
        dict(
            name="Prosjektorganisasjon og prosjekt som arbeidsform",
            kind="measure",
            status=[(S.RUNNING, D(2010, 4, 1), "våren 2010")],
            groups=[],
            methods=["organisation"],
            goals=["m3", "m6"],
            leader="Prosjektkoordinator (100 % stilling)",
            description="Etablering av prosjektorganisasjonen med styringsgruppe ledet av assisterende rådmann, prosjektkoordinator, prosjektveileder og delprosjektledere, og innføring av prosjekt som arbeidsform.",
            results=[
                (
                    D(2011, 12, 1),
                    "per desember 2011",
                    "Programledelsen fremhever prosjektorganisasjonen som det kommunen har lyktes best med: det har vært lettere å gjennomføre delprosjekter og få til konkrete resultater og samarbeid på tvers i organisasjonen.",
                    None,
                    "",
                    "",
                )
            ],
            source="Rapporten kap. 5.1",
        ),
    ],
    "Arendal": [
        dict(
            name="Rullering av boligsosial handlingsplan",
            status=[(S.RUNNING, D(2010, 6, 1), "2010 (dato ikke oppgitt)")],
            groups=["disadvantaged"],
            methods=["plan_revision"],
            goals=["s1"],
            description="En arbeidsgruppe rullerer boligsosial handlingsplan fra 2003. Programledelsen vurderer en tverrfaglig operativ plan med boligsosialt arbeid som ett av flere tema, med tidsperspektiv fram mot 2023 i tråd med kommuneplanen.",
            results=[
                (
                    D(2011, 12, 1),
                    "per desember 2011",
                    "Arbeidsgruppe for rullering av planen er nedsatt; en tverrfaglig operativ plan med tidsperspektiv mot 2023 vurderes.",
                    None,
                    "",
                    "",
                )
            ],
            source="Rapporten kap. 5.2",
        ),
        dict(
            name="Samarbeidsrutiner mellom kommunen og Arendal eiendom KF",
            status=[
                (S.RUNNING, D(2010, 1, 15), "2010"),
                (S.ORDINARY_OPERATION, D(2010, 12, 1), "etablert i 2010"),
            ],
            groups=["municipal_tenants"],
            methods=["organisation", "allocation"],
            goals=["s3"],
            partners="Arendal eiendom KF\nNAV Arendal",
            description="Samarbeidsrutiner mellom kommunen og det kommunale foretaket, nye leiekontrakter og opprydding i gamle søknader – «orden i eget hus».",
            results=[
                (
                    D(2010, 12, 1),
                    "2010",
                    "Samarbeidsrutiner mellom kommunen og Arendal eiendom KF er etablert.",
                    None,
                    "",
                    "",
                ),
                (
                    D(2011, 12, 1),
                    "per desember 2011",
                    "Forslag til intensjonsavtale mellom kommunen, NAV og Arendal eiendom KF er laget, og nye leiekontrakter for alle typer kommunale utleieboliger er laget.",
                    None,
                    "",
                    "",
                ),
                (
                    D(2011, 12, 1),
                    "per desember 2011",
                    "Gamle søknader er ryddet opp i: listen med ubehandlede søknader er redusert.",
                    Decimal(75),
                    "færre ubehandlede søknader om kommunal bolig",
                    "søknader",
                ),
            ],
            source="Rapporten kap. 5.2 og §6.5",
        ),
        dict(
            name="Forskrift og regelverk for tildeling av kommunale boliger",
            status=[
                (S.RUNNING, D(2010, 3, 1), "2010 (dato ikke oppgitt)"),
                (S.ORDINARY_OPERATION, D(2011, 6, 1), "vedtatt; i bruk per desember 2011"),
            ],
            groups=["disadvantaged", "municipal_tenants"],
            methods=["allocation", "competence"],
            goals=["s4", "s3"],
            description="Kommunen har vedtatt et regelverk og en egen forskrift for tildeling av kommunale boliger som kvalitetssikrer saksbehandlingen. Boligtildelingsutvalget har fått et tydelig mandat og det er laget en ny saksbehandlingsinstruks. Det fattes nå enkeltvedtak med klagerett.",
            results=[
                (
                    D(2011, 6, 1),
                    "2011",
                    "Forskrift for tildeling av kommunale boliger er vedtatt; boligtildelingsutvalget har fått tydelig mandat og ny saksbehandlingsinstruks. Det fattes enkeltvedtak med klagerett, og kommunen har fått større kontroll på hvem som tildeles bolig, på bomiljøer og på søkernes rettssikkerhet.",
                    None,
                    "",
                    "",
                ),
                (
                    D(2011, 12, 1),
                    "per desember 2011",
                    "Behovet for midlertidige boliger er betydelig redusert som følge av endringene.",
                    None,
                    "",
                    "",
                ),
            ],
            source="Rapporten kap. 5.2 og §6.5",
        ),
        dict(
            name="Kvalitetssikring av registreringer i Bokart",
            status=[(S.RUNNING, D(2010, 9, 1), "2010 (dato ikke oppgitt)")],
            groups=["disadvantaged"],
            methods=["mapping", "competence"],
            goals=["s2"],
            description="Kurs for ansatte og rutiner for registrering i Bokart (boligkartlegging), så kommunen får oversikt over boligsosiale utfordringer tidlig. Nytt dataprogram gir samlet oversikt over boligmassen og leietakerne.",
            results=[
                (
                    D(2011, 12, 1),
                    "per desember 2011",
                    "Kurs for ansatte er holdt og rutiner er under utarbeidelse. Et nytt dataprogram med samlet oversikt over boligmassen og leietakerne har hatt effekt på restanselistene.",
                    None,
                    "",
                    "",
                )
            ],
            source="Rapporten kap. 5.2",
        ),
        dict(
            name="Økonomisk rådgivning og veiledning ved kjøp og salg",
            kind="measure",
            status=[(S.RUNNING, D(2010, 9, 1), "2010 (dato ikke oppgitt)")],
            groups=["municipal_tenants"],
            methods=["organisation"],
            goals=["s5"],
            partners="Servicekontoret\nØkonomikonsulent i NAV",
            description="Samarbeid mellom programledelsen, servicekontoret som behandler søknader om lån og tilskudd, og økonomikonsulenten i NAV.",
            results=[],
            source="Rapporten kap. 5.2",
        ),
        dict(
            name="Etiske retningslinjer for brukermedvirkning og samarbeid med brukerrådet",
            kind="measure",
            status=[(S.RUNNING, D(2011, 3, 1), "påbegynt (dato ikke oppgitt)")],
            groups=["disadvantaged"],
            methods=["user_participation"],
            goals=["s6"],
            partners="Kommunens brukerråd",
            description="Arbeid med etiske retningslinjer for brukermedvirkning og kontakt med pårørende; samarbeid med kommunens brukerråd.",
            results=[],
            source="Rapporten kap. 5.2",
        ),
        dict(
            name="Boligskole for ungdom (utvikling)",
            kind="measure",
            status=[
                (S.PLANNED, D(2011, 6, 1), "samarbeid om utvikling i gang (dato ikke oppgitt)")
            ],
            groups=["youth"],
            methods=["housing_school"],
            goals=["s6"],
            description="Samarbeid mellom ulike instanser om å utvikle en boligskole for ungdom.",
            results=[],
            source="Rapporten kap. 5.2",
        ),
        dict(
            name="Egen eid bolig for personer med funksjonsnedsettelse (foreldregruppe)",
            kind="measure",
            status=[(S.RUNNING, D(2011, 6, 1), "i gang (dato ikke oppgitt)")],
            groups=["disabled"],
            methods=["user_participation", "housing_provision"],
            goals=["s6"],
            partners="Foreldregruppe",
            description="Samarbeid med en foreldregruppe med funksjonshemmede barn som ønsker egen eid bolig.",
            results=[],
            source="Rapporten kap. 5.2",
        ),
        dict(
            name="20 boenheter med heldøgns bemanning for rusmisbrukere",
            status=[(S.PLANNED, D(2011, 9, 1), "under planlegging (dato ikke oppgitt)")],
            groups=["substance_mental"],
            methods=["housing_provision"],
            goals=["m1"],
            partners="Blå Kors",
            description="20 boenheter med heldøgns bemanning for rusmisbrukere planlegges i samarbeid med Blå Kors.",
            results=[],
            source="Rapporten kap. 5.2",
        ),
    ],
    "Porsgrunn": [
        dict(
            name="På vei til egen boligkarriere",
            status=[(S.RUNNING, D(2010, 6, 1), "juni 2010")],
            groups=["municipal_tenants", "disadvantaged"],
            methods=["mapping", "allocation", "user_participation"],
            goals=["s2", "s3", "s6"],
            leader="Prosjektleder (ansatt)",
            partners="Leieboerforeningen (referansegruppa)",
            description="Første delprosjekt: personer som søker eller mottar kommunal boligbistand skal få tilstrekkelig hjelp til å komme videre i egen boligkarriere. Gjennomgang av alle registreringer i Bokart (18–60 år) og alle husleiekontrakter; Bokart videreutviklet til saksbehandlingsverktøy som kommuniserer med to andre fagsystemer. Samhandlingsrutiner rundt de mest vanskeligstilte er under utarbeidelse, og en undersøkelse av det private leiemarkedet er satt i gang.",
            results=[
                (
                    D(2010, 12, 15),
                    "juni–medio desember 2010",
                    "Husstander har vært i kontakt med prosjektet gjennom samtaler, tildeling av bolig eller oppfølging før bosetting.",
                    Decimal(92),
                    "husstander i kontakt med prosjektet",
                    "husstander",
                ),
                (
                    D(2011, 12, 1),
                    "per desember 2011",
                    "Alle registreringer i Bokart for 18–60 år og alle husleiekontrakter er gjennomgått; Bokart er videreutviklet til et saksbehandlingsverktøy. Leieboerforeningen er invitert inn i referansegruppa.",
                    None,
                    "",
                    "",
                ),
            ],
            source="Rapporten kap. 5.3",
        ),
        dict(
            name="Fem småhus på kommunal tomt",
            kind="measure",
            status=[(S.RUNNING, D(2010, 9, 1), "2010 (dato ikke oppgitt)")],
            groups=["homeless", "substance_mental"],
            methods=["housing_provision", "user_participation"],
            goals=["s2", "s3"],
            partners="Velforeninger og naboer\nTjenesteytere",
            description="Oppføring av fem småhus på kommunal tomt for husstander som må leie og har en historie med ulike uegnede botilbud bak seg. Oppfølgingen tilpasses den enkelte sammen med tjenesteyter. Dialog og allmøter med velforeninger og naboer, og brukeren trukket inn i byggeprosessen.",
            results=[
                (
                    D(2011, 12, 1),
                    "per desember 2011",
                    "Tre deltakere er vurdert som kandidater til småhus, og én har flyttet inn. Vedkommende mestrer boforholdet godt og har fått mye bedre livskvalitet.",
                    Decimal(1),
                    "husstander flyttet inn i småhus",
                    "husstander",
                ),
                (
                    D(2011, 12, 1),
                    "per desember 2011",
                    "Bystyret har vedtatt å bygge nye småhus.",
                    Decimal(2),
                    "nye småhus vedtatt",
                    "småhus",
                ),
            ],
            source="Rapporten kap. 5.3",
        ),
        dict(
            name="Bedre bomiljø i kommunale utleieboliger",
            status=[(S.PLANNED, D(2011, 9, 1), "stilling under utlysning")],
            groups=["municipal_tenants"],
            methods=["neighbourhood"],
            goals=["s7", "s8"],
            description="Fremme deltakelse, trygghet og likeverd blant beboere, naboer, velforeninger og borettslag for å oppnå gode bomiljøer.",
            results=[],
            source="Rapporten kap. 5.3",
        ),
        dict(
            name="Bolig og kvalifisering",
            status=[(S.PLANNED, D(2011, 9, 1), "starter når stilling blir opprettet")],
            groups=["youth"],
            methods=["competence"],
            goals=["s4"],
            description="Gjøre boligfremskaffelse mulig for ungdom gjennom kvalifisering og utdanning.",
            results=[],
            source="Rapporten kap. 5.3",
        ),
        dict(
            name="Kompetansekartlegging og tverrfaglige workshops",
            kind="measure",
            status=[(S.RUNNING, D(2010, 9, 1), "2010 (dato ikke oppgitt)")],
            groups=[],
            methods=["competence"],
            goals=["s5", "s7"],
            description="Kartlegging av kompetansebehov i egen organisasjon og tverrfaglige workshops.",
            results=[
                (
                    D(2011, 12, 1),
                    "per desember 2011",
                    "Virksomhetene i det tverrfaglige samarbeidet melder om økt kunnskap om boligsosiale utfordringer og behov; enkeltvedtak om bolig og tjenester er dreid mer mot å mestre boforhold.",
                    None,
                    "",
                    "",
                )
            ],
            source="Rapporten kap. 5.3 og §6.5",
        ),
    ],
    "Skien": [
        dict(
            name="Egen bolig",
            status=[
                (S.RUNNING, D(2010, 6, 1), "startet før programdeltakelsen (dato ikke oppgitt)")
            ],
            groups=["municipal_tenants", "disadvantaged"],
            methods=["allocation", "competence"],
            goals=["s2", "m2"],
            leader="Prosjektleder (ansatt)",
            description="Prosjektet startet før programdeltakelsen og er nå en del av programarbeidet. Hovedmålet er at den kommunale boligmassen skal være stor og variert nok for innbyggere som på grunn av lav inntekt eller annet ikke klarer å skaffe seg bolig på det private markedet – ved å styrke vanskeligstiltes evner til egen boligkarriere og øke turnover i kommunale boliger.",
            results=[
                (
                    D(2011, 6, 30),
                    "",
                    "Leietakere har flyttet og kjøpt bolig eller er i gang med prosessen.",
                    Decimal(16),
                    "leietakere som har kjøpt eller er i gang med å kjøpe bolig",
                    "leietakere",
                ),
                (
                    D(2011, 6, 30),
                    "",
                    "Samtaler er gjennomført, dels i forbindelse med leiekontrakt og dels med unge for å veilede dem tidlig i boligkarrieren.",
                    Decimal(104),
                    "samtaler",
                    "samtaler",
                ),
            ],
            source="Rapporten kap. 5.3 Skien",
        ),
        dict(
            name="Unge vanskeligstilte",
            status=[(S.PLANNED, D(2011, 6, 1), "planlagt (dato ikke oppgitt)")],
            groups=["youth"],
            methods=["organisation"],
            goals=["s4", "s5"],
            partners="NAV\nBarnevernet\nRusomsorgen",
            description="Planlagt delprosjekt for ungdom med særskilte utfordringer, for eksempel unge som flytter ut fra barneverninstitusjon og får oppfølging fra barnevern og rusomsorgen.",
            results=[
                (
                    D(2011, 12, 1),
                    "per desember 2011",
                    "Kommunen har etablert en dialog med NAV om ungdom som slutter i videregående skole.",
                    None,
                    "",
                    "",
                )
            ],
            source="Rapporten kap. 5.3 Skien",
        ),
    ],
    "Larvik": [
        dict(
            name="Sammenslåing av kommunale boligstiftelser",
            status=[
                (S.RUNNING, D(2010, 9, 1), "2010 (dato ikke oppgitt)"),
                (S.COMPLETED, D(2011, 9, 22), ""),
            ],
            groups=["disadvantaged"],
            methods=["organisation"],
            goals=["m1"],
            description="En rekke kommunale boligstiftelser er slått sammen til én stiftelse, Larvik kommunale boligstiftelse. Arbeidet ga juridisk kompetanse som andre kommuner kan dra nytte av (rapporten §6.5).",
            results=[
                (
                    D(2011, 9, 22),
                    "",
                    "Kommunale boligstiftelser er slått sammen til én stiftelse, Larvik kommunale boligstiftelse, med virkning fra 22.09.2011.",
                    None,
                    "",
                    "",
                )
            ],
            source="Rapporten kap. 5.4 og §6.5",
        ),
        dict(
            name="Boligsosiale perspektiver i tilsyn med ulovlige utleieleiligheter",
            kind="measure",
            status=[(S.RUNNING, D(2011, 3, 1), "2011 (dato ikke oppgitt)")],
            groups=["disadvantaged"],
            methods=["organisation", "competence"],
            goals=["m1"],
            description="Under planlegging av tilsynskontroll med ulovlige leiligheter (plan- og bygningsloven) ble boligsosiale perspektiver knyttet til et prosjekt som var tenkt bare som kontroll med private utleiere.",
            results=[],
            source="Rapporten kap. 5.4",
        ),
        dict(
            name="Syv arbeidsgrupper for tjenesteproduksjonen",
            kind="measure",
            status=[(S.PLANNED, D(2011, 11, 1), "i ferd med å nedsettes")],
            groups=[],
            methods=["organisation"],
            goals=["m1", "m2"],
            description="Syv arbeidsgrupper skal se nærmere på ulike sider ved tjenesteproduksjonen.",
            results=[],
            source="Rapporten kap. 5.4",
        ),
        dict(
            name="Operative mål og delmål i boligsosialt utviklingsprogram",
            kind="measure",
            status=[(S.RUNNING, D(2011, 1, 1), "2011 (dato ikke oppgitt)")],
            groups=[],
            methods=["plan_revision"],
            goals=["m1", "m2"],
            description="Mer operative mål og delmål skal inngå i boligsosialt utviklingsprogram, som skal til behandling i kommunestyret i juni 2012.",
            results=[],
            source="Rapporten kap. 5.4",
        ),
        dict(
            name="Felles verdigrunnlag for boligsosialt arbeid",
            kind="measure",
            status=[(S.COMPLETED, D(2011, 11, 1), "nylig vedtatt (høsten 2011)")],
            groups=[],
            methods=["plan_revision"],
            goals=["m1"],
            description="Kommunestyret har vedtatt et nytt og felles verdigrunnlag som skal legges til grunn for kommunens boligsosiale arbeid.",
            results=[
                (
                    D(2011, 11, 1),
                    "høsten 2011",
                    "Kommunestyret har vedtatt et felles verdigrunnlag for det boligsosiale arbeidet.",
                    None,
                    "",
                    "",
                )
            ],
            source="Rapporten kap. 5.4",
        ),
    ],
    "Drammen": [
        dict(
            name="Ny boligsosial handlingsplan",
            status=[(S.RUNNING, D(2010, 9, 1), "innledende fase (dato ikke oppgitt)")],
            groups=["disadvantaged"],
            methods=["plan_revision"],
            goals=["m1", "m3"],
            description="Ny boligsosial handlingsplan knyttet til kommune- og økonomiplan; legges fram for politisk behandling rundt årsskiftet 2011/2012. Gjennom planarbeidet blir mål og strategier tydeligere.",
            results=[],
            source="Rapporten kap. 5.5",
        ),
        dict(
            name="Boligskole for ungdom 17–23 år",
            status=[
                (S.PRE_PROJECT, D(2010, 9, 1), "innledende fase (dato ikke oppgitt)"),
                (S.COMPLETED, D(2011, 10, 1), "avsluttet som forprosjekt (høsten 2011)"),
            ],
            groups=["youth"],
            methods=["housing_school", "living_skills"],
            goals=["m2", "m4"],
            leader="Prosjektgruppe",
            description="Boligskole for ungdom: informasjon og kompetanse om å skaffe og beholde bolig, en interaktiv nettside og elektronisk veileder for ungdom og et todagers kurs for et utvalg. Behovene for oppfølging i bolig er definert i prosjektet. Iverksetting og videreføring legges til boligtjenesten.",
            results=[
                (
                    D(2011, 10, 1),
                    "høsten 2011",
                    "Forprosjektet er avsluttet. Mandat, innhold og form er utarbeidet; interaktiv nettside og elektronisk veileder er lagt til rette. Programleder trekker fram tiltaket som en suksess.",
                    None,
                    "",
                    "",
                )
            ],
            source="Rapporten kap. 5.5",
        ),
        dict(
            name="Boligløftet: kjøp av kommunale utleieboliger",
            kind="measure",
            status=[(S.RUNNING, D(2011, 6, 15), "juni 2011")],
            groups=["disadvantaged", "families"],
            methods=["housing_provision"],
            goals=["m3"],
            partners="Drammen Eiendom KF",
            description="Bystyret vedtok i juni 2011 et boligløft med 60 millioner kroner til kjøp av boliger: mindre leiligheter, familieleiligheter og omsorgsleiligheter.",
            results=[
                (
                    D(2011, 12, 1),
                    "per desember 2011",
                    "Drammen Eiendom har kjøpt boliger for om lag 30 millioner kroner.",
                    Decimal(20),
                    "boliger kjøpt",
                    "boliger",
                )
            ],
            funding=[
                ("municipal", 2011, Decimal(60_000_000), "Bystyrets vedtak om boligløft, juni 2011")
            ],
            source="Rapporten kap. 5.5",
        ),
        dict(
            name="Boligtjenesten",
            kind="measure",
            status=[(S.ORDINARY_OPERATION, D(2011, 11, 1), "nylig etablert (høsten 2011)")],
            groups=["disadvantaged"],
            methods=["organisation"],
            goals=["m1", "m3"],
            description="En egen virksomhet for boligtjenester, med medarbeidere fra ulike tjenester som har oppgaver knyttet til bolig, for tydeligere ansvarsforhold og bedre koordinerte tjenester.",
            results=[],
            source="Rapporten kap. 5.5",
        ),
        dict(
            name="Fra leie til eie",
            status=[(S.RUNNING, D(2011, 1, 1), "2011 (dato ikke oppgitt)")],
            groups=["municipal_tenants"],
            methods=["rent_to_own"],
            goals=["m5", "m3"],
            leader="To prosjektmedarbeidere",
            description="Delprosjekt for å øke gjennomstrømningen i kommunale boliger: to prosjektmedarbeidere hjelper kommunale leietakere med å kjøpe sin egen leilighet. Ved salg brukes midlene til kjøp av nye utleieleiligheter.",
            results=[
                (
                    D(2011, 12, 1),
                    "per desember 2011",
                    "Rammen for opptak av startlån er fordoblet, fleksible rammer er innført og delegasjonen for salg av kommunale leiligheter i borettslag er utvidet. Flere leiligheter er solgt gjennom prosjektet.",
                    None,
                    "",
                    "",
                )
            ],
            funding=[
                (
                    "hb_start_loan",
                    2011,
                    None,
                    "Startlån fra Husbanken; rammen for opptak er fordoblet",
                )
            ],
            source="Rapporten kap. 5.5",
        ),
        dict(
            name="Utkast: Housing First-forsøk for bostedsløse med rusproblemer",
            kind="measure",
            status=[(S.IDEA, D(2011, 11, 15), "")],
            groups=["homeless", "substance_mental"],
            methods=["housing_first"],
            goals=["m1"],
            description="Idé etter studieturen til Finland: et lite forsøk med Housing First for bostedsløse med rusproblemer. Ikke behandlet i styringsgruppen.",
            results=[],
            source="Illustrativt utkast (ikke i rapporten)",
            data_source=ILLUSTRATIVE,
            published=False,
        ),
    ],
}


def reset() -> None:
    # Participations are deleted by programmes.demo.reset; goals and measures cascade. The
    # FTS rows go with them through services when deleted one by one.
    for measure in Measure.objects.filter(data_source__in=[REPORT, ILLUSTRATIVE]):
        services._fts_delete(measure.pk)


def _goals(participation, name: str, national: dict) -> dict:
    keys = {}
    Goal.objects.filter(participation=participation).delete()
    for position, (key, level, parent, title, numbers, note) in enumerate(GOALS[name]):
        goal = Goal.objects.create(
            participation=participation,
            parent=keys.get(parent),
            level=level,
            title=title,
            position=position,
            data_source=REPORT,
            source_note=note + ("; koblingen til nasjonale mål er vår tolkning" if numbers else ""),
        )
        goal.national_goals.set([national[n] for n in numbers])
        keys[key] = goal
    return keys


def _result_goals(participation, name: str, keys: dict) -> None:
    from boligsosial.reporting.models import Indicator

    for municipality, key, parent, title, fields, measurements in RESULT_GOALS:
        if municipality != name:
            continue
        fields = dict(fields)
        code = fields.pop("indicator_code", None)
        indicator = Indicator.objects.filter(code=code, is_current=True).first() if code else None
        if indicator is not None:
            # Take the baseline from the reporting demo's approved value on that date, when there is one.
            from boligsosial.reporting.selectors import approved_values

            for point in approved_values(participation, code, until=fields["baseline_date"]):
                if point.period_end == fields["baseline_date"] and point.value is not None:
                    fields["baseline_value"] = point.value
        goal = Goal.objects.create(
            participation=participation,
            parent=keys[parent],
            level=GoalLevel.RESULT,
            title=title,
            position=100,
            indicator=indicator,
            data_source=ILLUSTRATIVE,
            source_note="Illustrativt resultatmål som viser fremdriftsregelen; utgangsverdi og mål er ikke fra rapporten",
            **fields,
        )
        for date, value, note in measurements:
            GoalMeasurement.objects.create(
                goal=goal, date=date, value=value, data_source=REPORT, source_note=note
            )
        keys[key] = goal


def _measure(participation, spec: dict, keys: dict) -> Measure:
    data_source = spec.get("data_source", REPORT)
    history = spec["status"]
    measure = Measure.objects.create(
        participation=participation,
        kind=spec.get("kind", "sub_project"),
        name=spec["name"],
        description=spec["description"],
        status=history[-1][0],
        leader=spec.get("leader", ""),
        partners=spec.get("partners", ""),
        published=spec.get("published", True),
        data_source=data_source,
        source_note=spec["source"],
    )
    for status, date, note in history:
        StatusEvent.objects.create(
            measure=measure,
            status=status,
            date=date,
            date_note=note,
            data_source=data_source,
            source_note=spec["source"],
        )
    started = measure.started_on()
    ended = history[-1][1] if history[-1][0] in (S.COMPLETED, S.STOPPED) else None
    Measure.objects.filter(pk=measure.pk).update(start_date=started, end_date=ended)
    for code in spec["groups"]:
        MeasureTargetGroup.objects.create(measure=measure, code=code)
    for code in spec["methods"]:
        MeasureMethod.objects.create(measure=measure, code=code)
    measure.goals.set([keys[k] for k in spec["goals"]])
    for date, date_note, text, value, label, unit in spec["results"]:
        Result.objects.create(
            measure=measure,
            date=date,
            date_note=date_note,
            text=text,
            value=value,
            value_label=label,
            value_unit=unit,
            data_source=data_source,
            source_note=spec["source"],
        )
    for source, year, amount, description in spec.get("funding", []):
        Funding.objects.create(
            measure=measure,
            source=source,
            year=year,
            amount_nok=amount,
            description=description,
            data_source=data_source,
            source_note=spec["source"],
        )
    measure.refresh_from_db()
    services.reindex_measure(measure)
    return measure


def load(ctx: dict) -> None:
    national = {g.number: g for g in NationalGoal.objects.all()}
    measures = {}
    for name, participation in ctx["participations"].items():
        for measure in Measure.objects.filter(participation=participation):
            services._fts_delete(measure.pk)
        Measure.objects.filter(participation=participation).delete()
        keys = _goals(participation, name, national)
        _result_goals(participation, name, keys)
        measures[name] = [_measure(participation, spec, keys) for spec in MEASURES.get(name, [])]
    ctx["measures"] = measures
