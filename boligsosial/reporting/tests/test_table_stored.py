"""The programme table page and API are served from a stored computation (issue 14): a
change through any write path is shown on the next request, and one reader's stored table
never reaches a reader who may see other municipalities."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boligsosial.core import changes
from boligsosial.reporting import services, transfer
from boligsosial.reporting.models import DimensionOption, Indicator, ReportValue
from boligsosial.reporting.tests.conftest import ANSWERS, complete_inputs
from boligsosial.reporting.tests.test_selectors import approve

HEADER = "kommunenummer,periode,indikator,disaggregering,verdi,kommentar,ikke_tilgjengelig\n"


def _page(client, world) -> str:
    url = reverse("reporting:programme_table", args=[world.programme.pk])
    return client.get(url + "?indikator=homeless_persons").text


def _api(client, world) -> list:
    url = f"/api/v1/reporting/programmes/{world.programme.pk}/table?indicator=homeless_persons"
    rows = json.loads(client.get(url).content)["rows"]
    return [(r["municipality_code"], [c["value"] for c in r["cells"]]) for r in rows]


def _drammen(rows) -> list:
    return dict(rows)["0602"]


@pytest.fixture
def admin(client_for, world):
    return client_for(world.admin)


def test_a_second_visit_is_served_from_the_store(admin, world, period):
    approve(world, world.drammen_participation, world.drammen_leader, period, homeless_persons="7")
    _page(admin, world)
    with CaptureQueriesContext(connection) as first:
        _page(admin, world)
    changes.install()  # records a change of every table: the next visit computes again
    with CaptureQueriesContext(connection) as computed:
        _page(admin, world)
    assert len(first) < len(computed)


def test_an_approval_through_the_services_is_shown_at_once(admin, world, period):
    assert "<td>7</td>" not in _page(admin, world)
    assert _drammen(_api(admin, world)) == [None]
    approve(world, world.drammen_participation, world.drammen_leader, period, homeless_persons="7")
    assert "<td>7</td>" in _page(admin, world)
    assert _drammen(_api(admin, world)) == ["7.0000"]


def test_a_raw_update_is_shown_at_once(admin, world, period):
    approve(world, world.drammen_participation, world.drammen_leader, period, homeless_persons="7")
    assert "<td>7</td>" in _page(admin, world)
    _api(admin, world)
    value = ReportValue.objects.get(
        report__participation=world.drammen_participation,
        indicator__code="homeless_persons",
        option=None,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {ReportValue._meta.db_table} SET value = 1234 WHERE id = %s", [value.pk]
        )
    assert "<td>1\xa0234</td>" in _page(admin, world)
    assert _drammen(_api(admin, world)) == ["1234.0000"]


def test_a_csv_import_is_shown_at_once(admin, world, period):
    _page(admin, world)
    _api(admin, world)
    tables = changes.tables_of("reporting")
    before = changes.fingerprint(tables)
    data = HEADER + f"0602,{period.code},homeless_persons,,11,,\n"
    transfer.import_csv(user=world.admin, programme=world.programme, data=data)
    assert changes.fingerprint(tables) != before  # the import itself (COPY on PostgreSQL)
    report = world.drammen_participation.reports.get(period=period)
    services.report_save(
        user=world.drammen_leader,
        report=report,
        version=report.version,
        values=complete_inputs(homeless_persons="11"),
        answers=ANSWERS,
    )
    report = services.report_submit(user=world.drammen_leader, report=report)
    services.report_approve(user=world.admin, report=report)
    assert "<td>11</td>" in _page(admin, world)
    assert _drammen(_api(admin, world)) == ["11.0000"]


def test_a_municipal_reader_never_gets_the_table_stored_for_husbanken(client_for, world, period):
    approve(world, world.drammen_participation, world.drammen_leader, period, homeless_persons="7")
    approve(world, world.skien_participation, world.skien_leader, period, homeless_persons="9")
    admin = client_for(world.admin)
    assert "Skien" in _page(admin, world) and "Drammen" in _page(admin, world)
    assert {code for code, _cells in _api(admin, world)} == {"0602", "0806"}
    leader = client_for(world.drammen_leader)
    page = _page(leader, world)
    assert "Drammen" in page and "Skien" not in page
    assert {code for code, _cells in _api(leader, world)} == {"0602"}


def test_a_warm_visit_reads_neither_the_catalogue_nor_the_values(admin, world, period):
    approve(world, world.drammen_participation, world.drammen_leader, period, homeless_persons="7")
    _page(admin, world)
    with CaptureQueriesContext(connection) as warm:
        page = _page(admin, world)
    read = " ".join(q["sql"] for q in warm.captured_queries)
    for table in ("reporting_indicator", "reporting_dimension", "reporting_reportvalue"):
        assert f'FROM "{table}"' not in read
    # The table's, its frame's and the catalogue's fingerprints: one query on the change log.
    assert read.count("core_tablechange") == 1, read
    # The lists are still there: every current indicator, the chosen one's categories.
    assert 'value="homeless_persons" selected' in page


def test_a_catalogue_change_is_shown_in_the_lists_at_once(admin, world, period):
    indicator = Indicator.objects.get(code="homeless_persons")
    option = indicator.dimensions.first().options.order_by("order").first()
    assert "Bostedsløse (omdøpt)" not in _page(admin, world)
    indicator.name_nb = "Bostedsløse (omdøpt)"
    indicator.save()
    DimensionOption.objects.filter(pk=option.pk).update(name_nb="Kategori (omdøpt)")
    page = _page(admin, world)
    assert '<option value="homeless_persons" selected>Bostedsløse (omdøpt)</option>' in page
    assert "Kategori (omdøpt)</option>" in page


def test_the_page_around_the_table_follows_the_reader_and_the_header_at_once(
    client_for, world, period
):
    """The page around the table is stored per reader (`core.stored_pages`); the table's
    section is put in per request, so a new value, the reader's new name and their
    municipality's new name all show on the next visit."""
    approve(world, world.drammen_participation, world.drammen_leader, period, homeless_persons="7")
    leader = client_for(world.drammen_leader)
    first = _page(leader, world)
    assert "<td>7</td>" in first and "Drammen" in first
    with connection.cursor() as cursor:  # a value corrected (as an import writes it)
        cursor.execute(
            f"UPDATE {ReportValue._meta.db_table} SET value = 8 WHERE value = 7 AND option_id "
            "IS NULL"
        )
    assert "<td>8</td>" in _page(leader, world)
    municipality = world.drammen_participation.municipality
    municipality.name = "Drammen (ny)"
    municipality.save()
    assert "Drammen (ny))</span>" in _page(leader, world)  # the header
    user = world.drammen_leader
    user.first_name, user.last_name = "Kari", "Nordmann-Ny"
    user.save()
    page = _page(leader, world)
    assert "Nordmann-Ny" in page and "<td>8</td>" in page
    admin = client_for(world.admin)
    assert "Nordmann-Ny" not in _page(admin, world)  # another reader's page is their own
