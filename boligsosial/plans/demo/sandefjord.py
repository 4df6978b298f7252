"""Sandefjord: goals and measures from the report's chapter 5 (see `boligsosial.plans.demo`)."""

from decimal import Decimal

from boligsosial.plans.demo.common import D, S

NAME = "Sandefjord"

# Goals: (key, level, parent key, title, national goals, source note)
GOALS = [
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
]

# Measures: see the field list in `boligsosial.plans.demo`.
MEASURES = [
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
        individual_methods=["housing_first"],
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
        source="Rapporten kap. 5.1; Housing First prøvd med enkeltbrukere: kap. 7.3 sier at to kommuner har gjort det uten å nevne hvilke, så valget av denne kommunen er illustrativt",
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
]
