import json

from boligsosial.reporting.tests.conftest import ANSWERS, COMPLETE

BASE = "/api/v1/reporting"


def put(client, url, payload):
    return client.put(url, json.dumps(payload), content_type="application/json")


def test_the_api_writes_values_through_the_same_rules_as_the_form(client_for, world, period):
    client = client_for(world.drammen_leader)
    created = client.post(
        f"{BASE}/reports",
        {"participation_id": world.drammen_participation.pk, "period_id": period.pk},
        content_type="application/json",
    )
    assert created.status_code == 201
    report = created.json()
    refused = put(
        client,
        f"{BASE}/reports/{report['id']}/values",
        {"values": [{"indicator": "homeless_persons", "value": "12,5"}]},
    )
    assert refused.status_code == 422
    assert "ikke et helt tall" in refused.json()["errors"]["homeless_persons"][0]
    saved = put(
        client,
        f"{BASE}/reports/{report['id']}/values",
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
        f"{BASE}/reports/{report['id']}/values",
        {"version": report["version"], "values": []},
    )
    assert stale.status_code == 409 and "Noen andre har lagret endringer" in stale.json()["detail"]
    submitted = client.post(f"{BASE}/reports/{report['id']}/submit")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    returned = client_for(world.contact).post(
        f"{BASE}/reports/{report['id']}/return", {"comment": ""}, content_type="application/json"
    )
    assert returned.status_code == 422


def test_the_api_reads_the_catalogue_with_every_version_and_its_disaggregations(
    client_for, world, period
):
    indicators = client_for(world.viewer).get(f"{BASE}/indicators").json()
    homeless = next(i for i in indicators if i["code"] == "homeless_persons")
    assert homeless["dimensions"][0]["options"][0]["code"] == "under25"
    assert (
        homeless["unit"] == "persons"
        and homeless["aggregation"] == "stock"
        and homeless["better"] == "lower"
    )


def test_the_jsonstat_export_route_is_for_husbanken(client_for, world, period):
    response = client_for(world.admin).get(
        f"/api/v1/reporting/programmes/{world.programme.pk}/values?format=jsonstat"
    )
    assert response.json()["version"] == "2.0"
