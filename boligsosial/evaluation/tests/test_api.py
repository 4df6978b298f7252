import json

from boligsosial.accounts.models import ApiToken
from boligsosial.evaluation.models import ResponseStatus
from boligsosial.evaluation.tests.test_questionnaire import _all_required

BASE = "/api/v1/evaluation"


def test_readers_get_the_contract_data_and_outsiders_get_404(world, fieldwork, client_for):
    ev = fieldwork.evaluation.pk
    contact = client_for(world.contact)
    assert [e["title"] for e in contact.get(f"{BASE}/evaluations").json()] == [
        "Underveisevaluering høsten 2011"
    ]
    assert contact.get(f"{BASE}/evaluations/{ev}/informants").json() == {
        "municipal": 1,
        "husbanken": 1,
    }
    assert contact.get(f"{BASE}/evaluations/{ev}/code-matrix").json()["columns"] == [
        "Drammen",
        "Skien",
        "Husbanken",
    ]
    assert contact.get(f"{BASE}/evaluations/{ev}/quotes?code=forankring").json() == []
    assert contact.get(f"{BASE}/evaluations/{ev}/passages").status_code == 404  # informant material
    for persona in (world.viewer, world.drammen_leader):
        client = client_for(persona)
        assert client.get(f"{BASE}/evaluations").json() == []
        assert client.get(f"{BASE}/evaluations/{ev}").status_code == 404
        assert client.get(f"{BASE}/evaluations/{ev}/results").status_code == 404


def test_a_bearer_token_works_like_the_session(world, fieldwork, client):
    _token, key = ApiToken.issue(user=world.evaluator, name="analyse")
    response = client.get(
        f"{BASE}/evaluations/{fieldwork.evaluation.pk}/results", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == 200
    assert response.json()["response_rate"] == {"total": 2, "submitted": 0, "share": 0.0}


def test_the_team_codes_passages_and_adds_respondents_through_the_api(world, fieldwork, client_for):
    client = client_for(world.evaluator)
    source = fieldwork.interview.source
    response = client.post(
        f"{BASE}/passages",
        json.dumps({"source_id": source.pk, "code": "mobilisering", "start": 0, "end": 2}),
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["text"] == source.plain_text[:2]
    response = client.post(
        f"{BASE}/questionnaires/{fieldwork.questionnaire.pk}/respondents",
        json.dumps({"participation_id": world.skien_participation.pk, "role": "rådgiver"}),
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["municipality"] == "Skien"
    outsider = client_for(world.contact)
    assert (
        outsider.post(
            f"{BASE}/passages",
            json.dumps({"source_id": source.pk, "code": "mobilisering", "start": 0, "end": 2}),
            content_type="application/json",
        ).status_code
        == 404
    )


def test_a_municipal_user_answers_own_form_through_the_api_but_not_others(
    world, fieldwork, client_for
):
    client = client_for(world.drammen_leader)
    payload = {
        "answers": {k: {"value": v["value"]} for k, v in _all_required().items()},
        "submit": True,
    }
    response = client.post(
        f"{BASE}/respondents/{fieldwork.drammen_respondent.pk}/answers",
        json.dumps(payload),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == ResponseStatus.SUBMITTED
    response = client.post(
        f"{BASE}/respondents/{fieldwork.skien_respondent.pk}/answers",
        json.dumps(payload),
        content_type="application/json",
    )
    assert response.status_code == 404
    response = client.post(
        f"{BASE}/respondents/{fieldwork.drammen_respondent.pk}/answers",
        json.dumps({"answers": {"oppmerksomhet": {"value": "kanskje"}}, "submit": False}),
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["errors"]["oppmerksomhet"] == [
        "Velg blant svaralternativene."
    ]
