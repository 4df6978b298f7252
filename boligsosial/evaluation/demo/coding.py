"""Illustrative coding, the second coder's agreement check, quotes and documents."""

from boligsosial.evaluation.demo.quotations import (
    Q_HANDLINGSORIENTERT,
    Q_KRITISK_VENN,
    Q_RADMANN,
    Q_SNAKKES,
    D,
)
from boligsosial.evaluation.models import (
    DocumentKind,
)

# A code of the report's chapter 7 (§4.6, §7.4), made in the demo's codebook.
PREMISE_CODE = "tydeligere-premissleverandor"
PREMISE_CODE_NAME = "Husbanken som tydeligere premissleverandør"

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
    ("porsgrunn-pl", PREMISE_CODE, "Husbanken kan stille tydeligere krav"),
    ("larvik-pl", PREMISE_CODE, "Husbanken kan være en tydeligere premissleverandør"),
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
