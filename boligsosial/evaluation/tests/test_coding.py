import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from boligsosial.evaluation import selectors, services
from boligsosial.evaluation.models import CodedPassage, QuoteStatus
from boligsosial.evaluation.tests import factories as f


def test_the_codebook_is_a_tree_of_the_success_factors(world):
    evaluation = f.make_evaluation(world)
    tree = [(code.name, depth) for code, depth in selectors.code_tree(evaluation)]
    assert tree[0] == ("NOU 2011:15 Rom for alle", 0)
    assert [name for name, depth in tree[1:6]] == [
        "Samordning",
        "Forankring og eierskap",
        "Overordnet strategi for arbeidet",
        "Boligsosial kompetanse",
        "Økonomiske ressurser",
    ]
    chapter_6 = [name for name, depth in tree[-6:]]
    assert chapter_6 == [
        "Forankring",
        "Mobilisering",
        "Organisering",
        "Planlegging, strategier og mål for arbeidet",
        "Kompetanse og læringsarenaer",
        "Dialog og samarbeid mellom kommunene og Husbanken",
    ]
    assert len(tree) == 3 + 5 + 5 + 6


def test_a_passage_stores_offsets_into_the_plain_text(world, fieldwork):
    passage = fieldwork.passage
    assert (
        fieldwork.interview.source.plain_text[passage.start : passage.end]
        == "Rådmannen har fulgt arbeidet tett."
    )
    with pytest.raises(ValidationError, match="overskrift i kodeboka"):
        services.passage_create(
            user=world.evaluator,
            source=passage.source,
            code=f.code(fieldwork.evaluation, "kapittel-6"),
            start=0,
            end=3,
        )
    with pytest.raises(ValidationError, match="innenfor teksten"):
        services.passage_create(
            user=world.evaluator,
            source=passage.source,
            code=fieldwork.anchoring,
            start=5,
            end=10**6,
        )


def test_coding_through_the_page_finds_the_excerpt(world, fieldwork, client_for):
    client = client_for(world.evaluator)
    url = reverse("evaluation:interview", args=[fieldwork.interview.pk])
    dialog = f.code(fieldwork.evaluation, "dialog-med-husbanken")
    client.post(url, {"code": dialog.pk, "excerpt": "Vi har fått til mye."})
    passage = CodedPassage.objects.get(code=dialog)
    assert (
        fieldwork.interview.source.plain_text[passage.start : passage.end] == "Vi har fått til mye."
    )
    response = client.post(url, {"code": dialog.pk, "excerpt": "Dette står ikke i teksten."})
    assert "Teksten finnes ikke i kilden." in response.content.decode()


def test_the_matrix_counts_passages_by_code_and_municipality(world, fieldwork):
    f.code_excerpt(
        world.evaluator, fieldwork.document.source, fieldwork.anchoring, "forankret hos rådmannen"
    )
    f.code_excerpt(
        world.evaluator,
        fieldwork.husbanken_interview.source,
        fieldwork.anchoring,
        "Rådmannen har fulgt",
    )
    f.code_excerpt(
        world.evaluator,
        fieldwork.interview.source,
        fieldwork.anchoring,
        "Vi har fått til mye.",
        check=True,
    )
    matrix = selectors.code_frequencies(fieldwork.evaluation)
    assert matrix["columns"] == ["Drammen", "Skien", "Husbanken"]
    row = next(r for r in matrix["rows"] if r["slug"] == "forankring")
    assert row["counts"] == {"Drammen": 2, "Skien": 0, "Husbanken": 1} and row["total"] == 3


def test_passages_are_retrieved_by_code_and_municipality(world, fieldwork, client_for):
    f.code_excerpt(
        world.evaluator,
        fieldwork.husbanken_interview.source,
        fieldwork.anchoring,
        "Vi har fått til mye.",
    )
    drammen = selectors.passages_for(
        fieldwork.evaluation,
        code=f.code(fieldwork.evaluation, "kapittel-6"),
        municipality="Drammen",
    )
    assert [p.text for p in drammen] == ["Rådmannen har fulgt arbeidet tett."]
    page = (
        client_for(world.evaluator)
        .get(
            reverse("evaluation:retrieve", args=[fieldwork.evaluation.pk])
            + "?code=forankring&kommune=Husbanken"
        )
        .content.decode()
    )
    assert "Vi har fått til mye." in page and "Rådmannen har fulgt arbeidet tett." not in page


def test_memos_are_kept_on_passages_and_codes(world, fieldwork, client_for):
    client = client_for(world.evaluator)
    client.post(
        reverse("evaluation:passage_memo", args=[fieldwork.passage.pk]),
        {"text": "Typisk for kommuner med rådmannsforankring."},
    )
    client.post(
        reverse("evaluation:codebook", args=[fieldwork.evaluation.pk]),
        {"code": fieldwork.anchoring.pk, "memo": "Se kap. 6.1."},
    )
    assert (
        "Typisk for kommuner med rådmannsforankring."
        in client.get(
            reverse("evaluation:interview", args=[fieldwork.interview.pk])
        ).content.decode()
    )
    assert (
        "Se kap. 6.1."
        in client.get(
            reverse("evaluation:codebook", args=[fieldwork.evaluation.pk])
        ).content.decode()
    )


def test_a_quote_must_be_approved_before_a_report_can_use_it(world, fieldwork):
    assert selectors.approved_quotes(fieldwork.evaluation, "forankring") == []
    quote = fieldwork.quote
    services.quote_decide(
        user=world.evaluator,
        quote=quote,
        version=quote.version,
        status=QuoteStatus.APPROVED,
        attribution="programleder i en programkommune",
    )
    [approved] = selectors.approved_quotes(fieldwork.evaluation, "forankring", limit=5)
    assert approved["text"] == "Rådmannen har fulgt arbeidet tett."
    assert approved["attribution"] == "programleder i en programkommune"
    assert approved["municipality"] == "Drammen" and approved["identification_warning"] == ""
    # Approved quotes also come back for the parent code and by id.
    assert (
        len(
            selectors.approved_quotes(
                fieldwork.evaluation, f.code(fieldwork.evaluation, "kapittel-6").pk
            )
        )
        == 1
    )


def test_an_identifying_attribution_warns_and_needs_a_review(world, fieldwork, client_for):
    from boligsosial.municipalities.models import Population

    Population.objects.create(code="0602", year=2011, value=63_582)
    quote = fieldwork.quote
    assert quote.attribution == "programleder, Drammen kommune"
    with pytest.raises(ValidationError) as error:
        services.quote_decide(
            user=world.evaluator, quote=quote, version=quote.version, status=QuoteStatus.APPROVED
        )
    assert (
        "Bare én person har denne rollen i kommunen"
        in error.value.message_dict["identification_reviewed"][0]
    )
    page = (
        client_for(world.evaluator)
        .get(reverse("evaluation:quotes", args=[fieldwork.evaluation.pk]))
        .content.decode()
    )
    assert "Kan identifisere personen:" in page
    services.quote_decide(
        user=world.evaluator,
        quote=quote,
        version=quote.version,
        status=QuoteStatus.APPROVED,
        identification_reviewed=True,
    )
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.APPROVED and quote.identification_reviewed


def test_a_small_municipality_makes_a_role_identifying(world, fieldwork):
    from boligsosial.municipalities.models import Population

    Population.objects.create(code="0602", year=2011, value=4_800)
    quote = fieldwork.quote
    services.quote_decide(
        user=world.evaluator,
        quote=quote,
        version=quote.version,
        status=QuoteStatus.DRAFT,
        attribution="rådgiver i Drammen",
    )
    from boligsosial.evaluation.quotes import identification_warning

    quote.refresh_from_db()
    assert identification_warning(quote) == ""  # "rådgiver" is not a one-person role...
    quote.attribution = "programleder i Drammen"
    assert "en liten kommune (4\xa0800 innbyggere)" in identification_warning(quote)


def test_a_whole_answer_can_be_coded_with_one_button(world, fieldwork, client_for):
    client = client_for(world.evaluator)
    section = fieldwork.interview.sections.get(guide_question__number=1)
    mobilising = f.code(fieldwork.evaluation, "mobilisering")
    page = client.get(
        reverse("evaluation:interview", args=[fieldwork.interview.pk])
    ).content.decode()
    assert f'id="section-code-{section.pk}"' in page
    client.post(
        reverse("evaluation:interview", args=[fieldwork.interview.pk]),
        {"code": mobilising.pk, "excerpt": section.text, "near": section.start},
    )
    passage = CodedPassage.objects.get(code=mobilising)
    assert (passage.start, passage.end) == (section.start, section.end)


def test_list_pages_do_not_query_per_row(world, fieldwork, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.evaluator)
    urls = [
        reverse("evaluation:interviews", args=[fieldwork.evaluation.pk]),
        reverse("evaluation:matrix", args=[fieldwork.evaluation.pk]),
        reverse("evaluation:results", args=[fieldwork.evaluation.pk]),
    ]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            result.append(len(ctx.captured_queries))
        return result

    before = counts()
    for n in range(4):
        interview = f.make_interview(
            world,
            fieldwork.evaluation,
            participation=world.skien_participation,
            answers={1: f"Svar {n}.", 2: "Mer."},
        )
        f.code_excerpt(world.evaluator, interview.source, fieldwork.anchoring, f"Svar {n}.")
    assert counts() == before
