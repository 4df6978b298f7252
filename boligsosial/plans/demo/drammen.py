"""Drammen: goals and measures from the report's chapter 5 (see `boligsosial.plans.demo`)."""

from decimal import Decimal

from boligsosial.plans.demo.common import ILLUSTRATIVE, D, S

NAME = "Drammen"

# Goals: (key, level, parent key, title, national goals, source note)
GOALS = [
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
]

# Measures: see the field list in `boligsosial.plans.demo`.
MEASURES = [
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
]
