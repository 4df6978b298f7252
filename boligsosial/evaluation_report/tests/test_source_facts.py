"""The demo's report as of 31.12.2011 states what the source report states.

FACTS is the one table: (fact, source section, where in the generated report, expected).
`where` is a finding code, or "rec:<rule>" for a recommendation; `expected` is text the
statement must contain (numbers in Norwegian format, as a reader sees them), or a
(data key, low, high) range for a computed figure the source gives as a range. Each row is
one test. The perturbation tests below change one record and see the report follow.

The demo is loaded once for the module (inside a transaction rolled back at the end); each
test runs in its own savepoint on top of it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from boligsosial.evaluation_report.rendering.render_html import finding_text_plain

AS_OF = dt.date(2011, 12, 31)
NB = "\u00a0"  # the thousands separator and the space before "%"

FACTS = [
    # 1 Summary, 3 About the report, 4 Husbanken's work
    ("Arendal var først, i august 2009", "4", "programme_start",
     "Arendal var den første kommunen i programmet (august 2009)."),
    ("De fleste kommunene kan vise til konkrete resultater", "1", "concrete_results",
     "6 av 6 programkommuner har registrert resultater"),
    ("Porsgrunns 92 husstander i sammendraget", "1", "concrete_results",
     "Porsgrunn: 92 husstander i kontakt med prosjektet"),
    ("Skiens 104 samtaler i sammendraget", "1", "concrete_results", "104 samtaler («Egen bolig»"),
    ("Felles rapporteringsmal er ennå ikke tatt i bruk", "1, 7.4", "reporting",
     "kommunene rapporterer ennå ikke i en felles mal"),
    ("11 informanter fra kommunene og 5 fra Husbanken", "3", "informants",
     "11 informanter fra programkommunene og 5 fra Husbanken"),
    ("Startlån økt med over 50 prosent", "4.3", "start_loans", ("change_percent", 50, None)),
    ("Tilskudd til etablering økt med over 25 prosent", "4.3", "establishment_grants",
     ("change_percent", 25, None)),
    ("Kompetansetilskudd: laveste andel 2009–2011 minst 75 %", "4.3", "competence_share",
     ("low", 75, 80)),
    ("Kompetansetilskudd: høyeste andel 2009–2011 høyst 80 %", "4.3", "competence_share",
     ("high", 75, 80)),
    ("Kompetansetilskudd: måltallet er 75 %", "4.3", "competence_share",
     f"Regionkontorets måltall er 75{NB}%."),
    ("Noe større økning i nye bostøttebrukere i programkommunene", "4.3", "housing_allowance",
     "Økningen i nye bostøttemottakere var dermed større i programkommunene."),
    # 5 The municipalities (source order: Sandefjord, Arendal, Porsgrunn, Skien, Larvik, Drammen)
    ("Sandefjord har 43 648 innbyggere", "5.1", "municipality_0706", f"har 43{NB}648 innbyggere"),
    ("Sandefjords styringsgruppe ledes av assisterende rådmann", "5.1", "municipality_0706",
     "Styringsgruppen ledes av assisterende rådmann"),
    ("Husleierestansene i Sandefjord redusert med 75 prosent", "5.1", "results_0706",
     f"75{NB}% reduksjon i husleierestanser i kommunalt tildelte boliger"),
    ("Arendal har 42 162 innbyggere", "5.2", "municipality_0906", f"har 42{NB}162 innbyggere"),
    ("Arendal har 2,4 årsverk", "5.2", "municipality_0906", "Programmet har 2,4 årsverk."),
    ("Arendals liste med ubehandlede søknader redusert med 75", "5.2", "results_0906",
     "75 færre ubehandlede søknader om kommunal bolig"),
    ("Porsgrunn har 35 043 innbyggere", "5.3", "municipality_0805", f"har 35{NB}043 innbyggere"),
    ("92 husstander i kontakt med prosjektet i Porsgrunn", "5.3", "results_0805",
     "92 husstander i kontakt med prosjektet («På vei til egen boligkarriere», juni–medio desember 2010)"),
    ("Bystyret i Porsgrunn har vedtatt to nye småhus", "5.3", "results_0805",
     "2 nye småhus vedtatt"),
    ("Skien har 52 077 innbyggere", "5.3 Skien", "municipality_0806", f"har 52{NB}077 innbyggere"),
    ("Skien har ikke etablert styringsgruppe", "5.3 Skien", "municipality_0806",
     "Kommunen har ikke etablert styringsgruppe."),
    ("16 leietakere i Skien har flyttet og kjøpt bolig", "5.3 Skien", "results_0806",
     "16 leietakere som har kjøpt eller er i gang med å kjøpe bolig («Egen bolig», 30.06.2011)"),
    ("104 samtaler i Skien", "5.3 Skien", "results_0806", "104 samtaler («Egen bolig», 30.06.2011)"),
    ("Larvik har 42 412 innbyggere", "5.4", "municipality_0709", f"har 42{NB}412 innbyggere"),
    ("Drammen har 63 582 innbyggere", "5.5", "municipality_0602", f"har 63{NB}582 innbyggere"),
    ("Drammen Eiendom har kjøpt 20 boliger", "5.5", "results_0602", "20 boliger kjøpt"),
    # 6 Success factors
    ("Ingen politisk deltakelse i prosjektorganiseringen", "6.1", "political_participation",
     "Ingen av programkommunene har politisk deltakelse i prosjektorganiseringen."),
    ("Fire av seks forankret hos rådmannen", "6.1", "anchoring",
     "4 av 6 programkommuner er forankret på rådmannsnivå"),
    ("Én kommune med virksomhetsleder som leder styringsgruppa", "6.1", "anchoring",
     "I Porsgrunn ledes styringsgruppen av en virksomhetsleder."),
    ("Én kommune uten styringsgruppe", "6.1", "anchoring", "Skien har ikke etablert styringsgruppe."),
    ("Porsgrunns dialog og allmøter med velforeninger og naboer", "6.2", "mobilisation",
     "Porsgrunn: «Fem småhus på kommunal tomt» (velforeninger og naboer"),
    ("Arendals samarbeid med gruppen av foreldre", "6.2", "mobilisation",
     "Arendal: «Egen eid bolig for personer med funksjonsnedsettelse (foreldregruppe)» (foreldregruppe)"),
    ("Flesteparten er prosjektorganisert", "6.3", "organisation",
     "Flesteparten av programkommunene (4 av 6) er prosjektorganisert."),
    ("Revisjon av boligsosiale handlingsplaner i 4 av kommunene", "6.4", "plan_revision",
     "revisjon av boligsosiale handlingsplaner i 4 av 6 programkommuner"),
    ("Husbanken deltar i styringsgruppene", "6.6", "husbanken_steering",
     "Husbanken deltar i styringsgruppen i alle de 5 programkommunene som har styringsgruppe"),
    # 7 Summary and recommendations
    ("Tiltak for ungdom i to kommuner", "7.2", "target_youth",
     "Tiltak rettet mot ungdom er startet i 2 av 6 programkommuner"),
    ("To kommuner har prøvd Housing First med enkeltbrukere", "7.3", "housing_first",
     "2 har prøvd metoden med enkeltbrukere"),
    ("Anbefaling: styringsgruppe og toppledelse", "7.1", "rec:steering_group",
     "toppledelsen bør involvere seg aktivt og etterspørre framdrift og resultater"),
    ("Anbefaling: tiltak for ungdom i alle kommuner", "7.2", "rec:youth_measures",
     "Alle programkommunene bør få på plass tiltak rettet mot ungdom"),
    ("Anbefaling: tiltak for bostedsløse i alle kommuner", "7.2", "rec:homeless_measures",
     "Alle programkommunene bør ha tiltak rettet mot bostedsløse."),
    ("Anbefaling: flere utleieboliger gjennom tilskudd", "7.2", "rec:rental_homes",
     "gjerne gjennom økt bruk av Husbankens tilskudd"),
    ("Anbefaling: systematiske forsøk med Housing First", "7.3", "rec:housing_first",
     "systematisk iverksetter forsøk med Housing First"),
    ("Anbefaling: regelmessige møter med programlederne", "7.4", "rec:regular_meetings",
     "regelmessige møter med programlederne"),
    ("Anbefaling: hyppigere programledersamlinger", "7.4", "rec:leader_gatherings",
     "hyppigere programledersamlinger"),
    ("Anbefaling: ta i bruk en felles rapporteringsmal", "7.4", "rec:common_template",
     "rapporterer kommunene ennå ikke i en felles mal"),
    ("Anbefaling: kommunikasjonsplan og gode eksempler", "7.4", "rec:communication_plan",
     "nedfelles i en kommunikasjonsplan"),
    ("Anbefaling: Husbanken som tydeligere premissleverandør", "7.4", "rec:premise_setter",
     "Husbanken bør være en tydeligere premissleverandør"),
]  # fmt: skip


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from boligsosial.evaluation_report.selectors import document_for
    from boligsosial.evaluation_report.tests.demo_data import load_seeded_demo

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            ctx = load_seeded_demo()
            report = ctx["evaluation_report"]
            report.as_of = AS_OF
            ctx["document"] = document_for(report)
            yield ctx
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _statement(document: dict, where: str) -> str:
    if where.startswith("rec:"):
        rule = where[4:]
        found = [r for r in document["recommendations"] if r["rule"] == rule]
        assert found, f"no recommendation from the rule {rule}"
        return found[0]["text"]
    finding = document["findings"][where]
    assert finding["available"], finding["note"]
    return finding_text_plain(finding)


@pytest.mark.parametrize(
    ("fact", "section", "where", "expected"), FACTS, ids=[f"{row[1]} {row[0]}" for row in FACTS]
)
def test_the_report_states_the_source_fact(demo, fact, section, where, expected):
    document = demo["document"]
    if isinstance(expected, tuple):
        key, low, high = expected
        value = document["findings"][where]["data"][key]
        assert value is not None and value >= low and (high is None or value <= high), (
            f"{fact} (kap. {section}): {key} = {value}"
        )
    else:
        text = _statement(document, where)
        assert expected in text, f"{fact} (kap. {section}): {text}"


def test_every_recommendation_of_chapter_7_has_a_rule_in_the_table():
    from boligsosial.evaluation_report.findings.rules import RULES

    in_table = {row[2][4:] for row in FACTS if row[2].startswith("rec:")}
    chapter_7 = {code for code, rule in RULES.items() if rule.section.startswith("7")}
    assert chapter_7 == in_table


def test_survey_answers_are_dated_before_the_survey_closed(demo, db):
    from boligsosial.evaluation.models import Answer, Respondent

    respondents = Respondent.objects.filter(questionnaire__evaluation=demo["evaluation"])
    assert respondents.count() == 6
    closes = dt.date(2011, 9, 30)
    for respondent in respondents:
        assert respondent.submitted_at.date() <= closes, respondent
    assert not Answer.objects.filter(
        respondent__in=respondents, created_at__date__gt=closes
    ).exists()


def test_every_demo_record_the_facts_rest_on_says_where_it_comes_from(demo, db):
    from boligsosial.plans.models import Measure, Result
    from boligsosial.programmes.models import OrganisationPeriod

    for model in (Measure, Result, OrganisationPeriod):
        rows = model.objects.filter(data_source__in=["report", "illustrative"])
        assert rows.exists()
        assert not model.objects.exclude(data_source__in=["report", "illustrative"]).exists()
        assert not rows.filter(source_note="").exists(), model


# Perturbation: change one record, the report follows ------------------------------------


def _document(demo) -> dict:
    from boligsosial.evaluation_report.selectors import document_for

    report = demo["evaluation_report"]
    report.as_of = AS_OF
    return document_for(report)


def test_a_changed_result_changes_chapter_5_and_the_summary(demo, db):
    from boligsosial.plans.models import Result

    result = Result.objects.get(
        measure__participation=demo["participations"]["Porsgrunn"], value=92
    )
    Result.objects.filter(pk=result.pk).update(value=93)
    document = _document(demo)
    assert "93 husstander i kontakt med prosjektet" in _statement(document, "results_0805")
    assert "Porsgrunn: 93 husstander" in _statement(document, "concrete_results")
    figure = document["findings"]["results_0805"]["figures"]["r1"]
    assert figure["evidence"][0]["url"].endswith(f"#result-{result.pk}")


def test_an_organisation_changed_today_leaves_2011_and_a_dated_change_moves_it(demo, db):
    from boligsosial.programmes.services import organisation_update

    larvik = demo["participations"]["Larvik"]
    admin = demo["users"]["admin"]
    organisation_update(user=admin, participation=larvik, version=None, project_organised=False)
    assert "(4 av 6) er prosjektorganisert" in _statement(_document(demo), "organisation")
    organisation_update(
        user=admin,
        participation=larvik,
        version=None,
        valid_from=dt.date(2011, 6, 1),
        political_participation=True,
    )
    document = _document(demo)
    assert (
        "1 av 6 programkommuner har politisk deltakelse i prosjektorganiseringen: Larvik."
        in _statement(document, "political_participation")
    )
    # A change in the past holds until the next recorded change: today's organisation is the
    # one recorded today (not project-organised, and politicians as recorded then).
    larvik.organisation.refresh_from_db()
    assert larvik.organisation.project_organised is False
    assert larvik.organisation.political_participation is False
    periods = list(larvik.organisation_periods.order_by("valid_from"))
    assert [(p.valid_from, p.political_participation) for p in periods][-2:] == [
        (dt.date(2011, 6, 1), True),
        (periods[-1].valid_from, False),
    ]


def test_a_missing_organisation_is_never_beside_a_claim_about_all(demo, db):
    skien = demo["participations"]["Skien"]
    skien.organisation_periods.all().delete()
    skien.organisation.delete()
    document = _document(demo)
    anchoring = _statement(document, "anchoring")
    assert "Organiseringen per 31.12.2011 er ikke registrert for Skien." in anchoring
    assert "Alle programkommunene har etablert styringsgruppe" not in anchoring
    assert "Alle programkommunene med registrert organisering har etablert styringsgruppe." in (
        anchoring
    )
    organisation = _statement(document, "organisation")
    assert "For Arendal og Skien er det ikke registrert" in organisation
    skien_chapter = _statement(document, "municipality_0806")
    assert "Organiseringen per 31.12.2011 er ikke registrert." in skien_chapter
    assert "styringsgruppe" not in skien_chapter
    political = _statement(document, "political_participation")
    assert political.startswith("Ingen av de 5 programkommunene der det er registrert")
    assert "For Skien er det ikke registrert." in political


def test_housing_first_counts_individual_users_and_measures(demo, db):
    from boligsosial.plans.models import MeasureMethod

    MeasureMethod.objects.filter(
        measure__participation=demo["participations"]["Sandefjord"], code="housing_first"
    ).update(use="measure")
    document = _document(demo)
    text = _statement(document, "housing_first")
    assert text.startswith(
        "Housing First er tatt i bruk som metode i et startet tiltak i 1 av 6 programkommuner: "
        "Sandefjord. 1 har prøvd metoden med enkeltbrukere: Porsgrunn."
    )
    recommendation = _statement(document, "rec:housing_first")
    assert "Porsgrunn har prøvd metoden med enkeltbrukere." in recommendation


def test_template_reports_before_the_report_date_change_the_template_recommendation(demo, db):
    from boligsosial.reporting.models import ReportingPeriod

    first = ReportingPeriod.objects.filter(programme=demo["programme"]).order_by("start").first()
    ReportingPeriod.objects.filter(pk=first.pk).update(
        start=dt.date(2011, 1, 1), end=dt.date(2011, 6, 30), deadline=dt.date(2011, 7, 31)
    )
    document = _document(demo)
    assert "ennå ikke i en felles mal" not in _statement(document, "reporting")
    template = [r for r in document["recommendations"] if r["rule"] == "common_template"]
    assert not template or "I siste rapporteringsperiode" in template[0]["text"]
