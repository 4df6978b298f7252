"""Every plans API input is bounded: bad values get a Norwegian 422, never a 500; edits need a version.

The probe sends each write route's valid body with one field at a time replaced by a bad
value (huge number, null, impossible date, unknown choice, over-long text, NaN, negative),
and each read route's query parameters likewise, and counts server errors.
"""

import datetime as dt
import json

import pytest
from django.test import Client

from boligsosial.plans.models import Goal, GoalLevel, Measure
from boligsosial.plans.tests.factories import ResultFactory, make_measure

BAD_VALUES = {
    "huge": 10**30,
    "null": None,
    "bad_date": "2011-02-30",
    "unknown": "finnes-ikke",
    "long": "x" * 20_000,
    "nan": "NaN",
    "negative": -5,
    "infinity": "Infinity",
    "list": ["a"] * 3,
}


@pytest.fixture
def plan(world):
    goal = Goal.objects.create(
        participation=world.drammen_participation, level=GoalLevel.MAIN, title="Hovedmål"
    )
    measure = make_measure(world.drammen_participation, name="Boligløftet")
    return {"goal": goal, "measure": measure, "result": ResultFactory(measure=measure)}


def _routes(world, plan):
    """(method, url, body-maker): each body is built with the object's current version."""
    pp = world.drammen_participation.pk
    goal, measure = plan["goal"], plan["measure"]

    def version(model, pk):
        return model.objects.get(pk=pk).version

    goal_body = {
        "level": "main",
        "title": "Flere eier egen bolig",
        "description": "",
        "national_goals": [1],
        "position": 1,
        "baseline_value": "1.5",
        "target_date": "2015-01-01",
    }
    measure_body = {
        "name": "Tiltak",
        "kind": "sub_project",
        "partners": ["NAV"],
        "start_date": "2011-01-01",
        "target_groups": ["youth"],
        "methods": ["rent_to_own"],
        "goal_ids": [goal.pk],
        "status": "idea",
    }
    return [
        ("post", f"/api/v1/plans/participations/{pp}/goals", lambda: dict(goal_body)),
        (
            "put",
            f"/api/v1/plans/participations/{pp}/goals/{goal.pk}",
            lambda: {**goal_body, "version": version(Goal, goal.pk)},
        ),
        (
            "post",
            f"/api/v1/plans/participations/{pp}/measures",
            lambda: dict(measure_body),
        ),
        (
            "put",
            f"/api/v1/plans/measures/{measure.pk}",
            lambda: {**measure_body, "version": version(Measure, measure.pk)},
        ),
        (
            "post",
            f"/api/v1/plans/measures/{measure.pk}/status",
            lambda: {
                "status": "running",
                "date": "2012-01-01",
                "note": "",
                "version": version(Measure, measure.pk),
            },
        ),
        (
            "post",
            f"/api/v1/plans/measures/{measure.pk}/publication",
            lambda: {"published": True, "version": version(Measure, measure.pk)},
        ),
        (
            "post",
            f"/api/v1/plans/measures/{measure.pk}/funding",
            lambda: {"source": "municipal", "year": 2011, "amount_nok": "1000", "description": ""},
        ),
    ]


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_no_bad_value_in_any_plans_write_gives_a_server_error(world, plan, report_counts):
    client = _client(world.drammen_leader)
    cases = server_errors = 0
    failures = []
    for method, url, body in _routes(world, plan):
        for field in body():
            if field == "version":
                continue
            for name, value in BAD_VALUES.items():
                payload = {**body(), field: value}
                response = getattr(client, method)(
                    url, json.dumps(payload), content_type="application/json"
                )
                cases += 1
                if response.status_code >= 500:
                    server_errors += 1
                    failures.append((method, url, field, name))
                if response.status_code == 422:
                    assert "errors" in response.json(), (url, field, name)
    report_counts("plans API write probe", cases=cases, server_errors=server_errors)
    assert not failures, failures[:20]
    assert cases > 300


def test_no_bad_value_in_a_new_result_gives_a_server_error(world, plan, report_counts):
    client = _client(world.drammen_leader)
    url = f"/api/v1/plans/measures/{plan['measure'].pk}/results"
    body = {
        "date": "2011-06-01",
        "text": "Resultat",
        "value": "3",
        "value_label": "boliger",
        "value_unit": "antall",
        "date_note": "",
        "indicator_code": "",
    }
    cases, failures = 0, []
    for field in body:
        for name, value in BAD_VALUES.items():
            if value is None or isinstance(value, list):
                continue  # a form field cannot be null or a list
            cases += 1
            response = client.post(url, {**body, field: str(value)})
            if response.status_code >= 500:
                failures.append((field, name))
    report_counts("plans API result probe", cases=cases, server_errors=len(failures))
    assert not failures, failures


def test_bad_query_parameters_of_the_plans_reads_give_no_server_error(world, plan, report_counts):
    client = _client(world.drammen_leader)
    pp, programme = world.drammen_participation.pk, world.programme.pk
    urls = [
        f"/api/v1/plans/participations/{pp}/goals?as_of=",
        "/api/v1/plans/library?q=",
        "/api/v1/plans/library?target_group=",
        "/api/v1/plans/library?method=",
        "/api/v1/plans/library?status=",
        "/api/v1/plans/library?size=",
        "/api/v1/plans/library?municipality_code=",
        "/api/v1/plans/library?programme_id=",
        f"/api/v1/plans/programmes/{programme}/started-measures?target_group=",
        f"/api/v1/plans/programmes/{programme}/started-measures?as_of=",
    ]
    values = ["99999999999999999999999", "0000-00-00", '"AND OR NEAR(', "x" * 5000, "-1", "NaN"]
    cases, failures = 0, []
    for url in urls:
        for value in values:
            cases += 1
            response = client.get(url + value)
            if response.status_code >= 500:
                failures.append(url + value[:30])
    for path in ("/api/v1/plans/measures/", "/api/v1/plans/evidence/"):
        cases += 1
        if client.get(path + "9" * 30).status_code >= 500:
            failures.append(path)
    report_counts("plans API read probe", cases=cases, server_errors=len(failures))
    assert not failures, failures


def test_unknown_library_filters_are_refused_with_the_allowed_values_named(world, client_for):
    response = client_for(world.drammen_leader).get("/api/v1/plans/library?status=kjører")
    assert response.status_code == 422
    assert "kjører" in json.dumps(response.json(), ensure_ascii=False)
    assert "running" in json.dumps(response.json())


def test_over_long_text_is_refused_in_norwegian_naming_the_field(world, plan, client_for):
    response = client_for(world.drammen_leader).post(
        f"/api/v1/plans/participations/{world.drammen_participation.pk}/goals",
        {"level": "main", "title": "x" * 600},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "500 eller færre tegn" in str(response.json()["errors"]["title"])


def test_a_huge_number_is_refused_in_norwegian(world, plan, client_for):
    response = client_for(world.drammen_leader).post(
        f"/api/v1/plans/measures/{plan['measure'].pk}/funding",
        {"source": "municipal", "year": 2011, "amount_nok": "1e30"},
        content_type="application/json",
    )
    assert response.status_code == 422 and "amount_nok" in response.json()["errors"]
    year = client_for(world.drammen_leader).post(
        f"/api/v1/plans/measures/{plan['measure'].pk}/funding",
        {"source": "municipal", "year": 10**12},
        content_type="application/json",
    )
    assert year.status_code == 422 and "mellom 1990 og 2100" in str(year.json()["errors"]["year"])


EDITS = [
    ("put", "goal", lambda p: {"level": "main", "title": "Nytt navn"}),
    ("put", "measure", lambda p: {"name": "Nytt navn"}),
    ("post", "status", lambda p: {"status": "running", "date": "2012-01-01"}),
    ("post", "publication", lambda p: {"published": False}),
]


def _edit_url(world, plan, kind):
    pp, goal, measure = world.drammen_participation.pk, plan["goal"], plan["measure"]
    return {
        "goal": f"/api/v1/plans/participations/{pp}/goals/{goal.pk}",
        "measure": f"/api/v1/plans/measures/{measure.pk}",
        "status": f"/api/v1/plans/measures/{measure.pk}/status",
        "publication": f"/api/v1/plans/measures/{measure.pk}/publication",
    }[kind]


@pytest.mark.parametrize(("method", "kind", "body"), EDITS, ids=[e[1] for e in EDITS])
def test_every_plans_api_edit_needs_the_version_it_is_based_on(
    world, plan, client_for, method, kind, body
):
    client = client_for(world.drammen_leader)
    url = _edit_url(world, plan, kind)
    target = plan["goal"] if kind == "goal" else plan["measure"]
    send = getattr(client, method)
    missing = send(url, body(plan), content_type="application/json")
    assert missing.status_code == 428 and "version" in missing.json()["detail"]
    assert missing.json()["current_version"] == target.version
    fresh = send(url, {**body(plan), "version": target.version}, content_type="application/json")
    assert fresh.status_code == 200, fresh.content
    stale = send(url, {**body(plan), "version": target.version}, content_type="application/json")
    assert stale.status_code == 409


def test_plans_schema_names_are_unique_across_the_whole_api():
    import ninja

    from config.api import api  # noqa: F401  (loads every app's schemas)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    seen: dict[str, set[str]] = {}
    for schema in subclasses(ninja.Schema):
        if schema.__module__.startswith("boligsosial."):
            seen.setdefault(schema.__name__, set()).add(schema.__module__)
    ours = ("boligsosial.plans", "boligsosial.followup")
    clashes = {
        name: modules
        for name, modules in seen.items()
        if len(modules) > 1 and any(m.startswith(ours) for m in modules)
    }
    assert not clashes


def test_as_of_dates_are_plain_dates(world, plan, client_for):
    response = client_for(world.drammen_leader).get(
        f"/api/v1/plans/participations/{world.drammen_participation.pk}/goals",
        {"as_of": dt.date(2011, 1, 1).isoformat()},
    )
    assert response.status_code == 200 and response.json()["as_of"] == "2011-01-01"


def test_null_and_impossible_dates_are_refused_in_norwegian(world, plan, client_for):
    response = client_for(world.drammen_leader).post(
        f"/api/v1/plans/participations/{world.drammen_participation.pk}/goals",
        {"level": "main", "title": None, "target_date": "2011-02-30"},
        content_type="application/json",
    )
    errors = response.json()["errors"]
    assert response.status_code == 422
    assert errors["title"] == ["Oppgi tekst (ikke null, et tall eller en liste)."]
    assert errors["target_date"] == ["Oppgi en gyldig dato på formen ÅÅÅÅ-MM-DD."]


PAGE_POSTS = [
    ("plans:funding_add", {"funding-source": "municipal", "funding-year": str(10**15)}),
    ("plans:funding_add", {"funding-source": "municipal", "funding-amount_nok": "1e30"}),
    ("plans:measure_status", {"status-status": "running", "status-date": "2011-02-30"}),
    ("plans:measure_status", {"status-status": "x" * 100, "status-date": "2011-01-01"}),
    ("plans:measure_edit", {"name": "x" * 5000, "kind": "sub_project", "version": "9" * 30}),
    ("plans:result_create", {"date": "2011-01-01", "text": "Tekst", "value": "1e30"}),
]


@pytest.mark.parametrize(("name", "data"), PAGE_POSTS)
def test_bad_page_input_is_a_form_error_never_a_server_error(world, plan, name, data):
    from django.urls import reverse

    client = _client(world.drammen_leader)
    response = client.post(reverse(name, args=[plan["measure"].pk]), data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-color="danger"' in page or "errorlist" in page
