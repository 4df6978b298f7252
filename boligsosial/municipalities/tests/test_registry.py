import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from boligsosial.municipalities import klass, services
from boligsosial.municipalities.models import CodeChange, Municipality
from boligsosial.municipalities.selectors import CodeError, codes_valid_at

DATA = Path(__file__).parent / "data"
D = dt.date


@pytest.fixture
def registry(db):
    services.load_shipped_registry()


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


# The shipped KLASS history -------------------------------------------------------


def test_drammen_0602_is_3301_in_mid_2024(registry):
    assert codes_valid_at("0602", D(2024, 6, 1)) == ["3301"]
    assert codes_valid_at("0602", D(2021, 6, 1)) == ["3005"]
    assert codes_valid_at("0602", D(2011, 12, 31)) == ["0602"]


def test_the_command_prints_the_code_valid_at_a_date(registry):
    assert run("municipality_code", "0602", "--at", "2024-06-01") == "3301"
    assert run("municipality_code", "0602", "--at", "01.06.2024") == "3301"


def test_sandefjord_merger_maps_forwards_from_every_part(registry):
    for old in ("0706", "0719", "0720"):
        assert codes_valid_at(old, D(2017, 6, 1)) == ["0710"]
        assert codes_valid_at(old, D(2021, 1, 1)) == ["3804"]
        assert codes_valid_at(old, D(2025, 1, 1)) == ["3907"]


def test_sandefjord_merger_maps_backwards_to_all_its_parts(registry):
    assert codes_valid_at("3907", D(2016, 6, 1)) == ["0706", "0719", "0720"]
    assert codes_valid_at("3804", D(2018, 1, 1)) == ["0710"]


def test_drammen_2020_merger_maps_backwards_to_the_three_old_municipalities(registry):
    parts = codes_valid_at("3301", D(2019, 6, 1))
    assert "0602" in parts and "0625" in parts and "0711" in parts


def test_the_six_programme_municipalities_reach_their_2024_codes(registry):
    expected = {
        "0602": "3301",
        "0706": "3907",
        "0709": "3909",
        "0805": "4001",
        "0806": "4003",
        "0906": "4203",
    }
    for old, new in expected.items():
        assert codes_valid_at(old, D(2024, 6, 1)) == [new]
        assert old in codes_valid_at(new, D(2011, 6, 1))


def test_a_code_valid_at_the_date_maps_to_itself(registry):
    assert codes_valid_at("0301", D(2015, 1, 1)) == ["0301"]


def test_unknown_and_malformed_codes_get_norwegian_messages(registry):
    with pytest.raises(CodeError, match="fire siffer"):
        codes_valid_at("06A2", D(2020, 1, 1))
    with pytest.raises(CodeError, match="finnes ikke i kommuneregisteret"):
        codes_valid_at("9999", D(2020, 1, 1))
    with pytest.raises(CommandError, match="fire siffer"):
        run("municipality_code", "602", "--at", "2024-06-01")


# Splits (synthetic files: the shipped Region sør history has none) -----------------


@pytest.fixture
def split_registry(db):
    call_command(
        "load_klass",
        "--codes",
        str(DATA / "split_codes.json"),
        "--changes",
        str(DATA / "split_changes.json"),
        stdout=io.StringIO(),
    )


def test_a_split_maps_one_old_code_to_both_new_codes(split_registry):
    assert codes_valid_at("1111", D(2021, 1, 1)) == ["2222", "3333"]
    assert codes_valid_at("1111", D(2025, 1, 1)) == ["2222", "4444"]


def test_each_part_of_a_split_maps_back_to_the_old_code(split_registry):
    assert codes_valid_at("2222", D(2015, 1, 1)) == ["1111"]
    assert codes_valid_at("4444", D(2015, 1, 1)) == ["1111"]
    assert codes_valid_at("4444", D(2022, 1, 1)) == ["3333"]


# Loading KLASS files -------------------------------------------------------------


def test_a_malformed_klass_file_is_refused_with_every_problem_and_saves_nothing(db):
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "load_klass",
            "--codes",
            str(DATA / "malformed_codes.json"),
            "--changes",
            str(DATA / "split_changes.json"),
        )
    message = str(excinfo.value)
    assert "ingenting er lagret" in message
    assert "Element 2 (kode 06A2)" in message and "må være 4 siffer" in message
    assert "Element 3" in message and "name" in message and "dato" in message
    assert Municipality.objects.count() == 0
    assert CodeChange.objects.count() == 0


def test_a_file_that_is_not_json_is_refused(tmp_path, db):
    bad = tmp_path / "codes.json"
    bad.write_text("{not json")
    with pytest.raises(CommandError, match="ikke gyldig JSON"):
        call_command(
            "load_klass", "--codes", str(bad), "--changes", str(DATA / "split_changes.json")
        )
    assert Municipality.objects.count() == 0


def test_a_changes_file_without_code_changes_is_refused(tmp_path, db):
    bad = tmp_path / "changes.json"
    bad.write_text(json.dumps({"changes": []}))
    with pytest.raises(CommandError, match="codeChanges"):
        call_command("load_klass", "--codes", str(DATA / "split_codes.json"), "--changes", str(bad))
    assert Municipality.objects.count() == 0


def test_loading_the_same_files_twice_changes_nothing(split_registry):
    before = (Municipality.objects.count(), CodeChange.objects.count())
    call_command(
        "load_klass",
        "--codes",
        str(DATA / "split_codes.json"),
        "--changes",
        str(DATA / "split_changes.json"),
        stdout=io.StringIO(),
    )
    assert (Municipality.objects.count(), CodeChange.objects.count()) == before


def test_fetch_asks_the_klass_api_for_the_requested_period():
    seen = {}

    class FakeResponse(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def opener(request, timeout):
        seen["url"] = request.full_url
        return FakeResponse((DATA / "split_changes.json").read_bytes())

    raw = klass.fetch(131, "changes", D(2019, 1, 1), D(2025, 1, 1), opener=opener)
    assert "classifications/131/changes" in seen["url"] and "from=2019-01-01" in seen["url"]
    assert klass.parse_changes(raw, "changes.json")[0].old_code == "1111"


def test_shipped_population_carries_the_report_figures(registry):
    from boligsosial.municipalities.selectors import population_in

    assert population_in("0602", 2011) == 63582
    assert population_in("0806", 2011) == 52077
