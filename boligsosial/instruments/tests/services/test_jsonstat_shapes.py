"""SSB and KOSTRA answers in the shapes they come in: real JSON-stat 1.0 answers saved from
SSB's old API, KOSTRA's region dimension `KOKkommuneregion0000`, dimensions named by role."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from boligsosial.instruments import jsonstat, services
from boligsosial.instruments.models import ContextStatistic, ImportBatch
from boligsosial.municipalities.models import Population

DATA = Path(__file__).parent.parent / "data"
SSB_07459 = (DATA / "ssb_07459_pxwebapi_v2.json").read_bytes()
REAL_JSONSTAT_1 = {
    # file: (dimensions, number of values) as the file itself states them
    "ssb_29843_jsonstat1.json": (["PKoder", "ContentsCode", "Tid"], 20 * 6 * 312),
    "ssb_fish_farming_earnings_jsonstat1.json": (
        ["Kjonn", "Alder", "ContentsCode", "Tid"],
        3 * 10 * 6 * 7,
    ),
}


def _upload(client, kind, name, content):
    return client.post(
        reverse("instruments:import"), {"kind": kind, "file": SimpleUploadedFile(name, content)}
    )


@pytest.mark.parametrize("name", sorted(REAL_JSONSTAT_1))
def test_a_real_ssb_json_stat_1_answer_is_read_and_refused_for_what_it_lacks_not_its_version(
    world, client_for, name, django_capture_on_commit_callbacks
):
    content = (DATA / name).read_bytes()
    dimensions, count = REAL_JSONSTAT_1[name]
    raw = json.loads(content)["dataset"]
    assert raw["dimension"]["id"] == dimensions and len(raw["value"]) == count
    before = (ContextStatistic.objects.count(), ImportBatch.objects.count())
    with django_capture_on_commit_callbacks(execute=True):  # a large file's job is queued
        response = _upload(client_for(world.admin), "statistics", name, content)
    if response.status_code == 302:  # a large file is imported by the worker: its job page
        response = client_for(world.admin).get(response["Location"])
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ingenting er lagret." in page
    assert "ingen dimensjon med kommunenummer" in page
    assert ", ".join(dimensions) in page  # the dimensions the file has, read from 1.0's place
    assert "version" not in page and "None" not in page
    assert (ContextStatistic.objects.count(), ImportBatch.objects.count()) == before


def _as_json_stat_1(data: dict) -> dict:
    """The 07459 answer the way SSB's old API gave it: id/size/role inside `dimension`."""
    dataset = {k: v for k, v in data.items() if k not in ("version", "class", "id", "size", "role")}
    dataset["dimension"] = {
        **data["dimension"],
        "id": data["id"],
        "size": data["size"],
        "role": data["role"],
    }
    return {"dataset": dataset}


def test_a_json_stat_1_answer_with_municipalities_imports_like_its_2_0_twin(world):
    data = json.loads(SSB_07459)
    services.population_import_jsonstat(
        user=world.admin, content=json.dumps(_as_json_stat_1(data)), file_name="07459-v1.json"
    )
    assert Population.objects.get(code="0602", year=2011).value == 63582
    assert Population.objects.get(code="0906", year=2010).value == 41655
    assert not Population.objects.filter(code="0906", year=2011).exists()


def test_a_json_stat_1_bundle_of_two_datasets_is_refused_naming_its_version(world):
    one = _as_json_stat_1(json.loads(SSB_07459))["dataset"]
    with pytest.raises(jsonstat.JsonStatError, match="JSON-stat 1.0-svar med 2 datasett"):
        jsonstat.parse(json.dumps({"ds1": one, "ds2": one}))


def test_a_version_the_reader_does_not_know_is_named(world):
    data = json.loads(SSB_07459)
    data["version"] = "1.0"
    with pytest.raises(jsonstat.JsonStatError, match="filen har versjon «1.0»"):
        jsonstat.parse(json.dumps(data))


def _kostra_shaped(data: dict, *, roles: bool) -> dict:
    """Derived from the 07459 file: KOSTRA names its region dimension KOKkommuneregion0000,
    lists the country as EAK and county groups as EKA.., prefixes some municipalities, and
    adds one-valued KOSTRA dimensions (KOKfunksjon0000)."""
    region = data["dimension"].pop("Region")
    region["category"] = {
        "index": {"EAK": 0, "0602": 1, "EAK-0806": 2, "K-0906": 3},
        "label": {"EAK": "Landet", "0602": "Drammen", "EAK-0806": "Skien", "K-0906": "Arendal"},
    }
    data["dimension"]["KOKkommuneregion0000"] = region
    data["dimension"]["KOKfunksjon0000"] = {
        "label": "funksjon",
        "category": {"index": {"265": 0}, "label": {"265": "Kommunalt disponerte boliger"}},
    }
    data["id"] = ["KOKkommuneregion0000", "KOKfunksjon0000", "ContentsCode", "Tid"]
    data["size"] = [4, 1, 1, 2]
    if roles:
        data["role"] = {
            "geo": ["KOKkommuneregion0000"],
            "metric": ["ContentsCode"],
            "time": ["Tid"],
        }
    else:
        data.pop("role")
    data["extension"]["px"]["tableid"] = "12262"
    return data


@pytest.mark.parametrize("roles", [True, False], ids=["with roles", "without roles"])
def test_a_kostra_table_is_read_by_the_codes_of_its_region_dimension(world, roles):
    data = _kostra_shaped(json.loads(SSB_07459), roles=roles)
    batch = services.statistics_import_jsonstat(
        user=world.admin, content=json.dumps(data), file_name="kostra-12262.json"
    )
    assert batch.row_count == 5
    assert ContextStatistic.objects.get(table_id="12262", code="0806", year=2011).value == 52077
    assert ContextStatistic.objects.get(table_id="12262", code="0906", year=2010).value == 41655
    assert not ContextStatistic.objects.filter(code="EAK").exists()


def test_contents_and_time_are_found_by_role_whatever_they_are_called(world):
    data = json.loads(SSB_07459)
    data["dimension"]["Statistikkvariabel"] = data["dimension"].pop("ContentsCode")
    data["dimension"]["Aar"] = data["dimension"].pop("Tid")
    data["id"] = ["Region", "Statistikkvariabel", "Aar"]
    data["role"] = {"geo": ["Region"], "metric": ["Statistikkvariabel"], "time": ["Aar"]}
    services.population_import_jsonstat(
        user=world.admin, content=json.dumps(data), file_name="07459-roles.json"
    )
    assert Population.objects.get(code="0806", year=2010).value == 51912


def test_a_file_with_no_role_and_no_tid_says_what_is_missing(world):
    data = json.loads(SSB_07459)
    data["dimension"]["Aar"] = data["dimension"].pop("Tid")
    data["id"] = ["Region", "ContentsCode", "Aar"]
    data.pop("role")
    with pytest.raises(jsonstat.JsonStatError, match="Dimensjonen «Tid» mangler"):
        jsonstat.parse(json.dumps(data))


def test_a_kostra_table_fetched_from_pxwebapi_names_its_region_dimension(world):
    seen = {}
    answer = json.dumps(_kostra_shaped(json.loads(SSB_07459), roles=False)).encode()

    class Response(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *args):
            return False

    def opener(request, timeout):
        seen["url"] = request.full_url
        return Response(answer)

    batch = services.fetch_and_import(
        user=world.admin,
        kind=ImportBatch.Kind.STATISTICS,
        table_id="12262",
        value_codes={"KOKkommuneregion0000": ["0602", "0806"], "Tid": ["2010", "2011"]},
        opener=opener,
    )
    assert "valueCodes[KOKkommuneregion0000]=0602,0806" in seen["url"]
    assert batch.row_count == 5
