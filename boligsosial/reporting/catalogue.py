"""The first indicator catalogue and reporting template (DOMAIN.md §6), seeded by migration.

Codes are ours and stable; names and definitions are explicit so two municipalities count
the same thing. A change of definition later is a new Indicator version (services), never an
edit of these rows. `seed(apps)` takes the migration app registry so it runs from migrations.
"""

from decimal import Decimal

DIMENSIONS = [
    # code, name_nb, name_en, [(option code, nb, en)]
    (
        "age",
        "Alder",
        "Age",
        [("under25", "Under 25 år", "Under 25"), ("25plus", "25 år og eldre", "25 and over")],
    ),
    (
        "tenure",
        "Type leieforhold",
        "Tenure",
        [
            ("municipal_rental", "Kommunal utleiebolig", "Municipal rental"),
            ("private_rental", "Privat leid bolig", "Private rental"),
        ],
    ),
    (
        "children",
        "Barn i husstanden",
        "Children in household",
        [
            ("with_children", "Med barn", "With children"),
            ("without_children", "Uten barn", "Without children"),
        ],
    ),
]

P, H, HO, NOK, C, PCT, YN, DATE = (
    "persons",
    "households",
    "homes",
    "nok",
    "count",
    "percent",
    "yes_no",
    "date",
)
FLOW, STOCK, RATE = "flow", "stock", "rate"
UP, DOWN, NONE = "higher", "lower", "neither"

# code, group, name_nb, name_en, definition, unit, aggregation, better, dims, extras
INDICATORS = [
    (
        "homeless_persons",
        "homelessness",
        "Bostedsløse personer kjent av kommunen",
        "Homeless persons known to the municipality",
        "Personer uten egen eid eller leid bolig som kommunen kjenner til ved periodens slutt: de som bor i midlertidig botilbud, hos venner eller slektninger, i institusjon med utskrivning innen to måneder uten bolig, eller uten tak over hodet (NIBRs definisjon).",
        P,
        STOCK,
        DOWN,
        ["age"],
        {},
    ),
    (
        "temp_accommodation_households",
        "homelessness",
        "Husstander i midlertidig botilbud",
        "Households in temporary accommodation",
        "Husstander som bor i midlertidig botilbud (hospits, hotell, campinghytte, akuttbolig) ved periodens slutt.",
        H,
        STOCK,
        DOWN,
        ["children"],
        {},
    ),
    (
        "temp_stays_over_3m",
        "homelessness",
        "Opphold i midlertidig botilbud over 3 måneder",
        "Stays in temporary accommodation over 3 months",
        "Opphold i midlertidig botilbud som ble avsluttet i perioden eller pågikk ved periodens slutt, og som hadde vart mer enn tre måneder.",
        C,
        FLOW,
        DOWN,
        [],
        {},
    ),
    (
        "settled_households",
        "homelessness",
        "Husstander bosatt i varig bolig",
        "Households settled in a permanent home",
        "Bostedsløse husstander som i perioden fikk en varig bolig (kontrakt på minst tre år eller eid bolig).",
        H,
        FLOW,
        UP,
        ["tenure", "children"],
        {},
    ),
    (
        "eviction_petitions",
        "evictions",
        "Begjæringer om utkastelse",
        "Eviction petitions",
        "Begjæringer om fravikelse (utkastelse) fra kommunale utleieboliger sendt namsmannen i perioden.",
        C,
        FLOW,
        DOWN,
        [],
        {},
    ),
    (
        "evictions",
        "evictions",
        "Gjennomførte utkastelser",
        "Evictions carried out",
        "Fravikelser (utkastelser) fra kommunale utleieboliger som ble gjennomført i perioden.",
        C,
        FLOW,
        DOWN,
        [],
        {},
    ),
    (
        "rent_arrears_nok",
        "evictions",
        "Husleierestanser i kommunale utleieboliger",
        "Rent arrears in municipal rentals",
        "Samlet ubetalt husleie i kommunalt tildelte boliger ved periodens slutt, i kroner.",
        NOK,
        STOCK,
        DOWN,
        [],
        {},
    ),
    (
        "tenants_in_arrears",
        "evictions",
        "Leietakere med husleierestanse",
        "Tenants in arrears",
        "Leietakere i kommunalt tildelte boliger med ubetalt husleie for mer enn én måned ved periodens slutt.",
        P,
        STOCK,
        DOWN,
        ["age"],
        {},
    ),
    (
        "municipal_homes",
        "municipal_housing",
        "Kommunalt disponerte boliger",
        "Municipally managed homes",
        "Boliger kommunen eier eller leier og tildeler vanskeligstilte, ved periodens slutt.",
        HO,
        STOCK,
        NONE,
        [],
        {},
    ),
    (
        "applications_received",
        "municipal_housing",
        "Søknader om kommunal bolig mottatt",
        "Applications for municipal housing received",
        "Søknader om kommunal bolig kommunen mottok i perioden.",
        C,
        FLOW,
        NONE,
        [],
        {},
    ),
    (
        "applications_granted",
        "municipal_housing",
        "Søknader om kommunal bolig innvilget",
        "Applications for municipal housing granted",
        "Søknader mottatt i perioden som ble innvilget i perioden.",
        C,
        FLOW,
        NONE,
        [],
        {"at_most_code": "applications_received"},
    ),
    (
        "applications_unprocessed",
        "municipal_housing",
        "Ubehandlede søknader om kommunal bolig",
        "Unprocessed applications for municipal housing",
        "Søknader om kommunal bolig som ikke var ferdig behandlet ved periodens slutt.",
        C,
        STOCK,
        DOWN,
        [],
        {},
    ),
    (
        "waiting_list_households",
        "municipal_housing",
        "Husstander på venteliste",
        "Households on the waiting list",
        "Husstander med innvilget søknad som venter på kommunal bolig ved periodens slutt.",
        H,
        STOCK,
        DOWN,
        [],
        {},
    ),
    (
        "moved_on_households",
        "municipal_housing",
        "Leietakere som har flyttet videre til eid eller privat leid bolig",
        "Tenants who moved on to an owned or privately rented home",
        "Husstander i kommunal utleiebolig som i perioden flyttet til en bolig de eier eller leier privat, eller har kjøp under behandling.",
        H,
        FLOW,
        UP,
        [],
        {},
    ),
    (
        "moved_on_start_loan",
        "municipal_housing",
        "Herav kjøpt bolig med startlån",
        "Of those, bought a home with a start loan",
        "Av husstandene som flyttet videre: de som kjøpte bolig finansiert med startlån.",
        H,
        FLOW,
        UP,
        [],
        {"at_most_code": "moved_on_households"},
    ),
    (
        "homes_acquired",
        "municipal_housing",
        "Boliger anskaffet",
        "Homes acquired",
        "Boliger kommunen eller det kommunale eiendomsforetaket kjøpte eller bygde til vanskeligstilte i perioden.",
        HO,
        FLOW,
        NONE,
        [],
        {},
    ),
    (
        "homes_acquired_nok",
        "municipal_housing",
        "Kostnad for anskaffede boliger",
        "Cost of homes acquired",
        "Samlet kjøps- eller byggekostnad for boligene anskaffet i perioden, i kroner.",
        NOK,
        FLOW,
        NONE,
        [],
        {},
    ),
    (
        "youth_temp_accommodation",
        "youth",
        "Unge under 25 år i midlertidig botilbud",
        "Young people under 25 in temporary accommodation",
        "Personer under 25 år som bor i midlertidig botilbud ved periodens slutt.",
        P,
        STOCK,
        DOWN,
        [],
        {},
    ),
    (
        "youth_housing_guidance",
        "youth",
        "Unge som har fått boveiledning eller boligskole",
        "Young people given housing guidance or housing school",
        "Personer under 25 år som i perioden fikk individuell boveiledning eller gjennomførte boligskole.",
        P,
        FLOW,
        UP,
        [],
        {},
    ),
    (
        "home_followup_households",
        "follow_up",
        "Husstander med oppfølging i hjemmet",
        "Households with follow-up in their home",
        "Husstander som ved periodens slutt har vedtak eller avtale om oppfølging i egen bolig (bo-oppfølging, miljøarbeid).",
        H,
        STOCK,
        NONE,
        [],
        {},
    ),
    (
        "households_in_contact",
        "follow_up",
        "Husstander i kontakt med programmet",
        "Households in contact with the programme",
        "Husstander som i perioden har vært i kontakt med programmet eller et delprosjekt: samtaler ved søknad eller forlengelse av kontrakt, tildeling av bolig eller oppfølging før bosetting. Hver husstand telles én gang per periode.",
        H,
        FLOW,
        NONE,
        [],
        {},
    ),
    (
        "guidance_conversations",
        "follow_up",
        "Veiledningssamtaler",
        "Guidance conversations",
        "Gjennomførte samtaler om bolig, boligkarriere eller økonomi med søkere og leietakere i perioden.",
        C,
        FLOW,
        NONE,
        [],
        {},
    ),
    (
        "hf_participants",
        "follow_up",
        "Housing First-deltakere",
        "Housing First participants",
        "Personer som deltar i Housing First ved periodens slutt.",
        P,
        STOCK,
        NONE,
        [],
        {},
    ),
    (
        "hf_cohort_12m",
        "follow_up",
        "Housing First-deltakere som har passert 12 måneder",
        "Housing First participants past 12 months",
        "Deltakere som har vært med i Housing First i minst 12 måneder ved periodens slutt (nevner for bostabilitet).",
        P,
        STOCK,
        NONE,
        [],
        {},
    ),
    (
        "hf_housed_12m",
        "follow_up",
        "Herav fortsatt i bolig etter 12 måneder",
        "Of those, still housed after 12 months",
        "Av deltakerne som har passert 12 måneder: de som fortsatt bor i boligen de fikk (teller for bostabilitet).",
        P,
        STOCK,
        UP,
        [],
        {"at_most_code": "hf_cohort_12m"},
    ),
    (
        "hf_retention_rate",
        "follow_up",
        "Housing First-deltakere fortsatt i bolig etter 12 måneder",
        "Housing First participants still housed after 12 months",
        "Andel av deltakerne som har passert 12 måneder som fortsatt er i bolig. Beregnes fra teller og nevner; skrives ikke inn.",
        PCT,
        RATE,
        UP,
        [],
        {
            "numerator_code": "hf_housed_12m",
            "denominator_code": "hf_cohort_12m",
            "max_value": Decimal(100),
        },
    ),
    (
        "staff_competence_courses",
        "competence",
        "Ansatte på kompetansekurs",
        "Staff on competence courses",
        "Kommunalt ansatte og ansatte i samarbeidende etater som deltok på boligsosiale kurs i perioden.",
        P,
        FLOW,
        UP,
        [],
        {"counts_people": False},
    ),
    (
        "action_plan_adopted",
        "competence",
        "Boligsosial handlingsplan vedtatt",
        "Housing-social action plan adopted",
        "Om kommunestyret har vedtatt en boligsosial handlingsplan (1 = ja, 0 = nei) ved periodens slutt.",
        YN,
        STOCK,
        UP,
        [],
        {},
    ),
    (
        "action_plan_date",
        "competence",
        "Dato for vedtak av boligsosial handlingsplan",
        "Date the housing-social action plan was adopted",
        "Datoen kommunestyret vedtok gjeldende boligsosiale handlingsplan.",
        DATE,
        STOCK,
        NONE,
        [],
        {},
    ),
]

QUESTIONS = [
    (
        "status",
        "Hva er status i programarbeidet?",
        "What is the status of the programme work?",
        "Kort om hva som er gjort i perioden.",
    ),
    (
        "succeeded",
        "Hva har dere lyktes best med?",
        "What has succeeded best?",
        "Beskriv gjerne ett konkret eksempel.",
    ),
    ("challenges", "Hvilke utfordringer har dere møtt?", "What challenges have you met?", ""),
    ("next_steps", "Hva er neste steg?", "What are the next steps?", ""),
    (
        "organisation_changes",
        "Har det vært endringer i organiseringen?",
        "Have there been changes in the organisation?",
        "For eksempel ny programleder eller endret styringsgruppe. Skriv «Ingen» hvis ikke.",
    ),
]

TEMPLATE_NAME = "Felles rapporteringsmal"


def seed(apps) -> None:
    Dimension = apps.get_model("reporting", "Dimension")
    DimensionOption = apps.get_model("reporting", "DimensionOption")
    Indicator = apps.get_model("reporting", "Indicator")
    ReportTemplate = apps.get_model("reporting", "ReportTemplate")
    TemplateIndicator = apps.get_model("reporting", "TemplateIndicator")
    NarrativeQuestion = apps.get_model("reporting", "NarrativeQuestion")

    dimensions = {}
    for code, nb, en, options in DIMENSIONS:
        dimension, _ = Dimension.objects.get_or_create(
            code=code, defaults={"name_nb": nb, "name_en": en}
        )
        dimensions[code] = dimension
        for order, (ocode, onb, oen) in enumerate(options):
            DimensionOption.objects.get_or_create(
                code=ocode,
                defaults={"dimension": dimension, "name_nb": onb, "name_en": oen, "order": order},
            )
    template, _ = ReportTemplate.objects.get_or_create(name=TEMPLATE_NAME, version=1)
    for order, (
        code,
        group,
        nb,
        en,
        definition,
        unit,
        aggregation,
        better,
        dims,
        extras,
    ) in enumerate(INDICATORS):
        defaults = {
            "group": group,
            "name_nb": nb,
            "name_en": en,
            "definition": definition,
            "unit": unit,
            "aggregation": aggregation,
            "better": better,
            "order": order * 10,
            "counts_people": extras.get("counts_people", unit in (P, H)),
            "min_value": Decimal(0) if unit != DATE else None,
            "max_value": extras.get("max_value", Decimal(1) if unit == YN else None),
            "at_most_code": extras.get("at_most_code", ""),
            "numerator_code": extras.get("numerator_code", ""),
            "denominator_code": extras.get("denominator_code", ""),
        }
        indicator, _ = Indicator.objects.get_or_create(code=code, version=1, defaults=defaults)
        indicator.dimensions.set([dimensions[d] for d in dims])
        TemplateIndicator.objects.get_or_create(
            template=template, indicator=indicator, defaults={"order": order * 10}
        )
    for order, (code, nb, en, help_nb) in enumerate(QUESTIONS):
        NarrativeQuestion.objects.get_or_create(
            template=template,
            code=code,
            defaults={
                "text_nb": nb,
                "text_en": en,
                "help_nb": help_nb,
                "order": order,
                "required": code != "organisation_changes",
            },
        )


def unseed(apps) -> None:
    apps.get_model("reporting", "ReportTemplate").objects.filter(
        name=TEMPLATE_NAME, version=1
    ).delete()
    apps.get_model("reporting", "Indicator").objects.filter(
        code__in=[row[0] for row in INDICATORS], version=1
    ).delete()
    apps.get_model("reporting", "Dimension").objects.filter(
        code__in=[row[0] for row in DIMENSIONS]
    ).delete()
