"""The API's edits: versions required (428 without, 409 stale), inputs checked with a
Norwegian message (422, never a 500), schema names unique across the whole API."""

import json

import pytest
from django.urls import reverse

from boligsosial.evaluation_report.models import NarrativeSection, RecommendationRule


def _send(client, method, url, payload):
    return getattr(client, method)(url, json.dumps(payload), content_type="application/json")


def edits(w):
    return [
        (
            "put",
            reverse("api:save_narrative", args=[w.report.pk, "2"]),
            {"markdown": "Bakgrunn."},
        ),
        (
            "put",
            reverse("api:update_rule", args=[w.programme.pk, "youth_measures"]),
            {"threshold": 50, "enabled": True},
        ),
        ("post", reverse("api:publish", args=[w.report.pk]), {"note": "Ny"}),
    ]


def test_every_api_edit_without_a_version_is_refused_with_428_and_changes_nothing(
    report_world, client_for
):
    w = report_world
    client = client_for(w.evaluator)
    for method, url, payload in edits(w):
        response = _send(client, method, url, payload)
        assert response.status_code == 428, (url, response.content)
        assert "version" in response.json()["detail"]
    assert not NarrativeSection.objects.filter(report=w.report, key="2").exists()
    assert not RecommendationRule.objects.filter(programme=w.programme).exists()
    assert w.report.versions.count() == 1


def test_a_narrative_edit_based_on_an_old_version_is_refused_with_409(report_world, client_for):
    w = report_world
    client = client_for(w.evaluator)
    url = reverse("api:save_narrative", args=[w.report.pk, "2"])
    assert _send(client, "put", url, {"markdown": "Første.", "version": 0}).status_code == 200
    listed = client.get(reverse("api:list_narratives", args=[w.report.pk])).json()
    assert next(n for n in listed if n["key"] == "2")["version"] == 1
    # A second writer who also read "no text yet" does not overwrite the first.
    response = _send(client, "put", url, {"markdown": "Andre.", "version": 0})
    assert response.status_code == 409 and response.json()["current_version"] == 1
    assert _send(client, "put", url, {"markdown": "Andre.", "version": 1}).status_code == 200
    assert NarrativeSection.objects.get(report=w.report, key="2").markdown == "Andre."


def test_a_rule_edit_based_on_an_old_version_is_refused_with_409(report_world, client_for):
    w = report_world
    client = client_for(w.evaluator)
    url = reverse("api:update_rule", args=[w.programme.pk, "youth_measures"])
    assert _send(client, "put", url, {"threshold": 40, "version": 0}).json()["version"] == 1
    assert _send(client, "put", url, {"threshold": 45, "version": 1}).json()["version"] == 2
    response = _send(client, "put", url, {"threshold": 60, "version": 1})
    assert response.status_code == 409 and response.json()["current_version"] == 2
    assert RecommendationRule.objects.get(programme=w.programme).threshold == 45


def test_publishing_a_report_changed_since_it_was_read_is_refused_with_409(
    report_world, client_for
):
    from boligsosial.evaluation_report import services

    w = report_world
    client = client_for(w.evaluator)
    read = client.get(reverse("api:get_report", args=[w.report.pk])).json()["version"]
    services.report_update(
        user=w.evaluator, report=w.report, version=read, title="Rapport 2011, revidert"
    )
    url = reverse("api:publish", args=[w.report.pk])
    assert _send(client, "post", url, {"note": "", "version": read}).status_code == 409
    assert w.report.versions.count() == 1
    assert _send(client, "post", url, {"note": "", "version": read + 1}).status_code == 200
    assert w.report.versions.count() == 2


@pytest.mark.parametrize(
    "payload, field, message",
    [
        ({"threshold": -1}, "threshold", "0 eller større"),
        ({"threshold": "1e20"}, "threshold", "over 99 999 999,99"),
        ({"threshold": 120}, "threshold", "over 100 %"),
        ({"threshold": "2.555"}, "threshold", "to desimaler"),
        ({"threshold": "mange"}, "threshold", ""),
        ({"threshold": "NaN"}, "threshold", ""),
    ],
)
def test_a_bad_threshold_gets_422_with_a_message_and_changes_nothing(
    report_world, client_for, payload, field, message
):
    w = report_world
    url = reverse("api:update_rule", args=[w.programme.pk, "youth_measures"])
    response = _send(client_for(w.evaluator), "put", url, {**payload, "version": 0})
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert message in " ".join(errors[field])
    assert not RecommendationRule.objects.exists()


def test_an_unknown_rule_through_the_api_is_422_with_its_name(report_world, client_for):
    w = report_world
    url = reverse("api:update_rule", args=[w.programme.pk, "no_such_rule"])
    response = _send(client_for(w.evaluator), "put", url, {"threshold": 5, "version": 0})
    assert response.status_code == 422
    assert "no_such_rule" in " ".join(response.json()["errors"]["code"])


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"format": "exe"}, "format"),
        ({"format": "html", "language": "xx"}, "language"),
        ({"format": "html", "version": 10**30}, "version"),
        ({"format": "html", "version": 0}, "version"),
    ],
)
def test_a_bad_generation_request_gets_422(report_world, client_for, payload, field):
    w = report_world
    response = _send(
        client_for(w.evaluator), "post", reverse("api:create_job", args=[w.report.pk]), payload
    )
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]


def test_an_unknown_decision_gets_422_in_norwegian(report_world, client_for):
    w = report_world
    url = reverse("api:decide", args=[w.report.pk, "steering_group"])
    response = _send(client_for(w.evaluator), "post", url, {"decision": "maybe", "reason": "x"})
    assert response.status_code == 422
    assert "godtar" in " ".join(response.json()["errors"]["decision"])


def test_the_report_schemas_have_names_no_other_app_uses(client_for, world):
    import importlib

    from ninja import Schema

    names = client_for(world.admin).get(reverse("api:openapi-json")).json()["components"]["schemas"]

    def schema_names(module_name):
        module = importlib.import_module(module_name)
        return {
            obj.__name__
            for obj in vars(module).values()
            if isinstance(obj, type)
            and issubclass(obj, Schema)
            and obj is not Schema
            and obj.__module__ == module_name
        }

    ours = schema_names("boligsosial.evaluation_report.api")
    assert {"EvaluationReportOut", "RecommendationDecisionIn", "ReportPublishIn"} <= ours
    apps = ("evaluation", "followup", "instruments", "municipalities", "plans", "programmes")
    theirs = set().union(*(schema_names(f"boligsosial.{app}.api") for app in apps + ("reporting",)))
    assert not ours & theirs, f"used by another app too: {sorted(ours & theirs)}"
    documented = {name for name in ours if name.endswith(("In", "Out"))}
    assert documented <= set(names)
