"""Real answers saved from SSB, by municipality, imported whole (sources in data/SOURCES.md):
a KOSTRA table from PxWebApi v2 (12134, region dimension `KOKkommuneregion0000`) and two
StatBank tables by `Region` from the older API in JSON-stat 1.0 (1106 and 01222, by quarter).
Each test first asserts what the file itself holds, then what the import makes of it."""

import hashlib
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from boligsosial.instruments import jsonstat
from boligsosial.instruments.jsonstat_shapes import period_problem, without_bare_links
from boligsosial.instruments.models import ContextStatistic, ImportBatch
from boligsosial.municipalities.models import Population

DATA = Path(__file__).parent.parent / "data"
KOSTRA_12134 = (DATA / "ssb_12134_kostra_pxwebapi_v2.json").read_bytes()
KOSTRA_12134_SHA256 = "4d6e54a77b891269ea2ebb853582ea926a53e91b4a1d9c0d768220e6095eb645"
SAVED_AS_IS = {
    "ssb_1106_population_quarterly_jsonstat1.json": "a7164817676bc0dcb559110b6719a44e79322b3d",
    "ssb_01222_population_quarter_jsonstat1_nn.json": "6a13791961030de64a9cfe6edff72f7cbfbd9d67",
}
BY_QUARTER = {
    # file: (regions, statistics variables, periods, null values, the message's period list,
    #        regions with a number: 1106 has «.» for all of «1901 Harstad (-2012)» and
    #        «1915 Bjarkøy (-2012)»; 01222 has zeros for them)
    "ssb_1106_population_quarterly_jsonstat1.json": (
        430,
        10,
        9,
        180,
        "kvartaler (2014K3, 2014K4, 2015K1, 2015K2 …; 9 i alt)",
        428,
    ),
    "ssb_01222_population_quarter_jsonstat1_nn.json": (
        430,
        11,
        1,
        2,
        "kvartaler (2016K1; 1 i alt)",
        430,
    ),
}


def _upload(client, kind, name, content):
    return client.post(
        reverse("instruments:import"),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def _git_blob(content: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()  # noqa: S324


@pytest.mark.parametrize("name, blob", sorted(SAVED_AS_IS.items()))
def test_a_saved_json_stat_1_answer_is_byte_for_byte_the_file_in_its_source(name, blob):
    assert _git_blob((DATA / name).read_bytes()) == blob  # the blob id named in SOURCES.md


def test_the_saved_kostra_answer_is_the_one_its_source_recorded():
    # The spike that saved it recorded 3 083 characters; the file is that text, UTF-8.
    assert len(KOSTRA_12134.decode("utf-8")) == 3083
    assert hashlib.sha256(KOSTRA_12134).hexdigest() == KOSTRA_12134_SHA256
    raw = json.loads(KOSTRA_12134)
    assert raw["id"] == ["KOKkommuneregion0000", "ContentsCode", "Tid"]
    assert raw["role"]["geo"] == ["KOKkommuneregion0000"]
    links = raw["dimension"]["KOKkommuneregion0000"]["link"]["describedby"]
    assert links == [{"extension": {"KOKkommuneregion0000": "urn:ssb:classification:klass:231"}}]


def test_the_real_kostra_answer_is_read_with_its_counts():
    table = jsonstat.parse(KOSTRA_12134, file_name="12134.json")
    assert table.table_id == "12134"
    assert len(table.cells) == 3
    assert table.municipalities == ["0301", "4601", "5001"]
    assert (table.skipped_regions, table.missing_values) == ([], 0)
    assert table.contents["KOSAG110000"] == {
        "label": "Frie inntekter per innbygger (kr)",
        "unit": "kr",
        "decimals": 0,
    }
    assert table.summary() == ["3 verdier for 3 kommuner."]


def test_the_real_kostra_answer_imports_through_the_page_with_source_and_date(world, client_for):
    response = _upload(client_for(world.admin), "statistics", "12134.json", KOSTRA_12134)
    page = response.content.decode()
    assert response.redirect_chain and "Importert: 3 rader fra 12134.json." in page
    assert "3 verdier for 3 kommuner." in page
    figures = {
        s.code: s.value
        for s in ContextStatistic.objects.filter(
            table_id="12134", contents_code="KOSAG110000", year=2024
        )
    }
    assert figures == {"0301": 81240, "4601": 66605, "5001": 62853}
    row = ContextStatistic.objects.get(table_id="12134", code="4601")
    assert (row.label, row.unit) == ("Frie inntekter per innbygger (kr)", "kr")
    assert "Statistisk sentralbyrå" in row.source_note and "16.03.2026" in row.source_note
    batch = ImportBatch.objects.get(file_name="12134.json")
    assert (batch.kind, batch.row_count, batch.skipped) == ("statistics", 3, 0)


def test_kostras_aggregates_are_skipped_and_named_on_the_page(world, client_for):
    # Derived from the real answer: KOSTRA lists the country (EAK), the country without Oslo
    # (EAKUO) and KOSTRA groups (EKG..) in the same dimension as the municipalities.
    data = json.loads(KOSTRA_12134)
    category = data["dimension"]["KOKkommuneregion0000"]["category"]
    extra = {"EAK": "Landet", "EAKUO": "Landet uten Oslo", "EKG13": "KOSTRA-gruppe 13"}
    category["index"] = {code: i for i, code in enumerate([*category["index"], *extra])}
    category["label"].update(extra)
    data["size"][0] = 6
    data["value"] += [None, 70000, 71000]
    response = _upload(
        client_for(world.admin), "statistics", "12134-eak.json", json.dumps(data).encode()
    )
    page = response.content.decode()
    assert "3 verdier for 3 kommuner." in page
    assert (
        "Hoppet over 3 regioner som ikke er kommuner (landet, fylker, KOSTRA-grupper): "
        "EAK «Landet», EAKUO «Landet uten Oslo», EKG13 «KOSTRA-gruppe 13»." in page
    )
    assert "celler uten tall" not in page  # EAKUO's «.» is left out with EAKUO, not counted
    assert ImportBatch.objects.get(file_name="12134-eak.json").skipped == 3
    assert not ContextStatistic.objects.filter(code__startswith="E").exists()
    assert ContextStatistic.objects.filter(table_id="12134").count() == 3


def test_a_link_with_an_href_is_kept_and_one_without_is_left_out():
    data = {
        "link": {"alternate": [{"href": "https://data.ssb.no/x", "type": "text/csv"}]},
        "dimension": {"R": {"link": {"describedby": [{"extension": {"R": "urn:klass:131"}}]}}},
    }
    assert without_bare_links(data) == {
        "link": {"alternate": [{"href": "https://data.ssb.no/x", "type": "text/csv"}]},
        "dimension": {"R": {}},
    }


@pytest.mark.parametrize("name", sorted(BY_QUARTER))
def test_a_real_answer_by_quarter_is_refused_with_one_message_and_nothing_saved(
    world, client_for, name
):
    content = (DATA / name).read_bytes()
    regions, variables, periods, nulls, message, _with_numbers = BY_QUARTER[name]
    raw = json.loads(content)["dataset"]
    assert raw["dimension"]["id"] == ["Region", "ContentsCode", "Tid"]
    assert raw["dimension"]["size"] == [regions, variables, periods]
    assert len(raw["value"]) == regions * variables * periods
    assert sum(v is None for v in raw["value"]) == nulls == len(raw["status"])
    with pytest.raises(jsonstat.JsonStatError) as refused:
        jsonstat.parse(content, file_name=name)
    assert len(refused.value.problems) == 1  # not one message per cell
    assert f"Tidsdimensjonen «Tid» har {message}, ikke årstall." in refused.value.problems[0]
    before = (ContextStatistic.objects.count(), Population.objects.count())
    response = _upload(client_for(world.admin), "statistics", name, content)
    page = response.content.decode()
    assert "Filen er ikke importert. Ingenting er lagret." in page
    assert "hent tabellen med år" in page
    assert (ContextStatistic.objects.count(), Population.objects.count()) == before


@pytest.mark.parametrize("name", sorted(BY_QUARTER))
def test_the_rest_of_a_real_json_stat_1_answer_is_read_once_its_period_is_a_year(name):
    # Derived: the same file with its quarters renamed to years. The 1.0 units have no
    # «decimals» (2.0 requires it), the region is found by role «geo».
    raw = json.loads((DATA / name).read_bytes())
    tid = raw["dataset"]["dimension"]["Tid"]["category"]
    years = {code: str(2000 + i) for i, code in enumerate(tid["index"])}
    tid["index"] = {years[c]: i for c, i in tid["index"].items()}
    tid["label"] = {years[c]: years[c] for c in tid["label"]}
    regions, variables, periods, nulls, _message, with_numbers = BY_QUARTER[name]
    table = jsonstat.parse(json.dumps(raw), file_name=name)
    assert len(table.cells) == regions * variables * periods - nulls
    assert len(table.municipalities) == with_numbers
    assert (table.skipped_regions, table.missing_values) == ([], nulls)
    assert all(info["decimals"] == 0 for info in table.contents.values())


@pytest.mark.parametrize(
    "codes, expected",
    [
        (["2016M01", "2016M02"], "har måneder (2016M01, 2016M02; 2 i alt)"),
        (["2016H1"], "har halvår (2016H1; 1 i alt)"),
        (["2015", "2016K1"], "har kvartaler (2016K1; 1 i alt)"),
        (["2015-2016"], "har tidspunkter som ikke er årstall (2015-2016; 1 i alt)"),
    ],
)
def test_a_period_that_is_not_a_year_is_named_by_its_kind(codes, expected):
    assert expected in (period_problem("Tid", codes) or "")
    assert period_problem("Tid", ["2015", "2016"]) is None


@pytest.mark.parametrize(
    "value, message",
    [
        ({"x1": 5}, "nøkler som ikke er cellenumre i tabellen: x1"),
        ({"99": 5}, "nøkler som ikke er cellenumre i tabellen: 99"),
    ],
)
def test_a_sparse_value_object_with_keys_outside_the_table_is_refused_not_a_crash(value, message):
    data = json.loads(KOSTRA_12134)
    data["value"] = value
    with pytest.raises(jsonstat.JsonStatError, match=message):
        jsonstat.parse(json.dumps(data))
    data["value"] = {"1": 66605}  # a valid sparse answer: one cell of three
    assert [c.code for c in jsonstat.parse(json.dumps(data)).cells] == ["4601"]
