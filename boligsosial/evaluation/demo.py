"""The autumn-2011 interim evaluation (report chapter 3) as demonstration data.

REPORT: the evaluation itself (period August–December 2011, three methods), the
questionnaire of appendix 1, the interview guides of appendix 2, the success factors of
chapter 6, the informant numbers (11 municipal: steering-group leaders and programme
leaders; 5 Husbanken: 2 from the leadership and 3 programme contacts) and every sentence
in quotation marks below marked "quote" — those are the report's own quotations, word
for word.

ILLUSTRATIVE: the individual answers to the questionnaire (consistent with what the report
says the municipalities answered), the interview notes around the quotations, interview
dates, who said what, the coding and the second coder's agreement check. The report names
no informants; neither does this data.
"""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from boligsosial.accounts.models import Role, User
from boligsosial.core.demo import DEMO_PASSWORD
from boligsosial.core.models import DataSource
from boligsosial.evaluation import selectors, services
from boligsosial.evaluation.models import (
    Code,
    Document,
    DocumentKind,
    Evaluation,
    GuideAudience,
    InformantOrganisation,
    QuestionnaireStatus,
    QuoteStatus,
)

TITLE = "Underveisevaluering av boligsosialt utviklingsprogram – Husbanken Region sør, høsten 2011"
ILLUSTRATIVE_NOTE = "Illustrativt, i samsvar med rapporten kap. 4 og 6"
D = dt.date

# The report's own quotations (chapters 4 and 6), word for word.
Q_RADMANN = "Det at rådmannen har vært opptatt av dette arbeidet og etterspurt mye, har bidratt til suksessen."
Q_HANDLINGSORIENTERT = (
    "en handlingsorientert rådmann og et politisk nivå som etterspør resultater av den jobben som "
    "blir gjort"
)
Q_KRITISK_VENN = "kritisk venn"
Q_SNAKKES = "det snakkes mer om bolig"
Q_PLATTFORM = "den faglige plattformen er utvidet"
Q_SENTRALE_TEMAER = (
    "bolig og boligsosiale spørsmål i større grad er sentrale temaer som tas opp til diskusjon"
)
Q_KOMPETANSETILSKUDD = (
    "Kompetansetilskuddene har gjort det mulig å sende flere på kompetansehevende kurs. Dette øker "
    "også fellesskapsfølelsen og forståelsen for helheten"
)
Q_BOSTOTTE = (
    "Kommunegruppen innen bostøtte bør vurderes på grunn av sterkt økende boligpriser i byer. Bostøtte er "
    "viktig for å beholde bolig, men treffer dårlig i forhold til å finansiere nye boliger på grunn av for "
    "lave inntektsgrenser og høye boligpriser"
)
Q_PROSESSER = (
    "Denne satsingen bidrar til gode prosesser. Vi har utvalgt fire programområder som er organisert som "
    "prosjekter. Prosjekt som metode gir gode prosesser og fører til også læring i organisasjonen "
    "forløpende. Skaper engasjement og deltakelse på en god måte godt forankret i politisk og administrativ "
    "ledelse"
)
Q_ERFARINGSUTVEKSLING = (
    "Vi får også kompetanse gjennom det å møte de andre kommunene. Erfaringsutveksling er svært "
    "nyttig. Husbanken bidrar også med å hente kompetanse fra andre aktuelle aktører, som er sentralt"
)

REPORT_QUOTATIONS = [
    Q_RADMANN,
    Q_HANDLINGSORIENTERT,
    Q_KRITISK_VENN,
    Q_SNAKKES,
    Q_PLATTFORM,
    Q_SENTRALE_TEMAER,
    Q_KOMPETANSETILSKUDD,
    Q_BOSTOTTE,
    Q_PROSESSER,
    Q_ERFARINGSUTVEKSLING,
]

# Questionnaire answers per municipality: value, or (value, comment). Illustrative, but
# every municipality says yes to more attention (report 4.1/6.4), all confirm planning
# documents (6.4), and most are unsure the financial instruments are enough (4.3).
ANSWERS = {
    "Arendal": {
        "stilling": "Programleder",
        "varighet": "Programmet varer ut 2014, deretter skal tiltakene over i ordinær drift.",
        "hvorfor_delta": "Vi har store utfordringer med bosetting av rusmiddelavhengige og trenger et langsiktig løft.",
        "husbanken_kompetanse": ("ja", "Husbanken stiller med kompetanse når vi ber om det."),
        "oppfolging": "God oppfølging, med deltakelse i styringsgruppen og faglige innspill i enkeltsaker.",
        "oppmerksomhet": ("ja", "Flere virksomheter tar nå boligsosiale hensyn i egne planer."),
        "politisk_interesse": (
            "ja",
            "Bystyret har vedtatt å bygge 20 boliger til rusmiddelavhengige.",
        ),
        "plandokumenter": "ja",
        "organisering": ("ja", "Ny forskrift og nye saksbehandlingsrutiner for tildeling."),
        "tverrfaglig": "ja",
        "ressurser": ("delvis", "Øremerkede stillinger, men behovet er større."),
        "kunnskap": "ja",
        "kompetanse_virkemidler": "ja",
        "kompetanse_tilstrekkelig": "delvis",
        "oppmerksomhet_virkemidler": "ja",
        "endret_bruk": "ja",
        "startlan": "ja",
        "boligprosjekter": ("ja", "20 boliger til rusmiddelavhengige er vedtatt."),
        "virkemidler_tilstrekkelig": (
            "delvis",
            "Rammen på tilskudd til etablering er utilstrekkelig.",
        ),
    },
    "Sandefjord": {
        "stilling": "Prosjektkoordinator",
        "varighet": "Til og med 2014.",
        "hvorfor_delta": "Visjonen 0–0: ingen bostedsløse og ingen utkastelser.",
        "husbanken_kompetanse": ("ja", Q_ERFARINGSUTVEKSLING),
        "oppfolging": "Gjennomgående god oppfølging og rask responstid ved uformell kontakt på telefon og via e-post.",
        "oppmerksomhet": (
            "ja",
            "Satsingen har gitt langt flere treffpunkter med det politiske miljø.",
        ),
        "politisk_interesse": "ja",
        "plandokumenter": "ja",
        "organisering": ("ja", "Prosjekt som arbeidsform er det beste resultatet så langt."),
        "tverrfaglig": ("ja", Q_KOMPETANSETILSKUDD),
        "ressurser": "delvis",
        "kunnskap": "ja",
        "kompetanse_virkemidler": "ja",
        "kompetanse_tilstrekkelig": "delvis",
        "oppmerksomhet_virkemidler": "ja",
        "endret_bruk": ("ja", "Restanseprosjektet har endret oppfølgingen av husleierestanser."),
        "startlan": "ja",
        "boligprosjekter": "delvis",
        "virkemidler_tilstrekkelig": (
            "delvis",
            "Mer boligtilskudd eller annen rentekompensasjon er nødvendig for å hjelpe flere vanskeligstilte til å eie egen bolig.",
        ),
    },
    "Porsgrunn": {
        "stilling": "Programleder",
        "varighet": "Planlagt til 2015.",
        "hvorfor_delta": "For å samle det boligsosiale arbeidet som i dag er spredt på mange virksomheter.",
        "husbanken_kompetanse": "ja",
        "oppfolging": "God, men Husbanken kan stille tydeligere krav og gjøre forventningene klarere.",
        "oppmerksomhet": (
            "ja",
            "Dialog og allmøter med velforeninger og naboer har gitt aksept for småhusprosjektet.",
        ),
        "politisk_interesse": ("delvis", "Varierende politisk engasjement."),
        "plandokumenter": "ja",
        "organisering": ("ja", Q_PROSESSER),
        "tverrfaglig": "ja",
        "ressurser": "nei",
        "kunnskap": (
            "ja",
            "Kompetansekartlegging og tverrfaglige workshops har gitt økt kunnskap.",
        ),
        "kompetanse_virkemidler": "delvis",
        "kompetanse_tilstrekkelig": "delvis",
        "oppmerksomhet_virkemidler": "ja",
        "endret_bruk": "delvis",
        "startlan": "ja",
        "boligprosjekter": ("ja", "Småhusprosjektet."),
        "virkemidler_tilstrekkelig": "delvis",
    },
    "Drammen": {
        "stilling": "Rådgiver i rådmannens stab, programleder",
        "varighet": "Minst til 2014.",
        "hvorfor_delta": "Vi vil forebygge bostedsløshet og hjelpe flere kommunale leietakere videre til egen bolig.",
        "husbanken_kompetanse": "ja",
        "oppfolging": "Faste møter med Husbanken hver 14. dag fungerer godt.",
        "oppmerksomhet": ("ja", f"Vi opplever at «{Q_PLATTFORM}» og at «{Q_SENTRALE_TEMAER}»."),
        "politisk_interesse": (
            "ja",
            "Bystyret bevilget i juni 2011 60 mill.kr. til anskaffelse av boliger.",
        ),
        "plandokumenter": "ja",
        "organisering": "ja",
        "tverrfaglig": (
            "ja",
            "Særlig samarbeidet mellom NAV, kommunen og eiendomsforetaket er styrket.",
        ),
        "ressurser": "delvis",
        "kunnskap": "ja",
        "kompetanse_virkemidler": "ja",
        "kompetanse_tilstrekkelig": "ja",
        "oppmerksomhet_virkemidler": "ja",
        "endret_bruk": "ja",
        "startlan": "ja",
        "boligprosjekter": ("ja", "Kjøp av boliger for bevilgningen fra juni 2011."),
        "virkemidler_tilstrekkelig": ("nei", Q_BOSTOTTE),
    },
    "Larvik": {
        "stilling": "Programleder",
        "varighet": "Ut programperioden, deretter i ordinær drift.",
        "hvorfor_delta": "Det boligsosiale arbeidet har vært fragmentert; vi trenger en felles forståelse og forpliktelse.",
        "husbanken_kompetanse": (
            "delvis",
            "Husbanken bør fange opp og formidle nye ideer og forskningsresultater.",
        ),
        "oppfolging": "Husbanken følger bra opp, men regionene løser oppfølgingen ulikt.",
        "oppmerksomhet": (
            "ja",
            "Arbeidet har ikke pågått lenge, men det er mer oppmerksomhet enn før.",
        ),
        "politisk_interesse": "delvis",
        "plandokumenter": "ja",
        "organisering": "delvis",
        "tverrfaglig": "ja",
        "ressurser": "delvis",
        "kunnskap": "ja",
        "kompetanse_virkemidler": "delvis",
        "kompetanse_tilstrekkelig": "delvis",
        "oppmerksomhet_virkemidler": "ja",
        "endret_bruk": "delvis",
        "startlan": "nei",
        "boligprosjekter": "nei",
        "virkemidler_tilstrekkelig": "delvis",
    },
    "Skien": {
        "stilling": "Fungerende programleder, boligkontoret",
        "varighet": "Vi er i planfasen; programmet skal vare i 3–5 år.",
        "hvorfor_delta": "For å få en helhetlig boligsosial strategi.",
        "husbanken_kompetanse": "ja",
        "oppfolging": "God oppfølging, og Husbanken viser forståelse for kommunens utfordringer.",
        "oppmerksomhet": "ja",
        "politisk_interesse": "ja",
        "plandokumenter": "ja",
        "organisering": ("delvis", "Styringsgruppe er ikke etablert ennå."),
        "tverrfaglig": "delvis",
        "ressurser": "nei",
        "kunnskap": "ja",
        "kompetanse_virkemidler": "delvis",
        "kompetanse_tilstrekkelig": "nei",
        "oppmerksomhet_virkemidler": "ja",
        "endret_bruk": "delvis",
        "startlan": "ja",
        "boligprosjekter": "delvis",
        "virkemidler_tilstrekkelig": (
            "delvis",
            "Usikkert om investeringsbehovet for nye boliger kan dekkes.",
        ),
    },
}

# Interviews: (key, municipality or None, informant role, organisation unit, date, notes by
# guide question number). 11 municipal (leader of the steering group and programme leader;
# Skien has no steering group) and 5 Husbanken (2 leadership, 3 programme contacts).
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
CODINGS = [
    (
        "arendal-sg",
        "forankring",
        "Solid forankring i ledergruppa har hatt stor betydning for å lykkes.",
    ),
    (
        "arendal-sg",
        "forankring-og-eierskap",
        "Solid forankring i ledergruppa har hatt stor betydning for å lykkes.",
    ),
    (
        "arendal-sg",
        "okonomiske-ressurser",
        "Vedtaket om å bygge 20 boliger til rusmiddelavhengige.",
    ),
    (
        "arendal-pl",
        "kompetanse-og-laeringsarenaer",
        "Vi har satset på kompetanseheving og samarbeidsrutiner",
    ),
    ("arendal-pl", "mobilisering", "samarbeid med brukere og pårørende"),
    ("arendal-pl", "planlegging-strategier-mal", "tverrfaglig operativ plan"),
    ("sandefjord-sg", "forankring", "Styringsgruppen setter tydelige mål og etterspør resultater."),
    (
        "sandefjord-sg",
        "planlegging-strategier-mal",
        "Langsiktigheten i programmet gir tid til å jobbe grundig.",
    ),
    (
        "sandefjord-pl",
        "organisering",
        "Prosjekt som arbeidsform, med styringsgruppe og arbeidsgrupper med avklarte mandater.",
    ),
    ("sandefjord-pl", "forankring", Q_RADMANN),
    ("sandefjord-pl", "godt-fundament", Q_RADMANN),
    (
        "sandefjord-pl",
        "kompetanse-og-laeringsarenaer",
        "Programsamlingene og studieturen til Finland om Housing First har gitt nye ideer.",
    ),
    ("sandefjord-pl", "dialog-med-husbanken", "Husbanken kan fortsette å være på tilbudssiden"),
    ("porsgrunn-sg", "mobilisering", "dialog og allmøter med velforeninger og naboer ga aksept"),
    ("porsgrunn-sg", "mobilisering", "Brukermedvirkning har vært svært viktig for å lykkes"),
    (
        "porsgrunn-sg",
        "dialog-med-husbanken",
        "Husbanken kan bidra til å involvere kommuneledelse og politikere sterkere.",
    ),
    (
        "porsgrunn-pl",
        "kompetanse-og-laeringsarenaer",
        "Kompetansetilskuddet gjorde det mulig å sende flere på kurs",
    ),
    (
        "porsgrunn-pl",
        "boligsosial-kompetanse",
        "Kompetansekartleggingen og de tverrfaglige workshopene.",
    ),
    ("drammen-sg", "forankring", "Programmet er forankret hos rådmannen"),
    (
        "drammen-sg",
        "okonomiske-ressurser",
        "Bevilgningen på 60 mill.kr. til anskaffelse av boliger i juni 2011.",
    ),
    (
        "drammen-sg",
        "planlegging-strategier-mal",
        "knytte målene tettere til økonomiplanen og kommuneplanen",
    ),
    ("drammen-pl", "forankring", Q_HANDLINGSORIENTERT),
    ("drammen-pl", "dialog-med-husbanken", "Faste møter med Husbanken hver 14. dag"),
    ("drammen-pl", "dialog-med-husbanken", Q_KRITISK_VENN),
    ("drammen-pl", "god-oppfolging", "Faste møter med Husbanken hver 14. dag"),
    (
        "larvik-sg",
        "forankring",
        "At assisterende rådmann leder styringsgruppen gir tyngde i organisasjonen.",
    ),
    ("larvik-sg", "kompetanse-og-laeringsarenaer", "juridisk kompetanse andre kan lære av"),
    ("larvik-pl", "mobilisering", Q_SNAKKES),
    (
        "larvik-pl",
        "forankring",
        "Vi har bevisst arbeidet inn mot egen organisasjon for å skape forståelse og forpliktelse.",
    ),
    ("skien-pl", "organisering", "Vi mangler ennå styringsgruppe"),
    ("skien-pl", "planlegging-strategier-mal", "sette opp et målhierarki"),
    (
        "hb-leder-1",
        "dialog-med-husbanken",
        "Husbankens deltakelse i styringsgruppene som deltakende observatør.",
    ),
    (
        "hb-leder-1",
        "god-oppfolging",
        "Innføre en felles rapporteringsmal med vekt på effektmåling.",
    ),
    (
        "hb-leder-2",
        "kompetanse-og-laeringsarenaer",
        "Programsamlingene, der flere fra hver kommune deltar sammen.",
    ),
    (
        "hb-leder-2",
        "okonomiske-ressurser",
        "Kompetansetilskuddet: programkommunene bruker 75–80 prosent av rammen.",
    ),
    ("hb-leder-2", "forankring", "Kommunene kan forankre programmet tydeligere hos rådmannen."),
    (
        "hb-kontakt-1",
        "dialog-med-husbanken",
        "Vi er på tilbudssiden og gir innspill i enkeltsaker.",
    ),
    ("hb-kontakt-2", "kompetanse-og-laeringsarenaer", "Studieturen til Finland om Housing First."),
    (
        "hb-kontakt-2",
        "samordning",
        "Nettverket der kommuner med liknende utfordringer møtes og utveksler erfaringer.",
    ),
    (
        "hb-kontakt-3",
        "prosjektledelse-og-organisering",
        "At programlederne er internt rekruttert og kjenner organisasjonen.",
    ),
    (
        "hb-kontakt-3",
        "planlegging-strategier-mal",
        "Kommunene kan sette konkrete delmål og resultatmål.",
    ),
]

# A second evaluator codes two interviews independently, for Cohen's kappa.
AGREEMENT_CODINGS = [
    ("sandefjord-pl", "forankring", Q_RADMANN),
    ("sandefjord-pl", "organisering", "Prosjekt som arbeidsform"),
    (
        "sandefjord-pl",
        "organisering",
        "Programlederen har også en koordinerende funksjon og er pådriver.",
    ),
    ("sandefjord-pl", "kompetanse-og-laeringsarenaer", "Programsamlingene og studieturen"),
    ("drammen-pl", "forankring", Q_HANDLINGSORIENTERT),
    ("drammen-pl", "dialog-med-husbanken", Q_KRITISK_VENN),
    ("drammen-pl", "organisering", "At vi har fått til konkrete prosjekter"),
]

# Quotes proposed for the report: (interview key, code slug, excerpt, attribution, approve).
QUOTES = [
    ("sandefjord-pl", "forankring", Q_RADMANN, "programleder i en programkommune", True),
    ("drammen-pl", "forankring", Q_HANDLINGSORIENTERT, "programleder i en programkommune", True),
    (
        "arendal-sg",
        "forankring",
        "Solid forankring i ledergruppa har hatt stor betydning for å lykkes.",
        "informant fra programledelsen i en programkommune",
        True,
    ),
    (
        "larvik-sg",
        "forankring",
        "At assisterende rådmann leder styringsgruppen gir tyngde i organisasjonen.",
        "leder for styringsgruppen, Larvik kommune",
        False,
    ),
    ("drammen-pl", "dialog-med-husbanken", Q_KRITISK_VENN, "informant fra en programkommune", True),
    ("larvik-pl", "mobilisering", Q_SNAKKES, "programleder i en programkommune", True),
]

DOCUMENTS = [
    (
        DocumentKind.PROGRAMME_DESCRIPTION,
        "Programbeskrivelse – boligsosialt utviklingsprogram, Region sør",
        None,
        D(2009, 6, 1),
        "Husbanken inngår et langsiktig og forpliktende samarbeid med kommunene som har de største boligsosiale "
        "utfordringene.\n\nDe nasjonale hovedmålene er økt forebygging og bekjempelse av bostedsløshet, økt boligsosial "
        "kompetanse i kommunene og økt boligsosial aktivitet i kommunene.\n\nHusbanken deltar i styringsgruppene som "
        "deltakende observatør og gir faglig og finansiell støtte.",
    ),
    (
        DocumentKind.STATUS_REPORT,
        "Statusrapport Drammen 2011",
        "Drammen",
        D(2011, 6, 30),
        "Programmet er forankret hos rådmannen. Styringsgruppen ledes av helse- og sosialdirektøren.\n\nBystyret "
        "bevilget i juni 2011 60 mill.kr. til anskaffelse av boliger.\n\nFaste møter med Husbanken hver 14. dag.",
    ),
    (
        DocumentKind.COOPERATION_AGREEMENT,
        "Samarbeidsavtale Skien",
        "Skien",
        D(2010, 12, 1),
        "Avtalen gjelder deltakelse i det boligsosiale utviklingsprogrammet fra desember 2010.\n\nKommunen etablerer "
        "en programorganisasjon med styringsgruppe og programleder.",
    ),
]
DOCUMENT_CODINGS = [
    (1, "forankring", "Programmet er forankret hos rådmannen."),
    (
        1,
        "okonomiske-ressurser",
        "Bystyret bevilget i juni 2011 60 mill.kr. til anskaffelse av boliger.",
    ),
    (
        2,
        "organisering",
        "Kommunen etablerer en programorganisasjon med styringsgruppe og programleder.",
    ),
]


def reset() -> None:
    from boligsosial.evaluation.models import Interview

    for evaluation in Evaluation.objects.filter(title=TITLE):
        # Interviews and documents protect their text sources and guides; remove them first.
        Interview.objects.filter(evaluation=evaluation).delete()
        for document in Document.objects.filter(evaluation=evaluation):
            document.file.delete(save=False)
            document.delete()
        evaluation.delete()


def _second_evaluator() -> User:
    user, _created = User.objects.update_or_create(
        username="evaluator-2",
        defaults={
            "first_name": "Even",
            "last_name": "Evaluator",
            "role": Role.EVALUATOR,
            "is_demo": True,
            "position": "Arbeidsgruppen for underveisevalueringen (andre koder)",
            "email": "evaluator-2@demo.boligsosial.example",
        },
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    return user


def _code_excerpt(evaluator, source, code, excerpt, *, check=False):
    start, end = selectors.find_offsets(source.plain_text, excerpt)
    return services.passage_create(
        user=evaluator,
        source=source,
        code=code,
        start=start,
        end=end,
        for_agreement_check=check,
        data_source=DataSource.ILLUSTRATIVE,
        source_note=ILLUSTRATIVE_NOTE,
    )


def load(ctx: dict) -> None:
    evaluator = ctx["users"]["evaluator"]
    second = _second_evaluator()
    ctx["users"]["evaluator-2"] = second
    participations = ctx["participations"]
    evaluation = services.evaluation_create(
        user=evaluator,
        programme=ctx["programme"],
        title=TITLE,
        period_start=D(2011, 8, 1),
        period_end=D(2011, 12, 31),
        as_of=D(2011, 12, 1),
        methods=["document_analysis", "questionnaire", "interviews"],
        team=[evaluator, second],
        description="Både en prosessevaluering og en viss effektevaluering av arbeidet så langt, 1–1,5 år etter "
        "oppstart i seks kommuner.",
        data_source=DataSource.REPORT,
        source_note="Rapporten kap. 3 (arbeidet gjennomført august–desember 2011)",
    )
    questionnaire = evaluation.questionnaires.get()
    services.questionnaire_update(
        user=evaluator,
        questionnaire=questionnaire,
        version=questionnaire.version,
        status=QuestionnaireStatus.OPEN,
        sent_on=D(2011, 9, 1),
        closes_on=D(2011, 9, 30),
    )
    for name, answers in ANSWERS.items():
        respondent = services.respondent_create(
            user=evaluator,
            questionnaire=questionnaire,
            participation=participations[name],
            role="programleder",
            data_source=DataSource.ILLUSTRATIVE,
            source_note=ILLUSTRATIVE_NOTE,
        )
        data = {
            q: ({"value": v[0], "comment": v[1]} if isinstance(v, tuple) else {"value": v})
            for q, v in answers.items()
        }
        services.answers_save(respondent=respondent, data=data, submit=True, today=D(2011, 9, 20))
    questionnaire.refresh_from_db()
    services.questionnaire_update(
        user=evaluator,
        questionnaire=questionnaire,
        version=questionnaire.version,
        status=QuestionnaireStatus.CLOSED,
        sent_on=D(2011, 9, 1),
        closes_on=D(2011, 9, 30),
    )

    guides = {g.audience: g for g in evaluation.guides.all()}
    sources = {}
    for key, municipality, role, unit, held_on, notes in INTERVIEWS:
        interview = services.interview_create(
            user=evaluator,
            evaluation=evaluation,
            guide=guides[GuideAudience.MUNICIPALITY if municipality else GuideAudience.HUSBANKEN],
            held_on=held_on,
            informant_role=role,
            organisation=InformantOrganisation.MUNICIPALITY
            if municipality
            else InformantOrganisation.HUSBANKEN,
            participation=participations[municipality] if municipality else None,
            organisation_unit=unit,
            consent=True,
            consent_note="Muntlig samtykke ved intervjustart (illustrativt).",
            answers=notes,
            data_source=DataSource.ILLUSTRATIVE,
            source_note="Illustrative notater; sitatene i anførselstegn er rapportens egne (kap. 4 og 6).",
        )
        sources[key] = interview.source
    codes = {c.slug: c for c in Code.objects.filter(evaluation=evaluation)}
    passages = {}
    for key, slug, excerpt in CODINGS:
        passages[(key, slug, excerpt)] = _code_excerpt(
            evaluator, sources[key], codes[slug], excerpt
        )
    for key, slug, excerpt in AGREEMENT_CODINGS:
        _code_excerpt(second, sources[key], codes[slug], excerpt, check=True)
    for key, slug, excerpt, attribution, approve in QUOTES:
        quote = services.quote_propose(
            user=evaluator,
            passage=passages[(key, slug, excerpt)],
            attribution=attribution,
            data_source=DataSource.ILLUSTRATIVE,
            source_note=ILLUSTRATIVE_NOTE,
        )
        if approve:
            services.quote_decide(
                user=evaluator, quote=quote, version=quote.version, status=QuoteStatus.APPROVED
            )
    services.memo_create(
        user=evaluator,
        evaluation=evaluation,
        code=codes["forankring"],
        text="Rådmannens formelle eierskap og løpende interesse går igjen i nesten alle kommunene.",
    )
    services.memo_create(
        user=second,
        evaluation=evaluation,
        passage=passages[("drammen-pl", "dialog-med-husbanken", Q_KRITISK_VENN)],
        text="Samme ønske kom fram i flere intervjuer; se kap. 6.6.",
    )

    documents = []
    for kind, title, municipality, dated, text in DOCUMENTS:
        documents.append(
            services.document_upload(
                user=evaluator,
                evaluation=evaluation,
                kind=kind,
                title=title,
                participation=participations[municipality] if municipality else None,
                dated=dated,
                uploaded_file=SimpleUploadedFile(
                    f"{kind}.txt", text.encode("utf-8"), content_type="text/plain"
                ),
                data_source=DataSource.ILLUSTRATIVE,
                source_note="Illustrativt sammendrag, i samsvar med rapporten kap. 2, 4 og 5",
            )
        )
    for index, slug, excerpt in DOCUMENT_CODINGS:
        _code_excerpt(evaluator, documents[index].source, codes[slug], excerpt)
    ctx["evaluation"] = evaluation
