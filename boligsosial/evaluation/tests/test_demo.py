"""The autumn-2011 demonstration data says what the report says."""

import re
from collections import Counter

import pytest

from boligsosial.evaluation import demo, selectors
from boligsosial.evaluation.models import (
    CodedPassage,
    Evaluation,
    Interview,
    Quote,
    QuoteStatus,
    Respondent,
    TextSource,
)

# The report's own quotations, copied from the report text (chapters 4.1, 4.3, 4.4, 4.5, 4.6, 5.4, 6.1, 6.6).
REPORT_QUOTATIONS_IN_INTERVIEWS = [
    "Det at rådmannen har vært opptatt av dette arbeidet og etterspurt mye, har bidratt til suksessen.",
    "en handlingsorientert rådmann og et politisk nivå som etterspør resultater av den jobben som blir gjort",
    "kritisk venn",
    "det snakkes mer om bolig",
]
REPORT_QUOTATIONS_IN_SURVEY = [
    "den faglige plattformen er utvidet",
    "bolig og boligsosiale spørsmål i større grad er sentrale temaer som tas opp til diskusjon",
    "Kompetansetilskuddene har gjort det mulig å sende flere på kompetansehevende kurs.  Dette øker også "
    "fellesskapsfølelsen og forståelsen for helheten",
    "Vi får også kompetanse gjennom det å møte de andre kommunene. Erfaringsutveksling er svært nyttig. Husbanken "
    "bidrar også med å hente kompetanse fra andre aktuelle aktører, som er sentralt",
]


def words(text):
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """Load once for the module (a few seconds); each test runs in its own savepoint."""
    from django.db import transaction
    from django.test import override_settings

    from boligsosial.accounts import demo as accounts_demo
    from boligsosial.municipalities import demo as municipalities_demo
    from boligsosial.programmes import demo as programmes_demo

    fast_hashing = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(DEBUG=True, PASSWORD_HASHERS=fast_hashing),
        transaction.atomic(),
    ):
        ctx: dict = {}
        for module in (municipalities_demo, accounts_demo, programmes_demo, demo):
            module.load(ctx)
        yield ctx["evaluation"]
        transaction.set_rollback(True)


@pytest.fixture
def demo_evaluation(demo_data, db):
    return demo_data


def test_the_demo_has_the_reports_informants_and_respondents(demo_evaluation):
    assert selectors.informant_counts(demo_evaluation) == {"municipal": 11, "husbanken": 5}
    assert selectors.evaluation_response_rate(demo_evaluation) == {
        "total": 6,
        "submitted": 6,
        "share": 1.0,
    }
    questionnaire = demo_evaluation.questionnaires.get()
    assert (questionnaire.sent_on.year, questionnaire.sent_on.month) == (2011, 9)


def test_every_municipality_says_the_programme_raised_attention_and_several_doubt_the_instruments(
    demo_evaluation,
):
    rows = {q["name"]: q for q in selectors.question_shares(demo_evaluation)}
    attention = {o["value"]: o["count"] for o in rows["oppmerksomhet"]["options"]}
    assert attention == {"ja": 6, "nei": 0, "delvis": 0}
    assert len(rows["oppmerksomhet"]["by_municipality"]) == 6
    enough = {o["value"]: o["count"] for o in rows["virkemidler_tilstrekkelig"]["options"]}
    assert enough["delvis"] + enough["nei"] >= 4


def test_the_reports_quotations_appear_word_for_word(demo_evaluation):
    interview_text = words(
        " ".join(
            TextSource.objects.filter(evaluation=demo_evaluation, kind="interview").values_list(
                "plain_text", flat=True
            )
        )
    )
    for quotation in REPORT_QUOTATIONS_IN_INTERVIEWS:
        assert words(quotation) in interview_text, quotation
    comments = words(
        " ".join(
            r["text"] for q in selectors.question_shares(demo_evaluation) for r in q["comments"]
        )
    )
    for quotation in REPORT_QUOTATIONS_IN_SURVEY:
        assert words(quotation) in comments, quotation


def test_the_anchoring_quotes_come_from_at_least_three_municipalities(demo_evaluation):
    quotes = selectors.approved_quotes(demo_evaluation, "forankring")
    assert len({q["municipality"] for q in quotes if q["municipality"]}) >= 3
    assert all(q["identification_warning"] == "" for q in quotes)
    assert Quote.objects.filter(
        passage__source__evaluation=demo_evaluation, status=QuoteStatus.DRAFT
    ).exists()


def test_the_code_matrix_counts_match_the_coded_passages(demo_evaluation):
    counted = Counter()
    for passage in CodedPassage.objects.filter(
        source__evaluation=demo_evaluation, for_agreement_check=False
    ).select_related("source__participation__municipality"):
        column = (
            passage.source.participation.municipality.name
            if passage.source.participation_id
            else "Husbanken"
        )
        counted[(passage.code.slug, column)] += 1
    matrix = selectors.code_frequencies(demo_evaluation)
    from_matrix = Counter(
        {
            (row["slug"], column): n
            for row in matrix["rows"]
            for column, n in row["counts"].items()
            if n
        }
    )
    assert from_matrix == counted
    assert sum(counted.values()) == len(demo.CODINGS) + len(demo.DOCUMENT_CODINGS)


def test_everything_in_the_demo_says_where_it_comes_from(demo_evaluation):
    assert demo_evaluation.data_source == "report"
    assert set(
        Interview.objects.filter(evaluation=demo_evaluation).values_list("data_source", flat=True)
    ) == {"illustrative"}
    assert set(
        Respondent.objects.filter(questionnaire__evaluation=demo_evaluation).values_list(
            "data_source", flat=True
        )
    ) == {"illustrative"}
    assert set(demo_evaluation.guides.values_list("data_source", flat=True)) == {"report"}
    assert set(demo_evaluation.codes.values_list("data_source", flat=True)) == {"report"}


def test_the_demo_reset_removes_it(demo_evaluation):
    demo.reset()
    assert not Evaluation.objects.filter(title=demo.TITLE).exists()
