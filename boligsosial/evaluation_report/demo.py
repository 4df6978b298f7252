"""The autumn-2011 interim evaluation report, regenerated from the demonstration data.

The narrative sections carry the source report's text (foreword, summary, background, method,
the qualitative parts of chapters 4, 6 and 7), shortened in places and with obvious typos
corrected; sentences that state a figure are left out because the findings compute them. Every figure — how many are anchored
at rådmann level, which municipalities have youth measures, instrument growth and shares,
informants — is left to the findings, which compute it from the data. The evaluator accepts
the recommendations the rules propose, as the working group did in chapter 7, and version 1
is published.
"""

from __future__ import annotations

import datetime as dt

from boligsosial.core.models import DataSource

DEMO_NOTE = "evaluation_report demo"
TITLE = "Underveisevaluering av boligsosialt utviklingsprogram i Husbanken Region sør"
SUBTITLE = "Status 1–1,5 år etter oppstart i Drammen, Sandefjord, Larvik, Skien, Porsgrunn og Arendal (høsten 2011)"

NARRATIVES = {
    "foreword": """**Hvorfor forebygge og bekjempe bostedsløshet?**

I kapittel 7 i denne rapporten er det pekt på noen anbefalinger for det videre arbeidet i programmet. En av disse er at alle kommunene som er med i satsingen bør etablere egne tiltak for å forebygge og bekjempe bostedsløshet.

Det er mange gode grunner for å gjøre det. Det er et viktig ledd i å bekjempe fattigdom og sosial ekskludering. Forskning viser at muligheten for å bli fattig som voksen er 5 ganger så stor for de som var fattige som barn. Vi må ta tak i de strukturelle årsakene til barnefattigdom. En av de strukturelle årsakene til barnefattigdom er boligpolitikken – levekårsforskjellene vil øke dersom boligtilbudet til de vanskeligstilte i kommunene er for dårlig. Har vi ikke høyt fokus på dette i vårt boligsosiale arbeid, vil det kunne skapes flere generasjoner med voksenfattigdom. I Boligmeldingen fra 2004, St.meld. nr. 23 (2002–2003), heter det: «Et godt sted å bo er en viktig forutsetning for integrering og deltakelse i samfunnet, og utgjør sammen med arbeid og helse grunnleggende elementer i velferdsstaten. En god bolig er grunnlaget for en anstendig menneskelig tilværelse.»

Dette er vårt ansvar sammen. Det er derfor med forventning og glede jeg leser denne underveisevalueringen og derigjennom kan slå fast at det tenkes og jobbes mye og godt i de største kommunene i vår region, og at aktiviteten øker og boligene kommer på plass. For det er det dette til syvende og sist handler om – at boligene skal på plass.

Jeg ønsker oss alle lykke til med det videre arbeidet!

Margot Telnes, regiondirektør, Husbanken Region sør""",
    "1": """Boligsosialt utviklingsprogram innebærer et partnerskap med utvalgte kommuner om å arbeide langsiktig og helhetlig for å løse kommunenes boligsosiale utfordringer. Denne rapporten er utarbeidet av Husbanken, og omfatter programarbeidet i kommunene Drammen, Sandefjord, Larvik, Skien, Porsgrunn og Arendal 1–1,5 år etter oppstart. Programmet har en varighet på 4–5 år for den enkelte kommune.

Målene med det boligsosiale utviklingsprogrammet er:

1. Økt forebygging og bekjempelse av bostedsløshet
2. Økt boligsosial kompetanse i kommunene
3. Økt boligsosial aktivitet i kommunene

Hensikten med rapporten er å beskrive status i programarbeidet, kartlegge utviklingspotensialet for aktørene og gi anbefalinger i det videre arbeidet.

De fleste kommunene har etablert en god forankring og skapt en felles forståelse for boligsosiale utfordringer på tvers av fag og virksomheter. Like viktig som formell forankring i kommunens toppledelse, er at ledelsen etterspør resultater og viser interesse for satsingen. Kommunene rapporterer at den boligsosiale kompetansen har økt, og at Husbanken har vært en god faglig bidragsyter og støttespiller. Flere informanter uttrykker at Husbanken kan bli en tydeligere premissleverandør for kommunenes arbeid i programmet.

Resultatene har et vidt spekter, fra å få på plass samhandlingsrutiner til boligprosjekter – som eksempelvis «leie til eie»-prosjekter. Flere av kommunene er fortsatt til dels på planleggingsstadiet, og har mange tanker og forslag om hva som bør iverksettes av tiltak. Erfaringen viser at forankring og oppstartfase tar tid, og at kommunene i denne fasen er sårbare for skifte av nøkkelpersonell. Rekruttering og utvelgelse av programleder og organisering/etablering av styringsgruppe er kritiske suksessfaktorer.

Husbankens rolle som katalysator, pådriver og kunnskapsformidler er sentral. Det er viktig med tett og regelmessig oppfølging av kommunene. De læringsarenaene som er etablert har vært en suksess, men det er fortsatt rom for å styrke læringsaspektet i programmet generelt, og kanskje særlig læringseffekten på tvers av programkommunene. Når arbeidet i kommunene nå går inn i en mer utførende fase, vil det også bli tatt i bruk en felles rapporteringsmal med fokus rettet mot effektmålinger. Selv om programarbeidet er langsiktig og arbeidet med forankring, organisering og tverretatlig samarbeid tar tid, er det viktig å synliggjøre gevinster av programarbeidet fortløpende for å opprettholde programmets legitimitet og funksjon.

Når det gjelder prioriterte målgrupper, bør alle programkommunene få på plass tiltak rettet mot ungdom som er vanskeligstilte på boligmarkedet. I arbeidet med bostedsløse anbefales tiltak med Housing First som metode.""",
    "2": """I Kommunal- og regionaldepartementets tildelingsbrev til Husbanken for 2009 fremkommer det at Husbanken skal følge opp kommuner som har store utfordringer med bostedsløshet, og det foreslås som virkemiddel å etablere samarbeidsavtaler med utvalgte kommuner, som dermed blir sikret en mer helhetlig oppfølging.

Helhetlig organisering og god planlegging er forutsetninger for å lykkes med gjennomføringen. I NOU 2011:15 *Rom for alle* oppsummeres utfordringene slik:

- Organiseringen av det boligsosiale arbeidet i staten og kommunene er fragmentert
- Det boligsosiale arbeidet er ikke godt nok forankret politisk og administrativt
- Boligsosiale handlingsplaner er ofte ikke integrert i øvrig planverk
- Utviklingstiltak blir ikke videreført i kommunenes drift når statlige tilskudd opphører
- Oversikten over boligbehovet til vanskeligstilte på boligmarkedet er utilstrekkelig
- Egnede boliger med oppfølgingstjenester er ofte en mangelvare
- Husbankens økonomiske virkemidler ses i for liten grad i sammenheng

Som en følge av disse erfaringene er boligsosiale utviklingsprogram etablert. Programmet innebærer et langsiktig og forpliktende partnerskap mellom kommunen og Husbanken med formål å arbeide helhetlig med kommunens boligsosiale utfordringer. Det er kommunene med de største boligsosiale utfordringene som er invitert til å delta i arbeidet. Programmets varighet er 3–5 år for den enkelte kommune.""",
    "3": """Rapporten er utarbeidet av en arbeidsgruppe i Husbanken. Evalueringen forsøker å være både en prosessevaluering og gi en viss effektevaluering av arbeidet så langt.

Rapporten søker å belyse:

- Husbankens arbeid og måloppnåelse i forhold til programbeskrivelsen
- Kommunenes arbeid og måloppnåelse i forhold til programbeskrivelsen og deres egne planer
- Utviklingspotensialet i programmet for aktørene

Rapporten bygger på informasjon innhentet gjennom tre ulike metoder: dokumentanalyse (Husbankens tilsagnsbrev og programbeskrivelse samt kommunenes søknader, programplaner og statusrapporter), en spørreundersøkelse i programkommunene (vedlegg 1) og intervjuer etter metodikken anerkjennende intervju (vedlegg 2).""",
    "4": """Husbankens programbeskrivelse viser til statsbudsjettet for 2010 når de overordnede målene defineres. Det fremheves at innsatsen skal rettes mot innbyggere som faller utenfor det ordinære boligmarkedet eller trenger bistand for å kunne ha en tilfredsstillende bosituasjon, og at en prioritert målgruppe er ungdom.

I programbeskrivelsen ble det satt opp et forslag til rammemodell for programarbeidet, med en forberedende fase, en planfase på inntil seks måneder, en gjennomføringsfase på opptil tre år og en avslutningsfase på 18 måneder. Husbanken avholder hvert år møte med den enkelte kommune for å gjennomgå arbeidet og tildeler hvert år nye midler basert på ordinær søknad.""",
    "4.3": """Husbanken har siden oppstart av programmet prioritert bruken av virkemidler til programkommunene. For å imøtekomme den økte bruken av startlån i programkommunene har det ved fordelingen av tilskudd til videretildeling blitt gjort en særlig prioritering av disse kommunene, spesielt når det gjelder tilskudd til etablering.

Kommunene er mer usikre på hvorvidt virkemidlene er tilstrekkelige til å nå målsettingene sine. Usikkerheten er knyttet til etablering og drift av nye boliger, og behovet for store investeringer til kjøp av flere boliger.""",
    "4.6": """Husbanken har siden oppstart etablert disse læringsarenaene: programsamlinger, programledersamlinger, prosjektlederkurs, studietur for kommunene til Finland om modellen «Housing First» og løpende oppfølging av programlederne i kommunene. På spørsmål rundt Husbankens oppfølging av programarbeidet svarer kommunene gjennomgående at de opplever en god oppfølging, men flere påpeker at Husbanken kan stille tydeligere krav.""",
    "6": """I NOU 2011:15 *Rom for alle* beskrives fem suksessfaktorer som nødvendige for gjennomføringen av et vellykket boligsosialt arbeid i kommunene: samordning, forankring og eierskap, overordnet strategi for arbeidet, boligsosial kompetanse og økonomiske ressurser. Prosjektteorien peker på et godt fundament og solid forankring, god prosjektledelse og organisering, god planlegging, motiverte aktører og god oppfølging av det utførende arbeidet.""",
    "6.1": """At rådmannsfunksjonen har et formelt eierskap til programmet og leder styringsgruppa er en klar suksessfaktor. Like viktig som den formelle forankringen er den løpende oppfølgingen og interessen for programmet.""",
    "6.4": """Noen av programkommunene har et nyansert planleggingsnivå, men andre har satt opp overordnede mål som de rapporterer på. At programmet er langsiktig er en kritisk suksessfaktor; det bidrar til at kommunene får tid til å jobbe grundig.""",
    "7": """Kort oppsummert oppleves det boligsosiale programmet å være et godt utgangspunkt for langsiktig og systematisk utviklingsarbeid. Det at Husbanken bidrar med et langsiktig program over flere år, er av stor betydning for kommunene. I det følgende trekkes fram noen utfordringer og anbefalinger i det videre arbeidet.""",
    "7.3": """Husbanken har gjennom foredrag, samlinger og studietur introdusert «Housing First» som metode overfor kommunene. Det er omfattende forskning som viser at Housing First som metode er virksom i arbeidet med bostedsløse, og det er også samfunnsøkonomisk lønnsomt.""",
    "a3": """- Andersen, Grude og Haug (2010), om prosjekt som arbeidsform (sitert i kap. 6.2 og 6.4).
- Husbanken Region sør (2010): programbeskrivelsen for boligsosialt utviklingsprogram.
- Kommunal- og regionaldepartementet: tildelingsbrev til Husbanken for 2009.
- NOU 2011:15 *Rom for alle – En sosial boligpolitikk for framtiden*.
- St.meld. nr. 23 (2002–2003) *Om boligpolitikken* (Boligmeldingen).""",
}

REASONS = {
    "steering_group": "I tråd med arbeidsgruppens vurdering i kap. 6.1 og 7.1: formell forankring hos rådmannen er en klar suksessfaktor.",
    "youth_measures": "I tråd med kap. 7.2: ungdom er en prioritert målgruppe i programbeskrivelsen.",
    "homeless_measures": "I tråd med kap. 7.2: arbeidet med bostedsløse er bare fokusert i noen av kommunene.",
    "housing_first": "I tråd med kap. 7.3: forskning viser at metoden virker, og erfaringene kan overføres.",
    "regular_meetings": "I tråd med kap. 6.6 og 7.4: møtestrukturen er i de fleste tilfeller uformell.",
    "leader_gatherings": "I tråd med kap. 7.4: hyppigere programledersamlinger.",
    "common_template": "I tråd med kap. 1 og 7.4: en felles rapporteringsmal med vekt på effektmåling tas i bruk.",
    "goal_hierarchy": "I tråd med kap. 6.4: det bør utarbeides et målhierarki med delmål og resultatmål.",
    "rental_homes": "I tråd med kap. 7.2: flere og mer hensiktsmessige utleieboliger, gjerne gjennom Husbankens tilskudd.",
    "communication_plan": "I tråd med kap. 7.4: gode eksempler bør formidles, nedfelt i en kommunikasjonsplan.",
    "premise_setter": "I tråd med kap. 1, 4.6 og 7.4: flere informanter ønsker en tydeligere premissleverandør.",
}


# Chapter 5 of the source report treats the municipalities in this order (5.1 Sandefjord,
# 5.2 Arendal, 5.3 Porsgrunn, 5.3 Skien, 5.4 Larvik, 5.5 Drammen; the source numbers Skien 5.3
# as well, which the generated report does not repeat).
SOURCE_ORDER = ["0706", "0906", "0805", "0806", "0709", "0602"]


def _evaluation(programme):
    from boligsosial.evaluation.models import Evaluation, EvaluationMethod

    evaluation = (
        Evaluation.objects.filter(programme=programme).order_by("period_start", "pk").first()
    )
    if evaluation is None:
        # The fieldwork demo has not created the evaluation (its app may not be loaded yet).
        evaluation = Evaluation.objects.create(
            programme=programme,
            title="Underveisevaluering høsten 2011",
            period_start=dt.date(2011, 8, 1),
            period_end=dt.date(2011, 12, 31),
            as_of=dt.date(2011, 12, 1),
            methods=[m.value for m in EvaluationMethod],
            data_source=DataSource.REPORT,
            source_note=f"Rapporten kap. 3 ({DEMO_NOTE})",
        )
    return evaluation


def reset() -> None:
    from boligsosial.evaluation.models import Evaluation
    from boligsosial.evaluation_report.models import EvaluationReport
    from boligsosial.programmes.demo import PROGRAMME_NAME

    # Reports protect their evaluation; remove every report of the demo programme so the
    # fieldwork demo can reset its evaluation after this.
    EvaluationReport.objects.filter(evaluation__programme__name=PROGRAMME_NAME).delete()
    Evaluation.objects.filter(source_note__contains=DEMO_NOTE).delete()


def load(ctx: dict) -> None:
    from boligsosial.evaluation_report import services
    from boligsosial.evaluation_report.models import EvaluationReport
    from boligsosial.evaluation_report.selectors import proposals_for

    programme = ctx["programme"]
    evaluator = ctx["users"]["evaluator"]
    evaluation = ctx.get("evaluation") or _evaluation(programme)
    if evaluation.team.exists() and not evaluation.team.filter(pk=evaluator.pk).exists():
        evaluation.team.add(evaluator)
    EvaluationReport.objects.filter(evaluation=evaluation, title=TITLE).delete()
    report = services.report_create(user=evaluator, evaluation=evaluation, title=TITLE)
    services.report_update(
        user=evaluator,
        report=report,
        version=None,
        subtitle=SUBTITLE,
        municipality_order=SOURCE_ORDER,
    )
    for key, text in NARRATIVES.items():
        services.narrative_save(user=evaluator, report=report, key=key, markdown=text)
    for row in proposals_for(report):
        rule = row["proposal"].rule
        services.recommendation_decide(
            user=evaluator,
            report=report,
            rule_code=rule,
            decision="accepted",
            reason=REASONS.get(rule, "I tråd med arbeidsgruppens vurdering."),
        )
    services.report_publish(
        user=evaluator,
        report=report,
        note="Underveisevalueringen slik den ble lagt fram i desember 2011.",
    )
    ctx["evaluation_report"] = report
