"""The real 01222 answer against the shipped registry's code history (KLASS 131): a
kommunenummer that had ended by the year of a value is left out and named, not stored.

In its own module: the registry is loaded once for the module (the `demo` fixture)."""

import json
from pathlib import Path

from boligsosial.instruments import services
from boligsosial.instruments.models import ContextStatistic

DATA = Path(__file__).parent.parent / "data"
KOSTRA_12134 = (DATA / "ssb_12134_kostra_pxwebapi_v2.json").read_bytes()


def _01222_by_year() -> dict:
    """Derived from the real 01222 answer: its one quarter, 2016K1, named as the year 2016,
    and the table number SSB's old API left out of the file."""
    raw = json.loads((DATA / "ssb_01222_population_quarter_jsonstat1_nn.json").read_bytes())
    tid = raw["dataset"]["dimension"]["Tid"]["category"]
    tid["index"], tid["label"] = {"2016": 0}, {"2016": "2016"}
    raw["dataset"]["extension"] = {"px": {"tableid": "01222"}}
    return raw


def test_an_ended_kommunenummer_is_left_out_by_the_code_history_not_stored_as_zero(demo):
    # The real answer lists «1901 Harstad (-2012)» and «1915 Bjarkøy (-2012)» with zeros for
    # 2016; the registry (shipped KLASS 131) says both ended on 1 January 2013.
    report: list[str] = []
    batch = services.statistics_import_jsonstat(
        user=None, content=json.dumps(_01222_by_year()), file_name="01222.json", report=report
    )
    assert batch.row_count == 430 * 11 - 2 - 2 * 10
    stored = ContextStatistic.objects.filter(table_id="01222", year=2016)
    assert stored.values("code").distinct().count() == 428  # Norway's municipalities in 2016
    assert not stored.filter(code__in=["1901", "1915"]).exists()
    assert stored.get(code="1903", contents_code="Folketallet1").value == 24695
    assert report == [
        "4708 verdier for 428 kommuner.",
        "Hoppet over verdier for 2 kommunenummer som ikke gjaldt i året de er oppgitt for "
        "(ifølge kommuneregisterets kodehistorikk): 1901 «Harstad (-2012)» (2016), "
        "1915 «Bjarkøy (-2012)» (2016).",
        "2 celler uten tall i filen (SSBs «.» eller «..») er ikke lagret.",
    ]


def test_a_code_the_registry_does_not_know_is_kept_as_the_file_gives_it(demo):
    # Derived from the real KOSTRA answer: KOSTRA tables also list 2111 «Longyearbyen
    # lokalstyre», which KLASS 131 (municipalities) does not hold.
    data = json.loads(KOSTRA_12134)
    category = data["dimension"]["KOKkommuneregion0000"]["category"]
    category["index"]["2111"] = 3
    category["label"]["2111"] = "Longyearbyen lokalstyre"
    data["size"][0] = 4
    data["value"].append(50000)
    report: list[str] = []
    services.statistics_import_jsonstat(
        user=None, content=json.dumps(data), file_name="12134.json", report=report
    )
    assert report == ["4 verdier for 4 kommuner."]
    assert ContextStatistic.objects.get(table_id="12134", code="2111").value == 50000


def test_a_value_under_todays_number_is_stored_under_the_number_the_municipality_had(demo):
    # Derived from the real KOSTRA answer: the same three values given for 2017, as a series
    # on today's borders does. Bergen was renumbered 1201 → 4601 in 2020 (same territory):
    # stored as 1201. Trondheim 5001 is Trondheim 1601 and Klæbu 1662 merged in 2018: one
    # figure cannot be split, so it is left out and named. Oslo 0301 was in force.
    data = json.loads(KOSTRA_12134)
    data["dimension"]["Tid"]["category"] = {"index": {"2017": 0}, "label": {"2017": "2017"}}
    report: list[str] = []
    batch = services.statistics_import_jsonstat(
        user=None, content=json.dumps(data), file_name="12134-2017.json", report=report
    )
    assert batch.row_count == 2
    stored = dict(
        ContextStatistic.objects.filter(table_id="12134", year=2017).values_list("code", "value")
    )
    assert stored == {"0301": 81240, "1201": 66605}
    assert report == [
        "2 verdier for 2 kommuner.",
        "Hoppet over verdier for 1 kommunenummer som ikke gjaldt i året de er oppgitt for "
        "(ifølge kommuneregisterets kodehistorikk): 5001 «Trondheim - Tråante» (2017).",
        "Verdier for 1 kommunenummer som ikke gjaldt i året, er lagret under nummeret den "
        "samme kommunen hadde da (kodehistorikken): 4601 «Bergen» → 1201 (2017).",
    ]


def test_an_ended_number_is_moved_forward_unless_the_file_has_the_new_numbers_own_value(demo):
    # Derived from the real KOSTRA answer, for 2021, with two ended numbers added: 0101 Halden
    # (3001 from 2020, same territory) and 1201 Bergen (4601 from 2020, which the file has).
    data = json.loads(KOSTRA_12134)
    data["dimension"]["Tid"]["category"] = {"index": {"2021": 0}, "label": {"2021": "2021"}}
    category = data["dimension"]["KOKkommuneregion0000"]["category"]
    category["index"].update({"0101": 3, "1201": 4})
    category["label"].update({"0101": "Halden", "1201": "Bergen"})
    data["size"][0] = 5
    data["value"] += [60000, 1]
    report: list[str] = []
    services.statistics_import_jsonstat(
        user=None, content=json.dumps(data), file_name="12134-2021.json", report=report
    )
    stored = dict(
        ContextStatistic.objects.filter(table_id="12134", year=2021).values_list("code", "value")
    )
    assert stored == {"0301": 81240, "4601": 66605, "5001": 62853, "3001": 60000}
    assert report[1:] == [
        "Hoppet over verdier for 1 kommunenummer som ikke gjaldt i året de er oppgitt for "
        "(ifølge kommuneregisterets kodehistorikk): 1201 «Bergen» (2021).",
        "Verdier for 1 kommunenummer som ikke gjaldt i året, er lagret under nummeret den "
        "samme kommunen hadde da (kodehistorikken): 0101 «Halden» → 3001 (2021).",
    ]
