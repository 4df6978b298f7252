import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from boligsosial.municipalities import klass, selectors, services
from boligsosial.municipalities.models import CodeChange, County, Municipality
from boligsosial.municipalities.selectors import CodeError, codes_valid_at, map_code

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
    for old in ("0706", "0719"):
        assert codes_valid_at(old, D(2017, 6, 1)) == ["0710"]
        assert codes_valid_at(old, D(2021, 1, 1)) == ["3804"]
        assert codes_valid_at(old, D(2025, 1, 1)) == ["3907"]


def test_stokke_was_split_between_sandefjord_and_tonsberg_in_2017(registry):
    # KLASS records 0720 → 0710 and 0720 → 0704 (Vear went to Tønsberg) on 2017-01-01.
    assert codes_valid_at("0720", D(2017, 6, 1)) == ["0704", "0710"]
    assert codes_valid_at("0720", D(2021, 1, 1)) == ["3803", "3804"]
    assert codes_valid_at("0720", D(2025, 1, 1)) == ["3905", "3907"]


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


# The whole country ----------------------------------------------------------------

KLASS_DIR = Path(services.__file__).parent / "data" / "klass"


def test_the_registry_holds_every_municipality_of_norway_in_each_year(registry):
    # KLASS 131 version sizes less 9999 «Uoppgitt» (not a municipality).
    expected = {D(1977, 1, 1): 454, D(2011, 6, 1): 430, D(2020, 6, 1): 356, D(2024, 6, 1): 357}
    for at, count in expected.items():
        assert selectors.municipalities_valid_at(at).count() == count, at


def test_the_registry_has_every_county_of_each_reform(registry):
    def counties_at(at):
        return set(
            County.objects.filter(valid_from__lte=at)
            .exclude(valid_to__lte=at)
            .values_list("code", flat=True)
        )

    assert len(counties_at(D(2011, 6, 1))) == 19
    assert counties_at(D(2021, 6, 1)) == {
        "03",
        "11",
        "15",
        "18",
        "30",
        "34",
        "38",
        "42",
        "46",
        "50",
        "54",
    }
    assert {"31", "32", "33", "39", "40", "55", "56"} <= counties_at(D(2024, 6, 1))


def test_every_code_since_1977_maps_both_ways_to_every_reform_year(registry):
    history = selectors.load_code_history()
    dates = [
        D(1977, 6, 1),
        D(1995, 6, 1),
        D(2011, 6, 1),
        D(2019, 6, 1),
        D(2020, 6, 1),
        D(2024, 6, 1),
    ]
    codes = sorted(history.spans)
    unanswered, partial = [], []
    for code in codes:
        for at in dates:
            dead: set[str] = set()
            if not selectors._resolve(history, code, at, dead):
                unanswered.append((code, at))
            if dead:
                partial.append((code, at, sorted(dead)))
    assert len(codes) > 850  # 878 codes (972 spans with their names)
    assert unanswered == []
    assert partial == []


def test_asker_maps_back_to_all_three_municipalities_it_was_made_of(registry):
    mapping = map_code("3025", D(2011, 6, 1))
    assert mapping.codes == ["0220", "0627", "0628"]
    assert mapping.partial is False
    assert map_code("3203", D(2011, 6, 1)).codes == ["0220", "0627", "0628"]


def test_an_answer_before_the_registry_begins_says_it_may_be_partial(registry):
    mapping = map_code("0602", D(1970, 6, 1))
    assert mapping.partial
    assert "01.01.1977" in mapping.note


def test_the_shipped_files_say_where_they_come_from():
    manifest = json.loads((KLASS_DIR / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["retrieved"] and manifest["origin"]
    assert manifest["range_from"] == "1977-01-01"
    assert manifest["counts"]["codes"] == len(
        json.loads((KLASS_DIR / "131_codes.json").read_text(encoding="utf-8"))["codes"]
    )


def test_reloading_the_shipped_registry_keeps_rows_and_their_ids(registry):
    before = dict(Municipality.objects.values_list("pk", "code"))
    counts = services.load_shipped_registry()
    assert dict(Municipality.objects.values_list("pk", "code")) == before
    assert counts["municipalities"] == len(before)
    assert CodeChange.objects.count() == counts["changes"]


def test_an_older_narrower_registry_is_widened_in_place(db):
    # The registry shipped before held Region sør from 2008 only; rows that users and
    # participations point at keep their ids when the national registry is loaded.
    old = Municipality.objects.create(
        code="0602", name="Drammen", valid_from=D(2008, 1, 1), valid_to=D(2020, 1, 1)
    )
    services.load_shipped_registry()
    old.refresh_from_db()
    assert old.valid_from == D(1977, 1, 1)
    assert Municipality.objects.filter(code="0602").count() == 1


def test_a_history_that_stops_short_is_reported_as_partial(db):
    services.registry_load_klass(
        codes=[
            klass.CodeSpan("1111", "Gamleby", D(2000, 1, 1), D(2020, 1, 1)),
            klass.CodeSpan("2222", "Nyby", D(2020, 1, 1), None),
            klass.CodeSpan("3333", "Borteby", D(2000, 1, 1), D(2020, 1, 1)),
        ],
        changes=[klass.Change("1111", "Gamleby", "2222", "Nyby", D(2020, 1, 1))],
    )
    assert map_code("1111", D(2021, 1, 1)).partial is False
    lost = map_code("3333", D(2021, 1, 1))
    assert lost.codes == [] and lost.partial and lost.dead_ends == ["3333"]
    assert "3333" in lost.note


# Splits (synthetic files: the shipped history has few) -----------------


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


@pytest.fixture
def saved_klass_api():
    """A real HTTP server on this machine answering like the KLASS API from saved answers."""
    import threading
    import urllib.parse
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    answers = {
        "/classifications/131/codes.json": KLASS_DIR / "131_codes.json",
        "/classifications/131/changes.json": KLASS_DIR / "131_changes.json",
        "/classifications/104/codes.json": KLASS_DIR / "104_codes.json",
    }
    asked: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            path = url.path.removeprefix("/api/klass/v1")
            asked.append({"path": path, **dict(urllib.parse.parse_qsl(url.query))})
            if path not in answers:
                self.send_error(404)
                return
            body = answers[path].read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api/klass/v1", asked
    server.shutdown()
    server.server_close()


def test_load_klass_fetch_reads_the_api_and_saves_its_answers(
    db, settings, saved_klass_api, tmp_path
):
    settings.KLASS_API_URL, asked = saved_klass_api
    out = run("load_klass", "--fetch", "--save-to", str(tmp_path))
    assert "972 kommunekoder, 581 kodeendringer og 33 fylkeskoder" in out
    assert {a["path"] for a in asked} == {
        "/classifications/131/codes.json",
        "/classifications/131/changes.json",
        "/classifications/104/codes.json",
    }
    assert all(a["from"] == "1977-01-01" for a in asked)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "104_codes.json",
        "131_changes.json",
        "131_codes.json",
    ]
    assert codes_valid_at("3025", D(2011, 6, 1)) == ["0220", "0627", "0628"]


def test_load_klass_fetch_says_so_when_the_api_cannot_be_reached(db, settings):
    settings.KLASS_API_URL = "http://127.0.0.1:9/api/klass/v1"  # the discard port: refused
    with pytest.raises(CommandError, match="Fikk ikke kontakt med KLASS-API-et"):
        run("load_klass", "--fetch", "--save-to", "/tmp/bs_klass_unreachable")
    assert Municipality.objects.count() == 0


def test_shipped_population_carries_the_report_figures(registry):
    from boligsosial.municipalities.selectors import population_in

    assert population_in("0602", 2011) == 63582
    assert population_in("0806", 2011) == 52077
