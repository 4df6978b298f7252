"""Property-based tests (hypothesis) for every instruments and registry import parser.

Malformed, huge, deep, bomb and encoding cases go through the same route a user or client
takes (the API upload for figures and JSON-stat; the parser for KLASS files). The rule:
0 server errors, and a refused file changes nothing (0 partial writes). Counts are printed
under "Probe counts" in the test summary.
"""

import io
import json
import math
import zipfile
from pathlib import Path

from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boligsosial.audit.models import AuditEntry
from boligsosial.instruments.models import ContextStatistic, ImportBatch, InstrumentFigure
from boligsosial.municipalities import klass
from boligsosial.municipalities.models import Population

DATA = Path(__file__).parent / "data"
SSB_07459 = json.loads((DATA / "ssb_07459_pxwebapi_v2.json").read_bytes())

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


class Probe:
    """Posts uploads as an administrator and counts server errors and partial writes."""

    def __init__(self, user):
        self.client = Client(raise_request_exception=False)
        self.client.force_login(user)
        self.cases = self.server_errors = self.partial_writes = 0

    @staticmethod
    def state() -> tuple[int, ...]:
        return (
            InstrumentFigure.objects.count(),
            ContextStatistic.objects.count(),
            Population.objects.count(),
            ImportBatch.objects.count(),
            AuditEntry.objects.count(),
        )

    def post(self, route: str, name: str, content: bytes, **data) -> int:
        from django.core.files.uploadedfile import SimpleUploadedFile

        before = self.state()
        response = self.client.post(
            reverse(f"api:{route}"), {**data, "file": SimpleUploadedFile(name, content)}
        )
        self.cases += 1
        if response.status_code >= 500:
            self.server_errors += 1
        elif response.status_code != 200 and self.state() != before:
            self.partial_writes += 1
        elif response.status_code == 200 and route == "import_figures":
            batch = ImportBatch.objects.get(pk=response.json()["id"])
            if batch.figures.count() != batch.row_count:
                self.partial_writes += 1
        return response.status_code


# Figures: CSV and Excel --------------------------------------------------------------------

NASTY = st.sampled_from(
    [
        "NaN",
        "Infinity",
        "-Infinity",
        "sNaN",
        "1e309",
        "1e-309",
        str(10**30),
        "-1",
        '=HYPERLINK("http://x")',
        "+cmd|' /C calc'!A0",
        "@SUM(1)",
        "\x00",
        "1\u00a0234,5",
        "1.234,5",
        "",
        "–",
        "x" * 600,
    ]
)
CODE = st.one_of(st.sampled_from(["0602", "0806", "602", "06O2", "9999", ""]), NASTY)
YEAR = st.one_of(st.integers(-(10**20), 10**20).map(str), st.sampled_from(["2011", "2010"]), NASTY)
INSTRUMENT = st.one_of(st.sampled_from(["Startlån", "start_loan", "Bostøtte", "lån"]), NASTY)
NUMBER = st.one_of(st.integers(-(10**20), 10**20).map(str), st.floats().map(str), NASTY)
HEADERS = st.one_of(
    st.just(["kommunenummer", "år", "virkemiddel", "beløp", "antall"]),
    st.lists(st.sampled_from(["kommunenummer", "år", "måned", "beløp", "x", "", "år"]), max_size=8),
)
ROWS = st.lists(st.tuples(CODE, YEAR, INSTRUMENT, NUMBER, NUMBER).map(list), max_size=15)


@st.composite
def csv_files(draw) -> bytes:
    delimiter = draw(st.sampled_from([";", ",", "\t"]))
    lines = [draw(HEADERS), *draw(ROWS)]
    text = "\n".join(delimiter.join(cell.replace(delimiter, " ") for cell in row) for row in lines)
    if draw(st.booleans()):
        text += '\n"' + "y" * draw(st.sampled_from([10, 200_000]))  # unclosed quote / huge field
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"]))
    return text.encode(encoding, errors="replace")


CELL = st.one_of(
    st.none(),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40).map(lambda t: "".join(c for c in t if c.isprintable())),
    NASTY.map(lambda t: "".join(c for c in t if c.isprintable())),
)


@st.composite
def xlsx_files(draw) -> bytes:
    from openpyxl import Workbook

    kind = draw(st.sampled_from(["sheet", "sheet", "sheet", "bomb", "truncated", "garbage"]))
    if kind == "bomb":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "xl/worksheets/sheet1.xml", b"<" * draw(st.sampled_from([2, 8])) * 10**6
            )
        return buffer.getvalue()
    if kind == "garbage":
        return draw(st.binary(max_size=2000))
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(draw(HEADERS))
    for row in draw(st.lists(st.lists(CELL, max_size=6), max_size=12)):
        sheet.append(
            [v if not (isinstance(v, float) and not math.isfinite(v)) else str(v) for v in row]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    content = buffer.getvalue()
    return content[: len(content) // 2] if kind == "truncated" else content


@FUZZ
@given(content=csv_files())
def _csv_property(probe, content):
    assert probe.post("import_figures", "tall.csv", content) in (200, 422)


@FUZZ
@given(content=xlsx_files())
def _xlsx_property(probe, content):
    assert probe.post("import_figures", "tall.xlsx", content) in (200, 422)


def test_figures_csv_import_fuzz(world, report_counts):
    probe = Probe(world.admin)
    _csv_property(probe)
    report_counts(
        "instruments figures CSV import fuzz",
        cases=probe.cases,
        server_errors=probe.server_errors,
        partial_writes=probe.partial_writes,
    )
    assert (probe.server_errors, probe.partial_writes) == (0, 0)


def test_figures_excel_import_fuzz(world, report_counts):
    probe = Probe(world.admin)
    _xlsx_property(probe)
    report_counts(
        "instruments figures Excel import fuzz",
        cases=probe.cases,
        server_errors=probe.server_errors,
        partial_writes=probe.partial_writes,
    )
    assert (probe.server_errors, probe.partial_writes) == (0, 0)


# JSON-stat: population and KOSTRA statistics --------------------------------------------

JSON = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**30), 10**30),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=20),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=20,
)
PATHS = [
    ("version",),
    ("class",),
    ("id",),
    ("size",),
    ("value",),
    ("updated",),
    ("label",),
    ("extension",),
    ("dimension",),
    ("dimension", "Region"),
    ("dimension", "Region", "category", "index"),
    ("dimension", "Tid", "category", "index"),
    ("dimension", "ContentsCode", "category"),
    ("dimension", "ContentsCode", "category", "unit"),
    ("value", 3),
    ("size", 0),
]


def _mutate(document: dict, path: tuple, value) -> dict:
    node = document
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return document


@st.composite
def jsonstat_files(draw) -> bytes:
    kind = draw(st.sampled_from(["mutated", "mutated", "mutated", "literal", "deep", "bytes"]))
    if kind == "deep":
        depth = draw(st.sampled_from([65, 1000, 100_000]))
        return b"[" * depth + b"]" * depth
    if kind == "bytes":
        return draw(st.binary(max_size=500))
    document = json.loads(json.dumps(SSB_07459))
    if kind == "literal":
        literal = draw(st.sampled_from(["NaN", "Infinity", "-Infinity", "1e309", "1e400", "-1"]))
        return json.dumps(document).replace("63582", literal).encode()
    for path in draw(st.lists(st.sampled_from(PATHS), min_size=1, max_size=3)):
        try:
            document = _mutate(document, path, draw(JSON))
        except (KeyError, IndexError, TypeError):
            continue
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "latin-1"]))
    return json.dumps(document, ensure_ascii=False).encode(encoding, errors="replace")


@FUZZ
@given(content=jsonstat_files(), kind=st.sampled_from(["population", "statistics"]))
def _jsonstat_property(probe, content, kind):
    assert probe.post("import_statistics", "ssb.json", content, kind=kind) in (200, 422)


def test_ssb_json_stat_import_fuzz(world, report_counts):
    probe = Probe(world.admin)
    _jsonstat_property(probe)
    report_counts(
        "instruments SSB JSON-stat import fuzz",
        cases=probe.cases,
        server_errors=probe.server_errors,
        partial_writes=probe.partial_writes,
    )
    assert (probe.server_errors, probe.partial_writes) == (0, 0)


# KLASS files (registry) ---------------------------------------------------------------------


@st.composite
def klass_files(draw) -> bytes:
    kind = draw(st.sampled_from(["codes", "changes", "json", "deep", "bytes"]))
    if kind == "deep":
        return b'{"codes":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    if kind == "bytes":
        return draw(st.binary(max_size=300))
    if kind == "json":
        return json.dumps(draw(JSON)).encode()
    entry = st.dictionaries(
        st.sampled_from(
            [
                "code",
                "name",
                "validFrom",
                "validTo",
                "oldCode",
                "newCode",
                "oldName",
                "newName",
                "changeOccurred",
            ]
        ),
        st.one_of(JSON, st.sampled_from(["0602", "2020-01-01", "2020-13-45", "Drammen"])),
    )
    key = "codes" if kind == "codes" else "codeChanges"
    return json.dumps({key: draw(st.lists(entry, max_size=6))}).encode()


def test_klass_file_parser_fuzz(db, report_counts):
    outcome = {"cases": 0, "server_errors": 0}

    @FUZZ
    @given(content=klass_files())
    def run(content):
        outcome["cases"] += 1
        for parse in (klass.parse_codes, klass.parse_changes):
            try:
                parse(content, "klass.json")
            except klass.KlassFileError:
                pass
            except Exception:  # anything else would be a 500 in the load_klass command
                outcome["server_errors"] += 1

    run()
    report_counts("municipalities KLASS file parser fuzz", **outcome)
    assert outcome["server_errors"] == 0
