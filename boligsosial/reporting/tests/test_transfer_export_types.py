"""Every stored value type in every export format: numbers, dates and "not available" each
the way the format expects; derived values in none (the notes say so); DHIS2 states its id
scheme and can write the UIDs of an uploaded identifier table."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from jsonstat_validator import validate_jsonstat
from openpyxl import load_workbook

from boligsosial.reporting import services, transfer
from boligsosial.reporting.models import Dhis2Mapping, ReportValue
from boligsosial.reporting.services.dhis2 import dhis2_mapping_upload, dhis2_uids
from boligsosial.reporting.tests.conftest import complete_inputs


@pytest.fixture
def stored(world, draft):
    """A report with numbers, a date, a value marked not available and derived rates."""
    inputs = [i for i in complete_inputs() if i.indicator_code != "evictions"]
    inputs.append(services.ValueInput("evictions", not_available=True, reason="Ikke registrert"))
    services.report_save(user=world.drammen_leader, report=draft, version=None, values=inputs)
    rows = ReportValue.objects.filter(report=draft).select_related("indicator")
    kinds = {
        "dates": {r.indicator.code for r in rows if r.date_value is not None},
        "derived": {r.indicator.code for r in rows if r.indicator.is_derived},
        "na": {r.indicator.code for r in rows if r.not_available},
        "numbers": {
            r.indicator.code
            for r in rows
            if r.value is not None and not r.indicator.is_derived and not r.not_available
        },
    }
    assert kinds["dates"] == {"action_plan_date"} and kinds["na"] == {"evictions"}
    assert kinds["derived"] and kinds["numbers"]  # there is something of every kind to lose
    return kinds


def _values(world):
    return transfer.export_values(world.programme, user=world.admin)


def test_csv_and_excel_carry_dates_and_not_available_and_no_derived_value(world, stored):
    rows = list(csv.DictReader(io.StringIO(transfer.to_csv(_values(world)))))
    by_code = {r["indikator"]: r for r in rows}
    assert by_code["action_plan_date"]["verdi"] == "2009-06-18"
    assert by_code["evictions"]["verdi"] == "" and by_code["evictions"]["ikke_tilgjengelig"] == (
        "Ikke registrert"
    )
    assert not stored["derived"] & set(by_code)
    assert stored["numbers"] <= set(by_code)
    workbook = load_workbook(io.BytesIO(transfer.to_excel_long(_values(world))))
    sheet = workbook["Verdier"]
    codes = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert codes == set(by_code)
    notes = [row[0] for row in workbook["Om eksporten"].iter_rows(values_only=True)]
    assert any("Beregnede verdier" in n for n in notes)


def test_jsonstat_carries_dates_as_text_na_as_status_and_no_derived_value(world, stored):
    dataset = transfer.to_jsonstat(_values(world), programme=world.programme)
    assert validate_jsonstat(json.loads(json.dumps(dataset)))
    indicators = dataset["dimension"]["indikator"]["category"]["index"]
    assert not stored["derived"] & set(indicators)
    assert stored["dates"] | stored["na"] | stored["numbers"] <= set(indicators)
    size = dataset["size"]

    def cell(code):
        coords = [
            0,
            0,
            indicators[code],
            dataset["dimension"]["kategori"]["category"]["index"]["total"],
        ]
        flat = 0
        for position, coord in enumerate(coords):
            flat = flat * size[position] + coord
        return str(flat)

    assert dataset["value"][cell("action_plan_date")] == "2009-06-18"
    assert dataset["value"][cell("evictions")] is None
    assert dataset["status"][cell("evictions")] == "na"
    assert any("Beregnede verdier" in note for note in dataset["note"])


def test_dhis2_states_code_scheme_sends_dates_and_not_available_without_an_empty_value(
    world, stored
):
    payload = transfer.to_dhis2(_values(world))
    assert payload["idScheme"] == "CODE"
    items = {(v["dataElement"], v["categoryOptionCombo"]): v for v in payload["dataValues"]}
    assert items[("action_plan_date", "default")]["value"] == "2009-06-18"
    na = items[("evictions", "default")]
    assert "value" not in na and na["comment"] == "Ikke tilgjengelig: Ikke registrert"
    assert all(v.get("value", "x") != "" for v in payload["dataValues"])
    assert not stored["derived"] & {code for code, _ in items}


def _mapping_file(world, stored, *, skip: str = "") -> bytes:
    lines = ["type;kode;uid"]
    codes = sorted(stored["dates"] | stored["na"] | stored["numbers"])
    for number, code in enumerate(codes):
        if code != skip:
            lines.append(f"dataElement;{code};de{number:09d}")
    lines.append(f"orgUnit;{world.drammen.code};OrgDrammen1")
    return "\n".join(lines).encode()


def test_an_administrator_uploads_the_identifier_table_and_the_export_uses_uids(
    world, stored, client_for
):
    admin = client_for(world.admin)
    url = reverse("reporting:dhis2_mapping")
    response = admin.post(
        url, {"file": SimpleUploadedFile("uid.csv", _mapping_file(world, stored))}, follow=True
    )
    page = response.content.decode()
    assert "Koblingstabellen er lagret" in page and "OrgDrammen1" in page
    export = reverse("reporting:export", args=[world.programme.pk])
    body = admin.get(export, {"format": "dhis2", "idscheme": "uid"})
    payload = json.loads(b"".join(body.streaming_content) if body.streaming else body.content)
    assert payload["dataElementIdScheme"] == payload["orgUnitIdScheme"] == "UID"
    assert {v["orgUnit"] for v in payload["dataValues"]} == {"OrgDrammen1"}
    uids = dhis2_uids()["dataElement"]
    assert {v["dataElement"] for v in payload["dataValues"]} <= set(uids.values())


def test_an_export_asking_for_uids_the_table_lacks_is_refused_naming_them(
    world, stored, client_for
):
    dhis2_mapping_upload(
        user=world.admin, data=_mapping_file(world, stored, skip="action_plan_date")
    )
    page = (
        client_for(world.admin)
        .get(
            reverse("reporting:export", args=[world.programme.pk]),
            {"format": "dhis2", "idscheme": "uid"},
        )
        .content.decode()
    )
    assert "koblingstabellen mangler UID for indikatorene action_plan_date" in page
    api = client_for(world.admin).get(
        reverse("api:export_values", kwargs={"programme_id": world.programme.pk}),
        {"format": "dhis2", "idscheme": "uid", "approved_only": "false"},
    )
    assert api.status_code == 422 and "action_plan_date" in api.content.decode()


def test_a_bad_identifier_table_is_refused_line_by_line_and_nothing_changes(
    world, stored, client_for
):
    good = _mapping_file(world, stored)
    dhis2_mapping_upload(user=world.admin, data=good)
    before = list(Dhis2Mapping.objects.values_list("kind", "code", "uid"))
    bad = (
        b"type,kode,uid\n"
        b"dataElement,finnes_ikke,abcdefghij1\n"
        b"orgUnit,9999,abcdefghij2\n"
        b"dataElement,evictions,1bcdefghij3\n"
        b"fylke,03,abcdefghij4\n"
        b"orgUnit,0602,abcdefghij5\n"
        b"orgUnit,0602,abcdefghij6\n"
    )
    response = client_for(world.admin).post(
        reverse("reporting:dhis2_mapping"), {"file": SimpleUploadedFile("uid.csv", bad)}
    )
    page = response.content.decode()
    assert response.status_code == 400 and "Tabellen er ikke lagret" in page
    for expected in (
        "Linje 2: indikatorkoden «finnes_ikke» finnes ikke",
        "Linje 3: kommunenummeret «9999» finnes ikke",
        "Linje 4: «1bcdefghij3» er ikke en DHIS2-UID",
        "Linje 5: typen «fylke» er ukjent",
        "Linje 7: «0602» står også på linje 6",
    ):
        assert expected in page
    assert list(Dhis2Mapping.objects.values_list("kind", "code", "uid")) == before
    for user in (world.contact, world.evaluator, world.drammen_leader):
        assert client_for(user).get(reverse("reporting:dhis2_mapping")).status_code == 404
