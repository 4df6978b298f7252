"""The report's own instruments, word for word: the questionnaire (appendix 1), the two
interview guides (appendix 2) and the success factors (chapter 6, DOMAIN.md §7).

Texts are copied from the report as printed, including its spelling ("fatt" for "fått",
"oppmerksom rundt", a question without a question mark). Line breaks from the page layout
are joined with single spaces. Two deliberate deviations, both recorded in source notes:

- "Navn og kommune:" is not asked. The municipality comes from the personal link and no
  name is recorded (no personal data); "Stilling i kommunen/ satsningsarbeidet:" is asked.
- The yes/no questions get the answers "Ja", "Nei" and "Delvis" with a comment field; the
  printed form left the answer format open and the report quotes the comments.
"""

import datetime as dt
from typing import Any

from boligsosial.evaluation.models import CodeFramework, GuideAudience, GuidePart, QuestionKind

REPORT_NOTE = "Rapporten, vedlegg 1 (spørreundersøkelse programkommuner, september 2011)"
EN = "English (en)"

YES_NO_PARTLY_LIST = "ja_nei_delvis"
YES_NO_PARTLY_CHOICES = [
    {"value": "ja", "label": "Ja", "translations": {EN: {"label": "Yes"}}},
    {"value": "nei", "label": "Nei", "translations": {EN: {"label": "No"}}},
    {"value": "delvis", "label": "Delvis", "translations": {EN: {"label": "Partly"}}},
]
SCALE_LIST = "skala_1_5"
SCALE_CHOICES = [{"value": str(n), "label": str(n), "translations": {}} for n in range(1, 6)]


def _q(
    name,
    kind,
    label,
    english,
    *,
    required=False,
    hint="",
    relevant="",
    constraint="",
    constraint_message="",
):
    question = {
        "type": "question",
        "name": name,
        "kind": kind,
        "label": label,
        "hint": hint,
        "translations": {EN: {"label": english}},
        "required": required,
        "relevant": relevant,
        "constraint": constraint,
        "constraint_message": constraint_message,
        "choice_list": "",
        "choices": [],
    }
    if kind == QuestionKind.YES_NO_PARTLY:
        question["choice_list"] = YES_NO_PARTLY_LIST
        question["choices"] = [dict(c) for c in YES_NO_PARTLY_CHOICES]
    return question


def _ynp(name, label, english):
    return _q(name, QuestionKind.YES_NO_PARTLY, label, english, required=True)


def _group(name, label, english, items):
    return {
        "type": "group",
        "name": name,
        "label": label,
        "hint": "",
        "relevant": "",
        "translations": {EN: {"label": english}},
        "items": items,
    }


YNP = QuestionKind.YES_NO_PARTLY
TEXT = QuestionKind.TEXT


def _appendix_1_part_1() -> list[dict]:
    return [
        _q(
            "stilling",
            TEXT,
            "Stilling i kommunen/ satsningsarbeidet:",
            "Position in the municipality / the programme work:",
            required=True,
            hint="Skriv rollen, ikke navn. Kommunen er kjent fra lenken.",
        ),
        _q(
            "varighet",
            TEXT,
            "1. Hvor lenge vil satsningen vare i din kommune?",
            "1. How long will the programme last in your municipality?",
        ),
        _group(
            "generelt",
            "2. Generelt:",
            "2. General:",
            [
                _q(
                    "hvorfor_delta",
                    TEXT,
                    "Hvorfor ønsker kommunen å delta i en slik forpliktende satsning?",
                    "Why does the municipality want to take part in such a binding programme?",
                ),
                _ynp(
                    "husbanken_kompetanse",
                    "Har Husbanken den kompetansen som kommunene trenger i satsningsarbeidet?",
                    "Does Husbanken have the competence the municipalities need in the programme work?",
                ),
                _q(
                    "oppfolging",
                    TEXT,
                    "Hvordan oppleves Husbankens oppfølging av programarbeidet?",
                    "How is Husbanken's follow-up of the programme work experienced?",
                ),
            ],
        ),
    ]


def _appendix_1_part_2() -> list[dict]:
    return [
        _group(
            "organisatoriske",
            "3. Organisatoriske:",
            "3. Organisational:",
            [
                _ynp(
                    "oppmerksomhet",
                    "Har satsningen ført til økt oppmerksomhet for boligsosiale spørsmål?",
                    "Has the programme led to more attention to housing-social questions?",
                ),
                _ynp(
                    "politisk_interesse",
                    "Har satsningen ført til økt interesse fra politisk hold i kommunen?",
                    "Has the programme led to more interest from politicians in the municipality?",
                ),
                _ynp(
                    "plandokumenter",
                    "Er boligsosialt arbeid en større del av de strategiske plandokumentene og budsjettprosesser i "
                    "kommunen enn før satsningen?",
                    "Is housing-social work a larger part of the municipality's strategic plans and budget processes "
                    "than before the programme?",
                ),
                _ynp(
                    "organisering",
                    "Er det igangsatt eller gjennomført endringer i organiseringen av det boligsosiale arbeidet i "
                    "kommunen som følge av satsningen?",
                    "Have changes in how housing-social work is organised been started or made because of the "
                    "programme?",
                ),
                _ynp(
                    "tverrfaglig",
                    "Har det tverrfaglige samarbeidet i kommunene endret seg som følge av satsningsarbeidet",
                    "Has cross-disciplinary cooperation in the municipality changed because of the programme work",
                ),
                _ynp(
                    "ressurser",
                    "Har kommunen tilstrekkelig med ressurser til å nå målsetningene?",
                    "Does the municipality have enough resources to reach the goals?",
                ),
            ],
        ),
        _group(
            "kunnskapsrettede",
            "4. Kunnskapsrettede:",
            "4. Knowledge:",
            [
                _ynp(
                    "kunnskap",
                    "Har kommunen fått økt kunnskap om boligsosiale utfordringer og behov?",
                    "Has the municipality gained more knowledge of housing-social challenges and needs?",
                ),
                _ynp(
                    "kompetanse_virkemidler",
                    "Har satsningen gitt økt kompetanse i kommunen om boligsosiale virkemidler?",
                    "Has the programme given the municipality more competence in housing-social instruments?",
                ),
                _ynp(
                    "kompetanse_tilstrekkelig",
                    "Har kommunen tilstrekkelig med kompetanse til å nå målsetningene?",
                    "Does the municipality have enough competence to reach the goals?",
                ),
            ],
        ),
    ]


def _appendix_1_part_3() -> list[dict]:
    return [
        _group(
            "okonomiske",
            "5. Økonomiske",
            "5. Economic",
            [
                _ynp(
                    "oppmerksomhet_virkemidler",
                    "Har satsningen ført til økt oppmerksom rundt de boligsosiale virkemidlene?",
                    "Has the programme led to more attention to the housing-social instruments?",
                ),
                _ynp(
                    "endret_bruk",
                    "Har det skjedd endringer i måten kommunen benytter disse virkemidlene?",
                    "Has the way the municipality uses these instruments changed?",
                ),
                _ynp(
                    "startlan",
                    "Vurderer kommunen å øke innlånet av midler til startlån?",
                    "Is the municipality considering borrowing more for start loans?",
                ),
                _ynp(
                    "boligprosjekter",
                    "Er det igangsatt nye boligprosjekter i kommunen som en følge av satsningen?",
                    "Have new housing projects been started in the municipality as a result of the programme?",
                ),
                _ynp(
                    "virkemidler_tilstrekkelig",
                    "Er de økonomiske virkemidlene tilstrekkelig for å nå målsetningene?",
                    "Are the financial instruments sufficient to reach the goals?",
                ),
            ],
        ),
    ]


def appendix_1_spec() -> dict:
    """The questionnaire of appendix 1 as a form specification (see xlsform.py)."""
    return {
        "title": "Spørreundersøkelse programkommuner",
        "form_id": "sporreundersokelse_programkommuner_2011",
        "version": "2011-09",
        "default_language": "Norsk bokmål (nb)",
        "items": [*_appendix_1_part_1(), *_appendix_1_part_2(), *_appendix_1_part_3()],
    }


GUIDE_NOTE = "Rapporten, vedlegg 2 (intervjuguider, datert 12.10.11)"
GUIDE_DATE = dt.date(2011, 10, 12)

_BEST = GuidePart.BEST_EXPERIENCES
_FORWARD = GuidePart.WAY_FORWARD

GUIDES: list[dict[str, Any]] = [
    {
        "audience": GuideAudience.MUNICIPALITY,
        "title": "A) Programkommuner",
        "introduction": (
            "Din kommune er deltaker i det boligsosiale programmet, og i dette intervjuet ønsker vi å vite og lære "
            "mer om hva det er du/dere har lykkes aller best med innenfor det boligsosiale programmet så langt. Vi "
            "vil også høre hvordan du ser for deg hva som er de beste utviklingstiltakene framover, resten av "
            "programperioden. Innledningsvis vil vi høre hva du mener er hensikten (målet) med programmet."
        ),
        "way_forward_introduction": (
            "Se for deg at vi er i 2015 og det boligsosiale utviklingsprogrammet har blitt en stor suksess. Du kan "
            "fortelle at dere nå har fatt en rekke resultater innenfor det boligsosiale arbeidet i din kommune."
        ),
        "questions": [
            (
                1,
                _BEST,
                "Hvis du skal gi et eksempel eller fortelle en historie om det du /dere har fatt til aller best, "
                "hva vil du fortelle om?",
            ),
            (
                2,
                _BEST,
                "Hva var det som gjorde at dette ble så vellykket (for eksempel planlegging, forankring, måter å "
                "organisere på, metoder, virkemidler m.m.)?",
            ),
            (3, _BEST, "Hva var det du bidro med til denne suksessen? Hvem andre bidro?"),
            (4, _BEST, "Hva slags støtte har dere fått som har gjort denne suksessen mulig?"),
            (5, _BEST, "Hva er det andre kan lære fra denne erfaringen?"),
            (
                6,
                _FORWARD,
                "Hva er det du da håper å kunne fortelle om? (Hvilke resultater oppnådde dere? For hvilke "
                "målgrupper?)",
            ),
            (7, _FORWARD, "Hva er det som har bidratt til denne suksessen?"),
            (8, _FORWARD, "Hva kan du gjøre allerede nå for å få til noe av dette?"),
            (9, _FORWARD, "Hva kan Husbanken og evt. andre støttespillere gjøre?"),
            (10, _FORWARD, "Eventuelle oppfølgingsspørsmål."),
        ],
    },
    {
        "audience": GuideAudience.HUSBANKEN,
        "title": "B) Husbanken",
        "introduction": (
            "Husbanken Region sør har siden 2010 hatt det boligsosiale programmet som et viktig satsingsområde i "
            "utvalgte kommuner.  I dette intervjuet ønsker vi å vite og lære mer om hva det er du/dere har lykkes "
            "aller best med innenfor det boligsosiale programmet så langt. Vi vil også høre hvordan du ser for deg "
            "hva som er de beste utviklingstiltakene framover - i resten av programperioden. Innledningsvis vil vi "
            "høre hva du mener er hensikten (målet) med det boligsosiale programmet."
        ),
        "way_forward_introduction": (
            "Se for deg at vi er i 2015 og det boligsosiale utviklingsprogrammet har blitt en stor suksess. Du kan "
            "fortelle at Husbanken Region sør har fått en rekke resultater innenfor det boligsosiale arbeidet."
        ),
        "questions": [
            (
                1,
                _BEST,
                "Hvis du skal gi et eksempel eller fortelle en historie om det du /dere har fatt til aller best, "
                "hva vil du fortelle om?",
            ),
            (
                2,
                _BEST,
                "Hva var det som gjorde at dette ble så vellykket (f.eks. samhandling med kommunene og andre "
                "aktører, læringsarenaer, metoder, forankring, måter å organisere på,  virkemidler m.m.)?",
            ),
            (3, _BEST, "Hva var det du bidro med til denne suksessen? Hvem andre bidro?"),
            (4, _BEST, "Hva slags støtte har dere fatt som har gjort denne suksessen mulig?"),
            (5, _BEST, "Hva er det andre kan lære fra denne erfaringen?"),
            (
                6,
                _FORWARD,
                "Hva er det du da håper å kunne fortelle om? (Hvilke resultater oppnådde dere? For hvilke "
                "målgrupper?)",
            ),
            (7, _FORWARD, "Hva er det som har bidratt til denne suksessen?"),
            (
                8,
                _FORWARD,
                "Hva kan du og andre i Husbanken gjøre allerede nå for å få til noe av dette?",
            ),
            (9, _FORWARD, "Hva kan kommunene og evt. andre aktører gjøre?"),
            (10, _FORWARD, "Eventuelle oppfølgingsspørsmål."),
        ],
    },
]

# (slug, name, description, colour, children) — DOMAIN.md §7 and report chapter 6.
CODEBOOK = [
    (
        "nou-2011-15",
        "NOU 2011:15 Rom for alle",
        CodeFramework.NOU,
        "Fem suksessfaktorer for et vellykket boligsosialt arbeid i kommunene (rapporten kap. 6).",
        "#1F4E79",
        [
            ("samordning", "Samordning", "#2E75B6"),
            ("forankring-og-eierskap", "Forankring og eierskap", "#2E75B6"),
            ("overordnet-strategi", "Overordnet strategi for arbeidet", "#2E75B6"),
            ("boligsosial-kompetanse", "Boligsosial kompetanse", "#2E75B6"),
            ("okonomiske-ressurser", "Økonomiske ressurser", "#2E75B6"),
        ],
    ),
    (
        "prosjektteori",
        "Prosjektteori",
        CodeFramework.PROJECT_THEORY,
        "Suksessfaktorer for prosjekt som metode (rapporten kap. 6).",
        "#385723",
        [
            ("godt-fundament", "Et godt fundament og solid forankring", "#548235"),
            ("prosjektledelse-og-organisering", "God prosjektledelse og organisering", "#548235"),
            ("god-planlegging", "God planlegging", "#548235"),
            ("motiverte-aktorer", "Motiverte aktører", "#548235"),
            ("god-oppfolging", "God oppfølging av det utførende arbeidet", "#548235"),
        ],
    ),
    (
        "kapittel-6",
        "Vellykkede tilnærminger og suksessfaktorer (kap. 6)",
        CodeFramework.REPORT,
        "Rapportens egne tema i kapittel 6.",
        "#7F6000",
        [
            ("forankring", "Forankring", "#BF8F00"),
            ("mobilisering", "Mobilisering", "#BF8F00"),
            ("organisering", "Organisering", "#BF8F00"),
            (
                "planlegging-strategier-mal",
                "Planlegging, strategier og mål for arbeidet",
                "#BF8F00",
            ),
            ("kompetanse-og-laeringsarenaer", "Kompetanse og læringsarenaer", "#BF8F00"),
            (
                "dialog-med-husbanken",
                "Dialog og samarbeid mellom kommunene og Husbanken",
                "#BF8F00",
            ),
        ],
    ),
]
