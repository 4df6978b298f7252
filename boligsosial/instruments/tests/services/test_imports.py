"""Imports: SSB JSON-stat 2.0 (table 07459 shape) and CSV/Excel figures; all or nothing."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from boligsosial.instruments import jsonstat, services
from boligsosial.instruments.models import ContextStatistic, ImportBatch, InstrumentFigure
from boligsosial.municipalities.models import Population

DATA = Path(__file__).parent.parent / "data"
SSB_07459 = (DATA / "ssb_07459_pxwebapi_v2.json").read_bytes()


def _upload(client, kind, name, content):
    return client.post(
        reverse("instruments:import"), {"kind": kind, "file": SimpleUploadedFile(name, content)}
    )


def test_a_real_shaped_ssb_07459_file_imports_population_with_source_and_date(world, client_for):
    response = _upload(client_for(world.admin), "population", "07459.json", SSB_07459)
    assert response.status_code == 302
    assert Population.objects.get(code="0602", year=2011).value == 63582
    assert (
        Population.objects.get(code="0906", year=2010).value == 41655
    )  # «K-0906» is SSB's prefixed code
    assert not Population.objects.filter(
        code="0906", year=2011
    ).exists()  # null stays missing, not 0
    assert not Population.objects.filter(code="0").exists()  # the country is not a municipality
    note = Population.objects.get(code="0806", year=2011).source_note
    assert "Statistisk sentralbyrå" in note and "07459" in note and "21.02.2024" in note
    page = (
        client_for(world.viewer)
        .get(reverse("municipalities:detail", kwargs={"code": "0602"}))
        .content.decode()
    )
    assert "63\u00a0582" in page


@pytest.mark.parametrize(
    "broken, message",
    [
        (lambda d: d["id"].remove("Tid"), "Dimensjonen «Tid» mangler"),
        (lambda d: d.update(version="1.2"), "«version» må være «2.0»"),
        (lambda d: d["value"].pop(), "Antall verdier (7) stemmer ikke"),
        (lambda d: d["value"].__setitem__(2, "mange"), "Verdi nummer 3 er ikke et tall"),
    ],
)
def test_a_malformed_json_stat_file_is_refused_with_a_clear_message_and_nothing_saved(
    world, client_for, broken, message
):
    data = json.loads(SSB_07459)
    broken(data)
    before = (Population.objects.count(), ImportBatch.objects.count())
    response = _upload(
        client_for(world.admin), "population", "07459.json", json.dumps(data).encode()
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Filen er ikke importert. Ingenting er lagret." in page
    assert message in page
    assert (Population.objects.count(), ImportBatch.objects.count()) == before


def test_a_file_that_is_not_json_is_refused(world):
    with pytest.raises(jsonstat.JsonStatError, match="ikke gyldig JSON"):
        services.population_import_jsonstat(user=world.admin, content=b"<html>", file_name="x.json")


def test_kostra_key_figures_import_and_show_on_the_municipality_page_with_source_and_date(
    world, client_for
):
    data = json.loads(SSB_07459)
    data["extension"]["px"]["tableid"] = "12262"
    data["dimension"]["ContentsCode"]["category"] = {
        "index": {"KOSTRAbolig": 0},
        "label": {"KOSTRAbolig": "Kommunalt disponerte boliger per 1 000 innbyggere"},
        "unit": {"KOSTRAbolig": {"base": "boliger", "decimals": 1}},
    }
    data["value"] = [None, None, 20.5, 21.25, 18, 18.5, 22, None]
    services.statistics_import_jsonstat(
        user=world.admin, content=json.dumps(data), file_name="kostra.json"
    )
    assert ContextStatistic.objects.get(code="0602", year=2011).value == pytest.approx(21.25)
    page = (
        client_for(world.drammen_leader)
        .get(reverse("municipalities:detail", kwargs={"code": "0602"}))
        .content.decode()
    )
    assert "Kommunalt disponerte boliger per 1 000 innbyggere" in page
    assert "21,2" in page or "21,3" in page
    assert "Statistisk sentralbyrå" in page and "21.02.2024" in page


def test_the_optional_pxwebapi_fetch_uses_the_v2_url_and_imports_the_saved_answer(world):
    seen = {}

    class Response(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *args):
            return False

    def opener(request, timeout):
        seen["url"] = request.full_url
        return Response(SSB_07459)

    batch = services.fetch_and_import(
        user=world.admin,
        kind=ImportBatch.Kind.POPULATION,
        table_id="07459",
        value_codes={
            "Region": ["0602", "0806"],
            "ContentsCode": ["Personer1"],
            "Tid": ["2010", "2011"],
        },
        opener=opener,
    )
    assert seen["url"].startswith(
        "https://data.ssb.no/api/pxwebapi/v2/tables/07459/data?lang=no&outputFormat=json-stat2"
    )
    assert "valueCodes[Region]=0602,0806" in seen["url"]
    assert batch.row_count == 5


def test_only_an_administrator_may_import(world, client_for):
    for user in (world.contact, world.drammen_leader, world.evaluator, world.viewer):
        assert _upload(client_for(user), "population", "07459.json", SSB_07459).status_code == 404
    assert not Population.objects.exists()


CSV_GOOD = (
    "kommunenummer;år;måned;virkemiddel;beløp;antall;kilde\n"
    "0602;2011;;Startlån;45 000 000;41;Husbanken\n"
    "602;2010;;start_loan;30000000;30;\n"
    "0806;2011;3;Startlån;1 500 000;2;\n"
)


def test_a_good_csv_file_imports_every_row(world, client_for):
    response = _upload(client_for(world.admin), "figures", "tall.csv", CSV_GOOD.encode())
    assert response.status_code == 302
    assert InstrumentFigure.objects.get(code="0602", year=2011).amount == 45_000_000
    assert InstrumentFigure.objects.get(code="0602", year=2010).count == 30  # leading zero restored
    assert InstrumentFigure.objects.get(code="0806", month=3).amount == 1_500_000


def test_a_csv_file_with_bad_rows_saves_nothing_and_lists_every_bad_row(world, client_for):
    bad = (
        CSV_GOOD
        + "06O2;2011;;Startlån;100;1;\n0602;20x1;;Startlån;100;1;\n0602;2009;13;Boliglån;-5;;\n"
    )
    response = _upload(client_for(world.admin), "figures", "tall.csv", bad.encode())
    page = response.content.decode()
    assert "Rad 5, kolonne «kommunenummer»: «06O2» er ikke fire siffer." in page
    assert "Rad 6, kolonne «år»: «20x1» er ikke et årstall." in page
    assert "Rad 7, kolonne «måned»: «13» må være et tall fra 1 til 12." in page
    assert "Rad 7, kolonne «virkemiddel»: «Boliglån» er ikke et kjent virkemiddel." in page
    assert "Rad 7, kolonne «beløp»: tallet kan ikke være negativt." in page
    assert not InstrumentFigure.objects.exists()


def test_an_excel_file_imports_like_a_csv_file(world):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Kommunenummer", "År", "Virkemiddel", "Beløp", "Antall"])
    sheet.append(["0602", 2011, "Tilskudd til etablering", 5_000_000, 30])
    sheet.append(["0806", 2011, "Bostøtte", None, 1200])
    buffer = io.BytesIO()
    workbook.save(buffer)
    services.figures_import(user=world.admin, file_name="tall.xlsx", content=buffer.getvalue())
    assert InstrumentFigure.objects.get(code="0602").amount == 5_000_000
    allowance = InstrumentFigure.objects.get(code="0806")
    assert allowance.amount is None and allowance.count == 1200


def test_importing_a_file_again_updates_the_figures_instead_of_duplicating_them(world):
    from boligsosial.instruments import services as s

    s.figures_import(user=world.admin, file_name="tall.csv", content=CSV_GOOD.encode())
    changed = CSV_GOOD.replace("45 000 000", "46 000 000")
    s.figures_import(user=world.admin, file_name="tall-2.csv", content=changed.encode())
    assert InstrumentFigure.objects.count() == 3
    figure = InstrumentFigure.objects.get(code="0602", year=2011)
    assert figure.amount == 46_000_000 and figure.batch.file_name == "tall-2.csv"
