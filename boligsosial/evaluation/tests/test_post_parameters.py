"""Tampered hidden fields on the fieldwork pages: a Norwegian refusal, never a 500, nothing saved."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from boligsosial.evaluation.models import AgreementDecision, CodedPassage, Memo, Question


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    "posted",
    [
        {"code": "abc", "start": "0", "end": "5", "keep": "1"},
        {"code": "99999999999999999999999", "start": "0", "end": "5", "keep": "1"},
        {"code": "-1", "start": "0", "end": "5", "keep": "1"},
        {"code": "CODE", "start": "x", "end": "5", "keep": "1"},
        {"code": "CODE", "start": "0", "end": "99999999999999999999", "keep": "1"},
        {"code": "CODE", "start": "-4", "end": "5", "keep": "0"},
        {"code": "CODE", "start": "0", "end": "5", "keep": "maybe"},
        {"code": "CODE", "start": "5", "end": "2", "keep": "1"},
        {"code": "CODE", "start": "0", "end": "1000000", "keep": "1"},
        {"start": "0", "end": "5", "keep": "1"},
    ],
)
def test_settling_with_a_bad_code_or_unit_is_refused_in_norwegian_and_saves_nothing(
    world, fieldwork, client_for, posted
):
    posted = {k: str(fieldwork.anchoring.pk) if v == "CODE" else v for k, v in posted.items()}
    before = (AgreementDecision.objects.count(), CodedPassage.objects.count())
    response = client_for(world.evaluator).post(
        reverse("evaluation:agreement_settle", args=[fieldwork.interview.source.pk]), posted
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation:agreement", args=[fieldwork.evaluation.pk])
    [message] = _messages(response)
    assert message.startswith("Uenigheten er ikke avgjort:")
    assert (AgreementDecision.objects.count(), CodedPassage.objects.count()) == before


def test_a_code_from_another_evaluation_cannot_be_settled(world, fieldwork, client_for):
    from boligsosial.evaluation.tests import factories as f

    other = f.make_evaluation(world)
    foreign = other.codes.first()
    response = client_for(world.evaluator).post(
        reverse("evaluation:agreement_settle", args=[fieldwork.interview.source.pk]),
        {"code": foreign.pk, "start": 0, "end": 5, "keep": "1"},
    )
    assert response.status_code == 302
    assert "Koden finnes ikke i denne evalueringen." in _messages(response)[0]
    assert not AgreementDecision.objects.exists()


@pytest.mark.parametrize("code", ["abc", "99999999999999999999999", ""])
def test_a_code_memo_with_a_bad_code_is_refused_and_saves_nothing(
    world, fieldwork, client_for, code
):
    response = client_for(world.evaluator).post(
        reverse("evaluation:codebook", args=[fieldwork.evaluation.pk]),
        {"code": code, "memo": "Et notat"},
    )
    assert response.status_code == 302
    [message] = _messages(response)
    assert message.startswith("Kode:")
    assert not Memo.objects.exists()


def test_deleting_a_question_of_another_form_or_none_is_404_and_removes_nothing(
    world, fieldwork, client_for
):
    from boligsosial.evaluation.models import QuestionnaireStatus
    from boligsosial.evaluation.tests import factories as f

    fieldwork.questionnaire.status = QuestionnaireStatus.DRAFT
    fieldwork.questionnaire.save()
    other = f.make_evaluation(world).questionnaires.get().questions.first()
    before = Question.objects.count()
    client = client_for(world.evaluator)
    for question_pk in (other.pk, 2_000_000_000, 99999999999999999999):
        response = client.post(
            reverse("evaluation:question_delete", args=[fieldwork.questionnaire.pk, question_pk])
        )
        assert response.status_code == 404
    assert Question.objects.count() == before


@pytest.mark.parametrize("limit", ["-1", "abc", "99999999999999999999"])
def test_the_quotes_api_refuses_a_bad_limit_with_422(world, fieldwork, client_for, limit):
    url = reverse("api:evaluation_quotes", args=[fieldwork.evaluation.pk])
    response = client_for(world.evaluator).get(url, {"code": "forankring", "limit": limit})
    assert response.status_code == 422
    assert "query.limit" in response.json()["errors"]
