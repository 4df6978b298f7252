import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from boligsosial.evaluation import selectors, services
from boligsosial.evaluation.models import GuideAudience
from boligsosial.evaluation.tests import factories as f

# Appendix 2, as printed ("fatt" included).
GUIDE_A = [
    "Hvis du skal gi et eksempel eller fortelle en historie om det du /dere har fatt til aller best, hva vil du fortelle om?",
    "Hva var det som gjorde at dette ble så vellykket (for eksempel planlegging, forankring, måter å organisere på, metoder, virkemidler m.m.)?",
    "Hva var det du bidro med til denne suksessen? Hvem andre bidro?",
    "Hva slags støtte har dere fått som har gjort denne suksessen mulig?",
    "Hva er det andre kan lære fra denne erfaringen?",
    "Hva er det du da håper å kunne fortelle om? (Hvilke resultater oppnådde dere? For hvilke målgrupper?)",
    "Hva er det som har bidratt til denne suksessen?",
    "Hva kan du gjøre allerede nå for å få til noe av dette?",
    "Hva kan Husbanken og evt. andre støttespillere gjøre?",
    "Eventuelle oppfølgingsspørsmål.",
]


def test_both_interview_guides_are_preloaded_word_for_word(world):
    evaluation = f.make_evaluation(world)
    municipal = evaluation.guides.get(audience=GuideAudience.MUNICIPALITY)
    husbanken = evaluation.guides.get(audience=GuideAudience.HUSBANKEN)
    assert [q.text for q in municipal.questions.all()] == GUIDE_A
    assert [q.part for q in municipal.questions.all()] == ["best"] * 5 + ["forward"] * 5
    assert husbanken.questions.get(number=8).text == (
        "Hva kan du og andre i Husbanken gjøre allerede nå for å få til noe av dette?"
    )
    assert (
        husbanken.questions.get(number=4).text
        == "Hva slags støtte har dere fatt som har gjort denne suksessen mulig?"
    )
    assert municipal.introduction.startswith(
        "Din kommune er deltaker i det boligsosiale programmet"
    )


def test_notes_are_stored_per_guide_question_with_offsets_into_the_plain_text(world, fieldwork):
    interview = fieldwork.interview
    sections = list(interview.sections.all())
    assert [s.guide_question.number for s in sections] == [1, 2]
    for section in sections:
        assert interview.source.plain_text[section.start : section.end] == section.text
    assert interview.source.plain_text.startswith("1. Hvis du skal gi et eksempel")


def test_a_transcript_is_split_by_question_number(world, fieldwork):
    guide = fieldwork.evaluation.guides.get(audience=GuideAudience.MUNICIPALITY)
    interview = services.interview_create(
        user=world.evaluator,
        evaluation=fieldwork.evaluation,
        guide=guide,
        held_on=fieldwork.interview.held_on,
        informant_role="leder for styringsgruppen",
        organisation="municipality",
        participation=world.skien_participation,
        consent=True,
        transcript="Om hensikten: å forebygge.\n1. Egen bolig-prosjektet.\n2) Forankring hos rådmannen.\n"
        "Spørsmål 9: Hjelp med målhierarki.",
    )
    assert {
        (s.guide_question.number if s.guide_question else 0): s.text
        for s in interview.sections.all()
    } == {
        0: "Om hensikten: å forebygge.",
        1: "Egen bolig-prosjektet.",
        2: "Forankring hos rådmannen.",
        9: "Hjelp med målhierarki.",
    }


def test_an_interview_needs_consent_and_a_role_not_a_name(world, fieldwork):
    guide = fieldwork.evaluation.guides.get(audience=GuideAudience.MUNICIPALITY)
    with pytest.raises(ValidationError) as error:
        services.interview_create(
            user=world.evaluator,
            evaluation=fieldwork.evaluation,
            guide=guide,
            held_on=fieldwork.interview.held_on,
            informant_role="",
            organisation="municipality",
            participation=None,
            consent=False,
        )
    assert set(error.value.message_dict) == {"consent", "informant_role", "participation"}


def test_editing_notes_keeps_coded_passages_on_the_same_words_or_refuses(world, fieldwork):
    interview = fieldwork.interview
    services.interview_update(
        user=world.evaluator,
        interview=interview,
        version=interview.version,
        answers={
            1: "Et nytt og lengre svar på spørsmål 1.",
            2: "Rådmannen har fulgt arbeidet tett.",
        },
    )
    fieldwork.passage.refresh_from_db()
    interview.source.refresh_from_db()
    assert (
        interview.source.plain_text[fieldwork.passage.start : fieldwork.passage.end]
        == "Rådmannen har fulgt arbeidet tett."
    )
    interview.refresh_from_db()
    with pytest.raises(ValidationError, match="ville fjerne tekst som er kodet"):
        services.interview_update(
            user=world.evaluator,
            interview=interview,
            version=interview.version,
            answers={1: "Noe helt annet."},
        )


def test_informants_are_counted_by_organisation(world, fieldwork):
    assert selectors.informant_counts(fieldwork.evaluation) == {"municipal": 1, "husbanken": 1}


def test_the_interview_form_has_one_field_per_guide_question(world, fieldwork, client_for):
    guide = fieldwork.evaluation.guides.get(audience=GuideAudience.MUNICIPALITY)
    client = client_for(world.evaluator)
    url = reverse("evaluation:interview_create", args=[fieldwork.evaluation.pk, guide.pk])
    assert "10. Eventuelle oppfølgingsspørsmål." in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "held_on": "2011-10-21",
            "informant_role": "programleder",
            "organisation": "municipality",
            "participation": world.skien_participation.pk,
            "consent": "on",
            "q6": "Flere unge i egen bolig.",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert (
        "Flere unge i egen bolig." in page
        and "6. Hva er det du da håper å kunne fortelle om?" in page
    )
