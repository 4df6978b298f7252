import json

from django.urls import reverse

from boligsosial.accounts.models import ApiToken
from boligsosial.evaluation.models import ResponseStatus
from boligsosial.evaluation.tests.test_questionnaires import _all_required


def api(name: str, *args) -> str:
    return reverse(f"api:{name}", args=list(args))


def test_readers_get_the_contract_data_and_outsiders_get_404(world, fieldwork, client_for):
    ev = fieldwork.evaluation.pk
    contact = client_for(world.contact)
    assert [e["title"] for e in contact.get(api("evaluation_list")).json()] == [
        "Underveisevaluering høsten 2011"
    ]
    assert contact.get(api("evaluation_informants", ev)).json() == {
        "municipal": 1,
        "husbanken": 1,
    }
    assert contact.get(api("evaluation_code_matrix", ev)).json()["columns"] == [
        "Drammen",
        "Skien",
        "Husbanken",
    ]
    assert contact.get(api("evaluation_quotes", ev) + "?code=forankring").json() == []
    assert contact.get(api("evaluation_passage_list", ev)).status_code == 404  # informant material
    for persona in (world.viewer, world.drammen_leader):
        client = client_for(persona)
        assert client.get(api("evaluation_list")).json() == []
        assert client.get(api("evaluation_get", ev)).status_code == 404
        assert client.get(api("evaluation_results", ev)).status_code == 404


def test_a_bearer_token_works_like_the_session(world, fieldwork, client):
    _token, key = ApiToken.issue(user=world.evaluator, name="analyse")
    response = client.get(
        api("evaluation_results", fieldwork.evaluation.pk), HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == 200
    assert response.json()["response_rate"] == {"total": 2, "submitted": 0, "share": 0.0}


def test_the_team_codes_passages_and_adds_respondents_through_the_api(world, fieldwork, client_for):
    client = client_for(world.evaluator)
    source = fieldwork.interview.source
    response = client.post(
        api("evaluation_passages"),
        json.dumps({"source_id": source.pk, "code": "mobilisering", "start": 0, "end": 2}),
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["text"] == source.plain_text[:2]
    response = client.post(
        api("evaluation_respondent_add", fieldwork.questionnaire.pk),
        json.dumps({"participation_id": world.skien_participation.pk, "role": "rådgiver"}),
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["municipality"] == "Skien"
    outsider = client_for(world.contact)
    assert (
        outsider.post(
            api("evaluation_passages"),
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
        "version": fieldwork.drammen_respondent.version,
    }
    response = client.post(
        api("evaluation_respondent_answers", fieldwork.drammen_respondent.pk),
        json.dumps(payload),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == ResponseStatus.SUBMITTED
    version = response.json()["version"]
    response = client.post(
        api("evaluation_respondent_answers", fieldwork.skien_respondent.pk),
        json.dumps(payload),
        content_type="application/json",
    )
    assert response.status_code == 404
    response = client.post(
        api("evaluation_respondent_answers", fieldwork.drammen_respondent.pk),
        json.dumps(
            {
                "answers": {"oppmerksomhet": {"value": "kanskje"}},
                "submit": False,
                "version": version,
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["errors"]["oppmerksomhet"] == [
        "Velg blant svaralternativene."
    ]


def test_saving_answers_through_the_api_requires_the_current_version(world, fieldwork, client_for):
    from django.urls import reverse

    from boligsosial.evaluation.models import Answer

    respondent = fieldwork.drammen_respondent
    url = reverse("api:evaluation_respondent_answers", args=[respondent.pk])
    client = client_for(world.drammen_leader)
    body = {"answers": {"oppmerksomhet": {"value": "ja"}}, "submit": False}
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 428
    assert response.json()["current_version"] == respondent.version
    assert "version" in response.json()["detail"]
    assert not Answer.objects.filter(respondent=respondent).exists()
    first = client.post(
        url, json.dumps({**body, "version": respondent.version}), content_type="application/json"
    )
    assert first.status_code == 200 and first.json()["version"] == respondent.version + 1
    stale = client.post(
        url,
        json.dumps(
            {**body, "answers": {"oppmerksomhet": {"value": "nei"}}, "version": respondent.version}
        ),
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert stale.json()["current_version"] == respondent.version + 1
    assert Answer.objects.get(respondent=respondent, question__name="oppmerksomhet").value == "ja"


def test_evaluation_schema_names_are_unique_in_the_whole_openapi_document(client_for, world):
    """Two schemas with one name make ninja document one body for both operations."""
    import ninja

    from boligsosial.evaluation import api as evaluation_api
    from boligsosial.evaluation import api_fieldwork

    document = client_for(world.evaluator).get(reverse("api:openapi-json")).json()

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    modules = (evaluation_api, api_fieldwork)
    mine = {
        name
        for module in modules
        for name, value in vars(module).items()
        if isinstance(value, type) and issubclass(value, ninja.Schema) and value is not ninja.Schema
    }
    others = [
        cls.__name__
        for cls in subclasses(ninja.Schema)
        if cls.__module__.startswith("boligsosial.")
        and cls.__module__ not in {m.__name__ for m in modules}
    ]
    assert {"EvaluationReportOut", "ReportingReportOut"} <= set(others)  # every app's are loaded
    assert mine and not mine & set(others)
    assert mine <= set(document["components"]["schemas"])
