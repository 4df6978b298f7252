"""The long CSV import (transfer/csv_import, csv_check, store)."""

import datetime as dt

import pytest

from boligsosial.municipalities.models import CodeChange
from boligsosial.municipalities.tests.factories import MunicipalityFactory
from boligsosial.reporting import services, transfer
from boligsosial.reporting.models import Report, ReportValue

HEADER = "kommunenummer,periode,indikator,disaggregering,verdi,kommentar,ikke_tilgjengelig\n"


def snapshot(programme):
    return sorted(
        (
            v.report.participation.municipality.code,
            v.report.period.code,
            v.indicator.code,
            v.option.code if v.option_id else "",
            v.value,
            v.date_value,
            v.not_available,
            v.not_available_reason,
            v.comment,
        )
        for v in ReportValue.objects.filter(report__period__programme=programme).select_related(
            "report__participation__municipality", "report__period", "indicator", "option"
        )
    )


def test_a_good_file_imports_every_value(world, period):
    data = HEADER + (
        "0602,2010S2,homeless_persons,,40,,\n"
        "0602,2010S2,homeless_persons,under25,10,,\n"
        "0602,2010S2,homeless_persons,25plus,30,,\n"
        "0602,2010S2,evictions,,,,Tallet finnes ikke før 2011\n"
        '0602,2010S2,rent_arrears_nok,,"1234,5",Etter opprydding,\n'
    )
    result = transfer.import_csv(user=world.drammen_leader, programme=world.programme, data=data)
    assert result.values == 5 and result.reports_created == 1
    report = Report.objects.get(participation=world.drammen_participation, period=period)
    values = {
        (v.indicator.code, v.option.code if v.option_id else None): v
        for v in report.values.select_related("indicator", "option")
    }
    assert values[("homeless_persons", "under25")].value == 10
    assert values[("evictions", None)].not_available and values[("evictions", None)].value is None
    assert values[("rent_arrears_nok", None)].comment == "Etter opprydding"
    assert str(values[("rent_arrears_nok", None)].value.normalize()) == "1234.5"


def test_a_file_with_one_bad_row_changes_nothing_and_names_that_row(world, period, draft):
    services.report_save(
        user=world.drammen_leader,
        report=draft,
        version=None,
        values=[services.ValueInput("evictions", raw="3")],
    )
    before = snapshot(world.programme)
    data = (
        HEADER
        + "0602,2010S2,evictions,,7,,\n0602,2010S2,homeless_persons,,tolv,,\n0602,2010S2,eviction_petitions,,9,,\n"
    )
    with pytest.raises(transfer.ImportRefused) as refused:
        transfer.import_csv(user=world.drammen_leader, programme=world.programme, data=data)
    assert [(e.line, e.column) for e in refused.value.errors] == [(3, "verdi")]
    assert "«tolv» er ikke et tall" in str(refused.value.errors[0])
    assert snapshot(world.programme) == before


def test_a_bad_value_after_good_rows_leaves_no_report_event_or_history_behind(
    world, period, earlier_period, draft
):
    # The good rows go to the database while later rows are checked: the refusal must undo
    # the new report for 2010S1, the changed draft for 2010S2 and their history.
    from boligsosial.audit.models import AuditEntry
    from boligsosial.reporting.models import ReportEvent

    counts = (Report.objects.count(), ReportEvent.objects.count(), AuditEntry.objects.count())
    version = draft.version
    data = HEADER + "".join(
        f"0602,{p},{code},,{n},,\n"
        for p in ("2010S1", "2010S2")
        for n, code in enumerate(["evictions", "eviction_petitions", "homeless_persons"], 5)
    )
    data += "0602,2010S2,applications_received,,mange,,\n"
    with pytest.raises(transfer.ImportRefused) as refused:
        transfer.import_csv(user=world.drammen_leader, programme=world.programme, data=data)
    assert [(e.line, e.column) for e in refused.value.errors] == [(8, "verdi")]
    assert (
        Report.objects.count(),
        ReportEvent.objects.count(),
        AuditEntry.objects.count(),
    ) == counts
    draft.refresh_from_db()
    assert draft.version == version and not draft.values.exists()


def test_every_bad_row_is_listed_with_column_and_reason(world, period):
    data = HEADER + (
        "9999,2010S2,evictions,,1,,\n"
        "0602,2030S1,evictions,,1,,\n"
        "0602,2010S2,no_such_indicator,,1,,\n"
        "0602,2010S2,evictions,under25,1,,\n"
        "0806,2010S2,evictions,,1,,\n"
        "0602,2010S2,evictions,,1,Se 15057212362,\n"
    )
    with pytest.raises(transfer.ImportRefused) as refused:
        transfer.import_csv(user=world.drammen_leader, programme=world.programme, data=data)
    assert [(e.line, e.column) for e in refused.value.errors] == [
        (2, "kommunenummer"),
        (3, "periode"),
        (4, "indikator"),
        (5, "disaggregering"),
        (6, "kommunenummer"),
        (7, "kommentar"),
    ]
    assert "Du kan ikke rapportere for Skien" in str(refused.value.errors[4])
    assert not Report.objects.exists()


def test_a_historic_kommunenummer_is_mapped_through_the_registry(world, period):
    # Drammen 0602 became 3005 in 2020; a file using today's number still lands on the 2010 report.
    world.drammen.valid_to = dt.date(2020, 1, 1)
    world.drammen.save()
    MunicipalityFactory(code="3005", name="Drammen", valid_from=dt.date(2020, 1, 1))
    CodeChange.objects.create(
        old_code="0602",
        old_name="Drammen",
        new_code="3005",
        new_name="Drammen",
        changed_on=dt.date(2020, 1, 1),
    )
    transfer.import_csv(
        user=world.drammen_leader,
        programme=world.programme,
        data=HEADER + "3005,2010S2,evictions,,2,,\n",
    )
    assert Report.objects.get(period=period).participation == world.drammen_participation


def test_an_approved_report_is_not_changed_by_an_import(world, approved):
    with pytest.raises(transfer.ImportRefused) as refused:
        transfer.import_csv(
            user=world.drammen_leader,
            programme=world.programme,
            data=HEADER + "0602,2010S2,evictions,,9,,\n",
        )
    assert "har status «Godkjent»" in str(refused.value.errors[0])


def test_updating_many_drafts_by_import_costs_the_same_queries_as_updating_a_few(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from boligsosial.reporting.tests.factories import PeriodFactory

    periods = [PeriodFactory(programme=world.programme, year=2010, half=h) for h in (1, 2)]

    def reimport(codes):
        rows = "".join(f"{c},{p.code},evictions,,3,,\n" for c in codes for p in periods)
        transfer.import_csv(user=world.admin, programme=world.programme, data=HEADER + rows)
        with CaptureQueriesContext(connection) as queries:
            transfer.import_csv(
                user=world.admin,
                programme=world.programme,
                data=HEADER + rows.replace(",3,", ",4,"),
            )
        return len(queries)

    # Drammen's two drafts, then Drammen's and Skien's four: no query per report.
    assert reimport(["0602"]) == reimport(["0602", "0806"])
    assert Report.objects.filter(values__value=4).count() == 4
