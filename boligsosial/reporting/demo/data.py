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
PERIODS = [(2010, 1), (2010, 2), (2011, 1), (2011, 2)]
ILLUSTRATIVE_NOTE = "Illustrativt tall i riktig størrelsesorden for kommunen"

# (municipality, year, half, indicator, option): (value, comment, source note) — the report's figures.
REPORT_FIGURES = {
    ("Skien", 2011, 1, "moved_on_households", None): (
        16,
        "16 leietakere har flyttet og kjøpt bolig eller er i gang med prosessen (prosjektet «Egen bolig», rapportert per 30.06.2011).",
        "Rapporten kap. 5.3 (Skien)",
    ),
    ("Skien", 2011, 1, "guidance_conversations", None): (
        104,
        "104 samtaler, noen innkalt i forbindelse med leiekontrakt og noen på grunn av lav alder for å veilede tidlig i boligkarrieren.",
        "Rapporten kap. 5.3 (Skien)",
    ),
    ("Porsgrunn", 2010, 2, "households_in_contact", None): (
        92,
        "92 husstander var i kontakt med «På vei til egen boligkarriere» fra juni til medio desember 2010.",
        "Rapporten kap. 5.3 (Porsgrunn)",
    ),
    ("Drammen", 2011, 2, "homes_acquired", None): (
        20,
        "Bystyret vedtok boligløftet i juni 2011; Drammen Eiendom har kjøpt 20 boliger (mindre leiligheter, familieleiligheter og omsorgsleiligheter).",
        "Rapporten kap. 5.5",
    ),
    ("Drammen", 2011, 2, "homes_acquired_nok", None): (
        30000000,
        "Om lag 30 millioner kroner av de 60 millionene i boligløftet er brukt.",
        "Rapporten kap. 5.5",
    ),
}
# Series whose change the report gives; levels are illustrative.
SANDEFJORD_ARREARS = [1200000, 850000, 520000, 300000]  # down 75 % from 2010 H1 to 2011 H2
ARENDAL_UNPROCESSED = [110, 80, 35, 30]  # down by 75 from 2010 H1 to 2011 H1
NOT_AVAILABLE = {
    (
        "Larvik",
        2010,
        1,
        "tenants_in_arrears",
    ): "Det gamle fagsystemet kunne ikke ta ut tallet; nytt system fra 2011.",
    (
        "Skien",
        2010,
        2,
        "youth_housing_guidance",
    ): "Registreres ikke før boveiledningen er organisert i 2011.",
    (
        "Drammen",
        2010,
        1,
        "temp_stays_over_3m",
    ): "Varigheten av opphold ble ikke registrert før høsten 2010.",
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

# Status of each report in 2011 H2 (the others are approved): shows every step of the workflow.
LAST_PERIOD_STATUS = {
    "Arendal": ReportStatus.APPROVED,
    "Sandefjord": ReportStatus.SUBMITTED,
    "Porsgrunn": ReportStatus.RETURNED,
    "Drammen": ReportStatus.DRAFT,
    "Larvik": ReportStatus.RESUBMITTED,
}
LATE = {("Skien", 2010, 2), ("Larvik", 2011, 1)}


SPLITS = {"age": [0.25, 0.75], "tenure": [0.6, 0.4], "children": [0.25, 0.75]}
