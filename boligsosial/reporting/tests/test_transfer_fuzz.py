"""Every import parser under malformed, huge, bomb and badly encoded input.

Whatever arrives, an import either stores the whole file or refuses it with Norwegian
messages naming line and column — never a server error, never half a file.
"""

import io
import tracemalloc
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from boligsosial.audit.models import AuditEntry
from boligsosial.reporting import services, transfer
from boligsosial.reporting.models import Report, ReportEvent, ReportValue

HEADER = "kommunenummer,periode,indikator,disaggregering,verdi,kommentar,ikke_tilgjengelig"
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


def counts():
    return tuple(m.objects.count() for m in (Report, ReportValue, ReportEvent, AuditEntry))


class Probe:
    """Runs one import; counts server errors (anything but a refusal) and partial writes."""

    def __init__(self):
        self.name = "reporting import fuzz"
        self.cases = self.server_errors = self.partial_writes = 0

    def counts(self) -> dict[str, int]:
        return {
            "cases": self.cases,
            "server_errors": self.server_errors,
            "partial_writes": self.partial_writes,
        }

    def run(self, action):
        self.cases += 1
        before = counts()
        try:
            action()
        except transfer.ImportRefused as refused:
            assert refused.errors and all(str(e).startswith("Linje ") for e in refused.errors)
            assert str(refused).startswith("Filen er ikke importert")
            if counts() != before:
                self.partial_writes += 1
            return refused
        except Exception as exc:
            self.server_errors += 1
            raise AssertionError(f"server error: {exc!r}") from exc
        return None


# CSV ------------------------------------------------------------------------------------

CODES = ["0602", "0806", "3005", "9999", "", "06O2", "0602 "]
PERIODS = ["2010S2", "2010S1", "2010", "2010-2", "1899S1", "", "S2"]
INDICATORS = ["homeless_persons", "evictions", "action_plan_date", "nope", ""]
VALUES = ["40", "12,5", "-3", "1e309", "NaN", "Infinity", "ja", "31.12.2010", "", "9" * 40]
cell = st.one_of(
    st.sampled_from(CODES + PERIODS + INDICATORS + VALUES),
    st.text(max_size=30),
    st.sampled_from(['"', '""', "\x00", "\r", "=1+1", "'=A1", ";", ",", "\ufeff"]),
)
row = st.lists(cell, min_size=0, max_size=9)


def csv_text(rows) -> str:
    return HEADER + "\n" + "\n".join(",".join(r) for r in rows)


@pytest.fixture
def probe(request, report_counts):
    """Counts of this test's imports; reported (tests/conftest.py) when its call ends."""
    found = Probe()
    name = request.node.name
    kind = "Excel" if any(w in name for w in ("excel", "workbook", "xlsx")) else "CSV"
    found.name = f"reporting {kind} import fuzz: {name.removeprefix('test_')}"
    return found


@FUZZ
@given(rows=st.lists(row, max_size=12))
def test_any_csv_text_is_stored_whole_or_refused_with_reasons(world, period, probe, rows):
    probe.run(
        lambda: transfer.import_csv(
            user=world.admin, programme=world.programme, data=csv_text(rows)
        )
    )


@FUZZ
@given(data=st.binary(max_size=400))
def test_any_bytes_as_a_csv_file_are_refused_or_stored_never_an_error(world, period, probe, data):
    probe.run(lambda: transfer.import_csv(user=world.admin, programme=world.programme, data=data))


@FUZZ
@given(
    encoding=st.sampled_from(["latin-1", "utf-16", "cp1252", "utf-8-sig"]),
    comment=st.text(alphabet="æøåÆØÅé", min_size=1, max_size=20),
)
def test_a_csv_file_in_another_encoding_is_refused_or_read_right(
    world, period, probe, encoding, comment
):
    text = csv_text([["0602", "2010S2", "homeless_persons", "", "40", comment, ""]])
    refused = probe.run(
        lambda: transfer.import_csv(
            user=world.admin,
            programme=world.programme,
            data=text.encode(encoding, errors="replace"),
        )
    )
    if refused is None:  # read as UTF-8: the comment came through unchanged
        assert ReportValue.objects.filter(comment=comment).exists()


def test_a_30_mb_csv_field_is_refused_with_a_message(world, period, draft, probe):
    data = (csv_text([["0602", "2010S2", "homeless_persons", "", "40", "", ""]]) + "\n").encode()
    data += b'0602,2010S2,evictions,,4,"' + b"x" * (30 * 1024 * 1024) + b'",\n'
    refused = probe.run(
        lambda: transfer.import_csv(user=world.admin, programme=world.programme, data=data)
    )
    assert refused.errors[0].line == 3 and "lengre enn 131\xa0072 tegn" in refused.errors[0].message


def test_a_csv_file_over_the_size_limit_is_refused_before_it_is_read(world, period, probe):
    data = b"x" * (50 * 1024 * 1024 + 1)
    refused = probe.run(
        lambda: transfer.import_csv(user=world.admin, programme=world.programme, data=data)
    )
    assert "for stor" in refused.errors[0].message


def test_a_csv_file_with_too_many_rows_is_refused(world, period, probe, monkeypatch):
    monkeypatch.setattr(
        transfer.csv_import, "MAX_CSV_ROWS", 3
    )  # the bound, not the parser, is tested
    rows = [["0602", "2010S2", "homeless_persons", "", "40", "", ""]] * 4
    refused = probe.run(
        lambda: transfer.import_csv(
            user=world.admin, programme=world.programme, data=csv_text(rows)
        )
    )
    assert "mer enn 3 rader" in refused.errors[0].message


def test_a_very_long_comment_is_refused_on_its_line(world, period, probe):
    rows = [["0602", "2010S2", "homeless_persons", "", "40", "x" * 5000, ""]]
    refused = probe.run(
        lambda: transfer.import_csv(
            user=world.admin, programme=world.programme, data=csv_text(rows)
        )
    )
    assert refused.errors[0].line == 2 and "for lang (5\xa0000 tegn" in refused.errors[0].message


# Excel per report ---------------------------------------------------------------------------


def workbook_bytes(rows, *, sheets=("Verdier",)) -> bytes:
    workbook = Workbook()
    workbook.active.title = sheets[0]
    workbook.active.append(transfer.EXCEL_HEADER)
    for r in rows:
        workbook.active.append(r)
    for name in sheets[1:]:
        workbook.create_sheet(name).append(["rapport_id", 123456789])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


excel_cell = st.one_of(
    st.none(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(INDICATORS + VALUES + ["under25", "ikke tilgjengelig", "=1+1"]),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30),
)


def _import_excel(world, report, data):
    return lambda: transfer.import_report_workbook(
        user=world.drammen_leader, report=report, data=data, version=None
    )


@FUZZ
@given(rows=st.lists(st.lists(excel_cell, min_size=0, max_size=9), max_size=8))
def test_any_workbook_content_is_saved_whole_or_refused(world, draft, probe, rows):
    clean = [[c for c in r] for r in rows]
    probe.run(_import_excel(world, draft, workbook_bytes(clean)))


@FUZZ
@given(data=st.binary(max_size=400))
def test_any_bytes_as_an_excel_file_are_refused(world, draft, probe, data):
    assert probe.run(_import_excel(world, draft, data)) is not None


@FUZZ
@given(
    members=st.lists(
        st.tuples(
            st.sampled_from(["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"]),
            st.binary(max_size=200),
        ),
        max_size=3,
        unique_by=lambda member: member[0],
    )
)
def test_a_damaged_xlsx_archive_is_refused(world, draft, probe, members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members:
            archive.writestr(name, content)
    assert probe.run(_import_excel(world, draft, buffer.getvalue())) is not None


def test_a_workbook_of_another_report_or_without_values_is_refused(world, draft, probe):
    other = probe.run(_import_excel(world, draft, workbook_bytes([], sheets=("Verdier", "Om"))))
    assert "annen rapport" in other.errors[0].message
    missing = probe.run(_import_excel(world, draft, workbook_bytes([], sheets=("Ark1",))))
    assert "«Verdier» mangler" in missing.errors[0].message


def _bomb(size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"<row/>" * (1024 * 1024 // 6)
            for _mb in range(size // len(chunk) + 1):
                member.write(chunk)
    return buffer.getvalue()


def test_a_zip_bomb_xlsx_is_refused_before_it_is_unpacked(world, draft, probe):
    bomb = _bomb(300 * 1024 * 1024)
    assert len(bomb) < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        refused = probe.run(_import_excel(world, draft, bomb))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "pakkes ut" in refused.errors[0].message
    assert peak < 20 * 1024 * 1024  # was +484 MB before the archive was checked


def test_a_workbook_with_too_many_rows_is_refused(world, draft, probe, monkeypatch):
    monkeypatch.setattr(transfer.excel, "MAX_EXCEL_ROWS", 5)
    rows = [["homeless_persons", "", "", "", "", 40, "", ""]] * 6
    refused = probe.run(_import_excel(world, draft, workbook_bytes(rows)))
    assert "mer enn 5 rader" in refused.errors[0].message


def test_an_excel_answer_longer_than_the_limit_is_refused(world, draft, probe):
    workbook = Workbook()
    workbook.active.title = "Verdier"
    workbook.active.append(transfer.EXCEL_HEADER)
    workbook.create_sheet("Tekst").append(["sporsmal", "tekst", "svar"])
    workbook["Tekst"].append(["status", "", "x" * (services.MAX_ANSWER_LENGTH + 1)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    refused = probe.run(_import_excel(world, draft, buffer.getvalue()))
    assert "for langt" in refused.errors[0].message
