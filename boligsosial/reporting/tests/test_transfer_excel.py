"""The Excel workbook per report (transfer/excel)."""

import pytest

from boligsosial.reporting import services, transfer
from boligsosial.reporting.tests.conftest import ANSWERS


def test_the_excel_file_is_prefilled_and_reads_back_through_the_same_rules(
    world, earlier_period, period
):
    from io import BytesIO

    from openpyxl import load_workbook

    old = services.report_start(
        user=world.drammen_leader, participation=world.drammen_participation, period=earlier_period
    )
    services.report_save(
        user=world.drammen_leader,
        report=old,
        version=None,
        values=[services.ValueInput("evictions", raw="6")],
    )
    report = services.report_start(
        user=world.drammen_leader, participation=world.drammen_participation, period=period
    )
    workbook = load_workbook(BytesIO(transfer.report_workbook(report)))
    sheet = workbook["Verdier"]
    rows = {(r[0].value, r[1].value or ""): r for r in sheet.iter_rows(min_row=2)}
    assert rows[("evictions", "")][4].value == 6  # last period's value
    rows[("evictions", "")][5].value = 4
    rows[("homeless_persons", "under25")][5].value = 3
    rows[("homeless_persons", "")][5].value = 12.5
    buffer = BytesIO()
    workbook.save(buffer)
    with pytest.raises(transfer.ImportRefused) as refused:
        transfer.import_report_workbook(
            user=world.drammen_leader, report=report, data=buffer.getvalue(), version=report.version
        )
    line = [r[0].row for k, r in rows.items() if k == ("homeless_persons", "")][0]
    assert (
        refused.value.errors[0].line == line
        and "ikke et helt tall" in refused.value.errors[0].message
    )
    assert not report.values.exists()
    rows[("homeless_persons", "")][5].value = 12
    workbook["Tekst"]["C2"] = ANSWERS["status"]
    buffer = BytesIO()
    workbook.save(buffer)
    transfer.import_report_workbook(
        user=world.drammen_leader, report=report, data=buffer.getvalue(), version=report.version
    )
    assert report.values.get(indicator__code="evictions").value == 4
    assert report.answers.get(question__code="status").text == ANSWERS["status"]
