"""Skien: goals and measures from the report's chapter 5 (see `boligsosial.plans.demo`)."""

from decimal import Decimal

from boligsosial.plans.demo.common import ILLUSTRATIVE, D, S

NAME = "Skien"

# Goals: (key, level, parent key, title, national goals, source note)
GOALS = [
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
]

# Measures: see the field list in `boligsosial.plans.demo`.
MEASURES = [
    dict(
        name="Utarbeide og rullere boligsosial handlingsplan",
        kind="measure",
        status=[(S.RUNNING, D(2011, 3, 1), "2011 (dato ikke oppgitt)")],
        groups=[],
        methods=["plan_revision"],
        goals=["m3"],
        description="Revisjon av kommunens boligsosiale handlingsplan, et av formålene med programdeltakelsen.",
        results=[],
        source="Rapporten kap. 5.3 Skien (formål) og kap. 6.4 (revisjon av boligsosiale handlingsplaner i 4 av kommunene); at Skien er en av de fire og startdatoen er illustrativt",
        data_source=ILLUSTRATIVE,
    ),
    dict(
        name="Egen bolig",
        status=[(S.RUNNING, D(2010, 6, 1), "startet før programdeltakelsen (dato ikke oppgitt)")],
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
]
