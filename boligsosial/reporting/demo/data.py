"""The demo's figures: the interim evaluation's own, and what is illustrative."""

import datetime as dt

from boligsosial.reporting.models import ReportStatus

D = dt.date
POPULATION = {
    "Arendal": 42162,
    "Sandefjord": 43648,
    "Porsgrunn": 35043,
    "Drammen": 63582,
    "Larvik": 42412,
    "Skien": 52077,
}
# The common reporting template is still to be introduced when the interim evaluation is
# written (report ch. 1 and 7.4, autumn 2011: "vil det også bli tatt i bruk en felles
# rapporteringsmal"), so the demo's template reports start with 2012 (the date is
# illustrative); the figures the report gives for 2010–2011 are results of the measures
# (plans demo), not template reports.
TEMPLATE_INTRODUCED = D(2012, 1, 1)
TEMPLATE_NOTE = (
    "Rapporten kap. 1 og 7.4: felles rapporteringsmal skal tas i bruk etter høsten 2011; "
    "innføring 01.01.2012 er illustrativ"
)
PERIODS = [(2012, 1), (2012, 2), (2013, 1), (2013, 2)]
ILLUSTRATIVE_NOTE = "Illustrativt tall i riktig størrelsesorden for kommunen"

# (municipality, year, half, indicator, option): (value, comment, source note) — figures the
# report gives for a template period. None: the report's figures are all from before 2012.
REPORT_FIGURES: dict[tuple, tuple[int, str, str]] = {}
# Illustrative series that carry on the report's direction after 2011 (arrears and unprocessed
# applications kept low after Sandefjord's arrears project and Arendal's clean-up).
SANDEFJORD_ARREARS = [300000, 280000, 260000, 250000]
ARENDAL_UNPROCESSED = [35, 30, 28, 25]
NOT_AVAILABLE = {
    (
        "Larvik",
        2012,
        1,
        "tenants_in_arrears",
    ): "Det gamle fagsystemet kunne ikke ta ut tallet; nytt system fra 2013.",
    (
        "Skien",
        2012,
        2,
        "youth_housing_guidance",
    ): "Registreres ikke før boveiledningen er organisert i 2013.",
    (
        "Drammen",
        2012,
        1,
        "temp_stays_over_3m",
    ): "Varigheten av opphold ble ikke registrert før høsten 2012.",
}

ANSWERS = {
    "Arendal": {
        "status": "Samarbeidsrutiner med Arendal Eiendom KF er etablert, nye leiekontrakter er laget og gamle søknader ryddet opp i.",
        "succeeded": "Egen forskrift og nye saksbehandlingsrutiner for tildeling av kommunale boliger; enkeltvedtak med klagerett.",
        "challenges": "Kvalitetssikring av registreringene i Bokart.",
        "next_steps": "Kurs for ansatte i Bokart og rutiner for økonomisk rådgivning ved kjøp og salg.",
    },
    "Sandefjord": {
        "status": "Prosjektorganisasjonen er etablert og prosjekt er innført som arbeidsform.",
        "succeeded": "Restanseprosjektet: husleierestansene i kommunalt tildelte boliger er redusert med 75 prosent.",
        "challenges": "Behov for flere varige boliger for dem som bor midlertidig.",
        "next_steps": "Videreføre rutinene fra restanseprosjektet og NAV-prosjektet i ordinær drift.",
    },
    "Porsgrunn": {
        "status": "«På vei til egen boligkarriere» er i gang; Bokart er videreutviklet til saksbehandlingsverktøy.",
        "succeeded": "Småhusprosjektet: én deltaker har flyttet inn og mestrer boforholdet godt.",
        "challenges": "Samhandlingsrutiner rundt de mest vanskeligstilte er under utarbeidelse.",
        "next_steps": "Bygge to nye småhus etter bystyrets vedtak.",
    },
    "Drammen": {
        "status": "Ny boligsosial handlingsplan er under utarbeidelse; boligskolen er avsluttet som forprosjekt.",
        "succeeded": "Boligløftet: 20 boliger kjøpt for om lag 30 millioner kroner.",
        "challenges": "Uklare ansvars- og myndighetslinjer på det boligsosiale feltet.",
        "next_steps": "Etablere boligtjenesten som egen virksomhet.",
    },
    "Larvik": {
        "status": "Programmet er forankret hos assisterende rådmann; delprosjektene er i oppstart.",
        "succeeded": "Bred forankring og prosjektorganisering.",
        "challenges": "Lang tid brukt på forankring før handling.",
        "next_steps": "Sette i gang delprosjektene.",
    },
    "Skien": {
        "status": "Prosjektet «Egen bolig» er en del av programarbeidet.",
        "succeeded": "16 leietakere har flyttet og kjøpt bolig eller er i gang med prosessen.",
        "challenges": "Internt og eksternt samarbeid er mer begrenset enn ønskelig; behov for bedre forankring.",
        "next_steps": "Nedsette en styringsgruppe og ansette egen programleder.",
    },
}

# Status of each report in 2013 H2 (the others are approved): shows every step of the workflow.
LAST_PERIOD_STATUS = {
    "Arendal": ReportStatus.APPROVED,
    "Sandefjord": ReportStatus.SUBMITTED,
    "Porsgrunn": ReportStatus.RETURNED,
    "Drammen": ReportStatus.DRAFT,
    "Larvik": ReportStatus.RESUBMITTED,
}
LATE = {("Skien", 2012, 2), ("Larvik", 2013, 1)}


SPLITS = {"age": [0.25, 0.75], "tenure": [0.6, 0.4], "children": [0.25, 0.75]}
