"""Illustrative interview notes around the report's quotations (informants by role only)."""

from boligsosial.evaluation.demo.quotations import (
    Q_HANDLINGSORIENTERT,
    Q_KRITISK_VENN,
    Q_RADMANN,
    Q_SNAKKES,
    D,
)

# Report §4.6 and §7.4: several informants want Husbanken to be a clearer premise-setter
# (premissleverandør) and to state its expectations more clearly.
PREMISE_PORSGRUNN = (
    "Husbanken kan stille tydeligere krav og gjøre forventningene klarere, selv om vi formulerer "
    "egne mål."
)
PREMISE_LARVIK = (
    "Husbanken kan være en tydeligere premissleverandør for arbeidet vårt i programmet."
)
STEERING = "leder for styringsgruppen"
LEADER = "programleder"
INTERVIEWS = [
    (
        "arendal-sg",
        "Arendal",
        STEERING,
        "",
        D(2011, 10, 18),
        {
            1: "Vedtaket om å bygge 20 boliger til rusmiddelavhengige.",
            2: "Solid forankring i ledergruppa har hatt stor betydning for å lykkes. God kommunikasjon og faste møter "
            "en gang i uka med programleder har medvirket til dette.",
            9: "Husbanken kan hjelpe oss å involvere politikerne tidlig.",
        },
    ),
    (
        "arendal-pl",
        "Arendal",
        LEADER,
        "",
        D(2011, 10, 18),
        {
            1: "Ny forskrift og saksbehandlingsinstruks har redusert antall ubehandlede søknader.",
            2: "Vi har satset på kompetanseheving og samarbeidsrutiner, det gjelder å ha orden i eget hus.",
            5: "At samarbeid med brukere og pårørende, blant annet foreldre til barn med nedsatt funksjonsevne, gir legitimitet.",
            6: "At vi har en tverrfaglig operativ plan som knytter boligsosial handlingsplan, rusmiddelpolitisk "
            "handlingsplan og helse- og omsorgsplan sammen.",
        },
    ),
    (
        "sandefjord-sg",
        "Sandefjord",
        STEERING,
        "",
        D(2011, 10, 20),
        {
            1: "Restanseprosjektet, som har redusert husleierestansene kraftig.",
            2: "Styringsgruppen setter tydelige mål og etterspør resultater.",
            7: "Langsiktigheten i programmet gir tid til å jobbe grundig.",
        },
    ),
    (
        "sandefjord-pl",
        "Sandefjord",
        LEADER,
        "",
        D(2011, 10, 20),
        {
            1: "Prosjekt som arbeidsform, med styringsgruppe og arbeidsgrupper med avklarte mandater.",
            2: Q_RADMANN + " Programlederen har også en koordinerende funksjon og er pådriver.",
            4: "Programsamlingene og studieturen til Finland om Housing First har gitt nye ideer.",
            9: "Husbanken kan fortsette å være på tilbudssiden og stille med kompetanse når vi ber om det.",
        },
    ),
    (
        "porsgrunn-sg",
        "Porsgrunn",
        STEERING,
        "",
        D(2011, 10, 25),
        {
            1: "Småhusprosjektet, der dialog og allmøter med velforeninger og naboer ga aksept.",
            2: "Brukermedvirkning har vært svært viktig for å lykkes, og initiativ overfor media løftet engasjementet.",
            9: "Husbanken kan bidra til å involvere kommuneledelse og politikere sterkere.",
        },
    ),
    (
        "porsgrunn-pl",
        "Porsgrunn",
        LEADER,
        "",
        D(2011, 10, 25),
        {
            1: "Kompetansekartleggingen og de tverrfaglige workshopene.",
            2: "Kompetansetilskuddet gjorde det mulig å sende flere på kurs; det skaper felles forståelse.",
            6: "At flere kommunale leietakere har kommet videre i boligkarrieren.",
            9: PREMISE_PORSGRUNN,
        },
    ),
    (
        "drammen-sg",
        "Drammen",
        STEERING,
        "",
        D(2011, 10, 27),
        {
            1: "Bevilgningen på 60 mill.kr. til anskaffelse av boliger i juni 2011.",
            2: "Programmet er forankret hos rådmannen, og styringsgruppen ledes fra rådmannens ledergruppe.",
            8: "Vi kan knytte målene tettere til økonomiplanen og kommuneplanen.",
        },
    ),
    (
        "drammen-pl",
        "Drammen",
        LEADER,
        "",
        D(2011, 10, 27),
        {
            1: "At vi har fått til konkrete prosjekter, blant annet leie til eie.",
            2: "Jeg tror det skyldes " + Q_HANDLINGSORIENTERT + ".",
            4: "Faste møter med Husbanken hver 14. dag har gitt god dialog og rask avklaring.",
            9: "Vi ønsker at Husbanken er en «"
            + Q_KRITISK_VENN
            + "», en diskusjonspartner som kommer med faglige "
            "innspill og kritiske spørsmål.",
        },
    ),
    (
        "larvik-sg",
        "Larvik",
        STEERING,
        "",
        D(2011, 11, 1),
        {
            1: "Sammenslåingen av boligstiftelsene, som ga oss juridisk kompetanse andre kan lære av.",
            2: "At assisterende rådmann leder styringsgruppen gir tyngde i organisasjonen.",
            9: "Et par statusmøter til i året med Husbanken ville hjulpet.",
        },
    ),
    (
        "larvik-pl",
        "Larvik",
        LEADER,
        "",
        D(2011, 11, 1),
        {
            1: "At " + Q_SNAKKES + " i organisasjonen nå enn før programsatsingen startet.",
            2: "Vi har bevisst arbeidet inn mot egen organisasjon for å skape forståelse og forpliktelse.",
            5: "Det tar tid å skape forståelse og debatt i egen organisasjon.",
            9: PREMISE_LARVIK,
        },
    ),
    (
        "skien-pl",
        "Skien",
        "fungerende programleder",
        "",
        D(2011, 11, 3),
        {
            1: "Prosjektet Egen bolig, som nå er en del av programmet.",
            2: "Vi mangler ennå styringsgruppe, så forankringen hviler på boligkontoret.",
            8: "Etablere styringsgruppe og få politisk behandling av programplanen.",
            9: "Husbanken kan hjelpe oss med å sette opp et målhierarki.",
        },
    ),
    (
        "hb-leder-1",
        None,
        "leder i regionens ledelse",
        "Husbanken Region sør, ledelsen",
        D(2011, 11, 8),
        {
            1: "At kommunene med de største utfordringene har forpliktet seg til et langsiktig samarbeid.",
            2: "Husbankens deltakelse i styringsgruppene som deltakende observatør.",
            8: "Innføre en felles rapporteringsmal med vekt på effektmåling.",
        },
    ),
    (
        "hb-leder-2",
        None,
        "leder i regionens ledelse",
        "Husbanken Region sør, ledelsen",
        D(2011, 11, 8),
        {
            1: "Kompetansetilskuddet: programkommunene bruker 75–80 prosent av rammen.",
            2: "Programsamlingene, der flere fra hver kommune deltar sammen.",
            9: "Kommunene kan forankre programmet tydeligere hos rådmannen.",
        },
    ),
    (
        "hb-kontakt-1",
        None,
        "programkontakt",
        "Husbanken Region sør",
        D(2011, 11, 10),
        {
            1: "Den tette kontakten med programlederne.",
            2: "Vi er på tilbudssiden og gir innspill i enkeltsaker.",
            8: "Avtale faste møtepunkter med hver kommune.",
        },
    ),
    (
        "hb-kontakt-2",
        None,
        "programkontakt",
        "Husbanken Region sør",
        D(2011, 11, 10),
        {
            1: "Studieturen til Finland om Housing First.",
            2: "Nettverket der kommuner med liknende utfordringer møtes og utveksler erfaringer.",
            6: "At Housing First er prøvd ut i flere av kommunene.",
        },
    ),
    (
        "hb-kontakt-3",
        None,
        "programkontakt",
        "Husbanken Region sør",
        D(2011, 11, 15),
        {
            1: "Prosjektlederkurset i starten av programmet.",
            2: "At programlederne er internt rekruttert og kjenner organisasjonen.",
            9: "Kommunene kan sette konkrete delmål og resultatmål.",
        },
    ),
]

# (interview key, code slug, excerpt) — the main coding.
