"""The programme table in the API and on the page (issue 14): written directly for speed,
the same as through the response schema and the template loop, cell for cell."""

import json

from django.urls import reverse
from django.utils.html import escape
from ninja.responses import NinjaJSONEncoder

from boligsosial.core.tests.matrix_probe import openapi_schema
from boligsosial.reporting import selectors, services
from boligsosial.reporting.api import ReportingTableOut
from boligsosial.reporting.tests.conftest import ANSWERS, complete_inputs
from boligsosial.reporting.tests.test_selectors import approve


def _approve_not_available(world, participation, leader, period, code):
    inputs = [i for i in complete_inputs() if i.indicator_code != code]
    inputs.append(services.ValueInput(code, not_available=True, reason="Tallet finnes ikke."))
    report = services.report_start(user=leader, participation=participation, period=period)
    services.report_save(user=leader, report=report, version=None, values=inputs, answers=ANSWERS)
    report = services.report_submit(user=leader, report=report)
    return services.report_approve(user=world.admin, report=report)


def _mixed_table(world, period, earlier_period):
    """Drammen: 30, then 2 (suppressed); Skien: no report (missing), then not available;
    Skien under a name that JSON escapes."""
    municipality = world.skien_participation.municipality
    municipality.name = 'Skien – «Ø» "x"'
    municipality.save()
    approve(
        world,
        world.drammen_participation,
        world.drammen_leader,
        earlier_period,
        homeless_persons="30",
        hf_cohort_12m="8",
        hf_housed_12m="3",
    )
    approve(world, world.drammen_participation, world.drammen_leader, period, homeless_persons="2")
    _approve_not_available(
        world, world.skien_participation, world.skien_leader, period, "homeless_persons"
    )


def _through_schema(table) -> str:
    """The text django-ninja gives for the table through ReportingTableOut (the way the
    API answered before it wrote the text itself)."""
    data = {
        "indicator": table.indicator.code,
        "rows": [
            {
                "municipality_code": row.municipality_code,
                "municipality_name": row.municipality_name,
                "cells": [
                    {
                        "period": code,
                        "value": None if c.suppressed else c.value,
                        "not_available": c.not_available,
                        "suppressed": c.suppressed,
                    }
                    for (code, _label), c in zip(table.columns, row.cells, strict=True)
                ],
            }
            for row in table.rows
        ],
    }
    return json.dumps(ReportingTableOut.model_validate(data).model_dump(), cls=NinjaJSONEncoder)


def test_the_api_table_is_the_text_its_response_schema_gives(
    client_for, world, period, earlier_period
):
    _mixed_table(world, period, earlier_period)
    client = client_for(world.admin)
    url = reverse("api:get_table", kwargs={"programme_id": world.programme.pk})
    for query, selector_args in (
        ("indicator=homeless_persons", {}),
        ("indicator=homeless_persons&per_year=true", {"per_year": True}),
        ("indicator=hf_retention_rate", {}),
        ("indicator=hf_retention_rate&per_year=true", {"per_year": True}),
    ):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json; charset=utf-8"
        table = selectors.programme_table(
            world.programme, query.split("&")[0].split("=")[1], user=world.admin, **selector_args
        )
        assert response.content.decode() == _through_schema(table), query
    body = client.get(f"{url}?indicator=homeless_persons").json()
    rows = {row["municipality_name"]: row["cells"] for row in body["rows"]}
    assert rows["Drammen"][0] == {
        "period": "2010S1",
        "value": "30.0000",
        "not_available": False,
        "suppressed": False,
    }
    assert rows["Drammen"][1]["suppressed"] and rows["Drammen"][1]["value"] is None
    skien = rows['Skien – «Ø» "x"']
    assert skien[0]["value"] is None and not skien[0]["not_available"]  # missing, not 0
    assert skien[1]["not_available"] and skien[1]["value"] is None


def test_the_api_table_answers_only_the_users_rows_and_404_to_outsiders(
    client_for, world, period, earlier_period
):
    _mixed_table(world, period, earlier_period)
    url = reverse("api:get_table", kwargs={"programme_id": world.programme.pk})
    body = client_for(world.drammen_leader).get(f"{url}?indicator=homeless_persons").json()
    assert [row["municipality_name"] for row in body["rows"]] == ["Drammen"]
    assert client_for(world.admin).get(f"{url}?indicator=nope").status_code == 404
    missing = reverse("api:get_table", kwargs={"programme_id": 999_999})
    assert client_for(world.admin).get(f"{missing}?indicator=evictions").status_code == 404


def test_the_openapi_document_still_describes_the_table_response():
    operation = openapi_schema()["paths"]["/api/v1/reporting/programmes/{programme_id}/table"]
    schema = operation["get"]["responses"][200]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/ReportingTableOut"}


def test_the_table_page_writes_each_row_as_the_template_loop_would(
    client_for, world, period, earlier_period
):
    _mixed_table(world, period, earlier_period)
    url = reverse("reporting:programme_table", args=[world.programme.pk])
    text = client_for(world.admin).get(url + "?indikator=homeless_persons").content.decode()
    table = selectors.programme_table(world.programme, "homeless_persons", user=world.admin)
    for row in table.rows:
        cells = "".join(f"<td>{escape(c.text)}</td>" for c in row.cells)
        assert f'<tr><th scope="row">{escape(row.municipality_name)}</th>{cells}</tr>' in text
    assert "<td>30</td><td>under 3</td>" in text
    assert "<td>–</td><td>ikke tilgjengelig</td>" in text


def test_cells_with_the_same_content_are_shared_and_rates_keep_their_own_decimals(
    world, period, earlier_period
):
    approve(world, world.drammen_participation, world.drammen_leader, earlier_period)
    approve(world, world.skien_participation, world.skien_leader, earlier_period)
    approve(world, world.drammen_participation, world.drammen_leader, period)
    table = selectors.programme_table(world.programme, "homeless_persons", user=world.admin)
    drammen, skien = (row.cells for row in table.rows)
    assert drammen[0] is skien[0] and drammen[0] is drammen[1]  # 40 everywhere: one cell
    assert skien[1].text == "–" and not skien[1].reported
    rates = selectors.programme_table(
        world.programme, "hf_retention_rate", user=world.admin, per_year=True
    )
    # 3 of 4 housed, both half-years: 75.0 from the rate of the sums, not a stored 75.0000.
    assert str(rates.rows[0].cells[0].value) == "75.0"


def test_a_rate_equal_to_a_sum_of_its_parts_keeps_its_own_decimals(
    client_for, world, period, earlier_period
):
    # 50 housed of 100 at the year's end (stocks): the rate is 50.0 and the numerator
    # 50 as stored; equal numbers, but the API gives the rate as the rate ("50.0").
    for half in (earlier_period, period):
        approve(
            world,
            world.drammen_participation,
            world.drammen_leader,
            half,
            hf_participants="120",
            hf_cohort_12m="100",
            hf_housed_12m="50",
        )
    rates = selectors.programme_table(
        world.programme, "hf_retention_rate", user=world.admin, per_year=True
    )
    drammen = {row.municipality_name: row.cells for row in rates.rows}["Drammen"]
    assert str(drammen[0].value) == "50.0" and drammen[0].text == "50"
    url = reverse("api:get_table", kwargs={"programme_id": world.programme.pk})
    body = client_for(world.admin).get(f"{url}?indicator=hf_retention_rate&per_year=true").json()
    cells = {row["municipality_name"]: row["cells"] for row in body["rows"]}["Drammen"]
    assert cells[0]["value"] == "50.0"
