"""Porsgrunn: goals and measures from the report's chapter 5 (see `boligsosial.plans.demo`)."""

from decimal import Decimal

from boligsosial.plans.demo.common import D, S

NAME = "Porsgrunn"

# Goals: (key, level, parent key, title, national goals, source note)
GOALS = [
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
]

# Measures: see the field list in `boligsosial.plans.demo`.
MEASURES = [
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
        individual_methods=["housing_first"],
        goals=["s2", "s3"],
        partners="Velforeninger og naboer\nTjenesteytere",
        description="Oppføring av fem småhus på kommunal tomt for husstander som må leie og har en historie med ulike uegnede botilbud bak seg. Oppfølgingen tilpasses den enkelte sammen med tjenesteyter. Dialog og allmøter med velforeninger og naboer, og brukeren trukket inn i byggeprosessen.",
        results=[
            (
                D(2011, 12, 1),
                "per desember 2011",
                "Tre deltakere er vurdert som kandidater til småhus, og én har flyttet inn. Vedkommende mestrer boforholdet godt og har fått mye bedre livskvalitet.",
                Decimal(1),
                "husstand flyttet inn i småhus",
                "husstand",
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
        source="Rapporten kap. 5.3; Housing First prøvd med enkeltbrukere: kap. 7.3 sier at to kommuner har gjort det uten å nevne hvilke, så valget av denne kommunen er illustrativt",
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
]
