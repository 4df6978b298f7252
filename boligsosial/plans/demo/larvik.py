"""Larvik: goals and measures from the report's chapter 5 (see `boligsosial.plans.demo`)."""

from boligsosial.plans.demo.common import D, S

NAME = "Larvik"

# Goals: (key, level, parent key, title, national goals, source note)
GOALS = [
    ("m1", "main", None, "Et ordnet boforhold for alle", [1], "Rapporten kap. 5.4"),
    (
        "m2",
        "main",
        None,
        "Bedre levekår for vanskeligstilte unge ved samordning av tiltak mot bolig, arbeid/utdanning/aktivisering og fritid/familie",
        [1, 3],
        "Rapporten kap. 5.4",
    ),
]

# Measures: see the field list in `boligsosial.plans.demo`.
MEASURES = [
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
]
