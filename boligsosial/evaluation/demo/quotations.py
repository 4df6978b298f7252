"""The report's own quotations (chapters 4 and 6), word for word, and shared names."""

import datetime as dt

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
