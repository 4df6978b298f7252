import json
import re

from django.urls import reverse

from boligsosial.reporting.tests.conftest import ANSWERS, COMPLETE


def api(name, **kwargs):
    return reverse(f"api:{name}", kwargs=kwargs)


def put(client, url, payload):
    return client.put(url, json.dumps(payload), content_type="application/json")


def test_the_api_writes_values_through_the_same_rules_as_the_form(client_for, world, period):
    client = client_for(world.drammen_leader)
    created = client.post(
        api("start_report"),
        {"participation_id": world.drammen_participation.pk, "period_id": period.pk},
        content_type="application/json",
    )
    assert created.status_code == 201
    report = created.json()
    refused = put(
        client,
        api("save_values", report_id=report["id"]),
        {
            "version": report["version"],
            "values": [{"indicator": "homeless_persons", "value": "12,5"}],
        },
    )
    assert refused.status_code == 422
    assert "ikke et helt tall" in refused.json()["errors"]["homeless_persons"][0]
    saved = put(
        client,
        api("save_values", report_id=report["id"]),
        {
            "version": report["version"],
            "values": [{"indicator": k, "value": v} for k, v in COMPLETE.items()]
            + [
                {
                    "indicator": "evictions",
                    "not_available": True,
                    "not_available_reason": "Ikke registrert",
                    "value": "",
                }
            ],
            "answers": ANSWERS,
        },
    )
    assert saved.status_code == 200
    body = saved.json()["report"]
    evictions = next(v for v in body["values"] if v["indicator"] == "evictions")
    assert evictions["not_available"] and evictions["value"] is None
    stale = put(
        client,
        api("save_values", report_id=report["id"]),
        {"version": report["version"], "values": []},
    )
    assert stale.status_code == 409 and "Noen andre har lagret endringer" in stale.json()["detail"]
    submitted = client.post(
        api("submit_report", report_id=report["id"]),
        {"version": saved.json()["report"]["version"]},
        content_type="application/json",
    )
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    returned = client_for(world.contact).post(
        api("return_report", report_id=report["id"]),
        {"version": submitted.json()["version"], "comment": ""},
        content_type="application/json",
    )
    assert returned.status_code == 422


def test_the_api_reads_the_catalogue_with_every_version_and_its_disaggregations(
    client_for, world, period
):
    indicators = client_for(world.viewer).get(api("list_indicators")).json()
    homeless = next(i for i in indicators if i["code"] == "homeless_persons")
    assert homeless["dimensions"][0]["options"][0]["code"] == "under25"
    assert (
        homeless["unit"] == "persons"
        and homeless["aggregation"] == "stock"
        and homeless["better"] == "lower"
    )


def test_the_jsonstat_export_route_is_for_husbanken(client_for, world, period):
    response = client_for(world.admin).get(
        api("export_values", programme_id=world.programme.pk) + "?format=jsonstat"
    )
    assert response.json()["version"] == "2.0"


def post(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


def test_every_api_edit_of_a_report_needs_the_version_it_is_based_on(
    client_for, world, complete_draft
):
    leader, contact = client_for(world.drammen_leader), client_for(world.contact)
    pk = complete_draft.pk
    version = complete_draft.version
    without = put(leader, api("save_values", report_id=pk), {"values": []})
    assert without.status_code == 428 and "«version»" in without.json()["detail"]
    assert without.json()["current_version"] == version
    assert post(leader, api("submit_report", report_id=pk), {}).status_code == 428
    assert (
        post(leader, api("submit_report", report_id=pk), {"version": version - 1}).status_code
        == 409
    )
    submitted = post(leader, api("submit_report", report_id=pk), {"version": version})
    assert submitted.status_code == 200
    version = submitted.json()["version"]
    for action in ("return", "approve"):
        refused = post(contact, api(f"{action}_report", report_id=pk), {"comment": "Se over."})
        assert refused.status_code == 428
        stale = post(
            contact,
            api(f"{action}_report", report_id=pk),
            {"version": version - 1, "comment": "Se over."},
        )
        assert stale.status_code == 409 and stale.json()["current_version"] == version
    approved = post(contact, api("approve_report", report_id=pk), {"version": version})
    assert approved.status_code == 200
    version = approved.json()["version"]
    assert (
        post(contact, api("reopen_report", report_id=pk), {"comment": "Feil."}).status_code == 428
    )
    reopened = post(
        contact,
        api("reopen_report", report_id=pk),
        {"version": version, "comment": "Feil i tallene."},
    )
    assert reopened.status_code == 200 and reopened.json()["status"] == "returned"
    complete_draft.refresh_from_db()
    assert complete_draft.events.count() == 4  # create, submit, approve, reopen


def test_reporting_schemas_have_names_of_their_own_in_the_openapi_document(client_for, world):
    document = client_for(world.admin).get(api("openapi-json")).json()
    schemas = document["components"]["schemas"]
    referenced = set()
    for path, operations in document["paths"].items():
        if path.startswith(api("list_indicators").removesuffix("indicators")):
            referenced |= set(re.findall(r'"#/components/schemas/(\w+)"', json.dumps(operations)))
    assert referenced
    assert {name for name in referenced if not name.startswith("Reporting")} <= {"ErrorOut"}
    # The report as reporting describes it, not another app's schema of the same name.
    assert "municipality_code" in schemas["ReportingReportOut"]["properties"]
    assert "values" in schemas["ReportingReportDetailOut"]["properties"]


def test_a_deep_or_non_finite_json_body_is_refused_not_a_server_error(
    client_for, world, draft, report_counts
):
    client = client_for(world.drammen_leader)
    url = api("save_values", report_id=draft.pk)
    bodies = [
        '{"version": 1, "values": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"version": 1, "values": [{"indicator": "evictions", "value": NaN}]}',
        '{"version": 1, "values": [{"indicator": "evictions", "value": Infinity}]}',
        '{"version": 1e309, "values": []}',
        '{"version": NaN, "answers": {"status": -Infinity}}',
    ]
    statuses = [
        client.put(url, body, content_type="application/json").status_code for body in bodies
    ]
    report_counts(
        "reporting API hostile JSON",
        cases=len(bodies),
        server_errors=sum(s >= 500 for s in statuses),
        partial_writes=draft.values.count(),
    )
    assert all(status in (400, 422) for status in statuses), statuses
    assert not draft.values.exists()
