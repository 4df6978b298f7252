"""The programme table's rows are made once for their content (selectors.table_rows, issue
14): after a report is approved only its municipality's row is made again, and a row kept
for one setting (threshold, language, columns) never shows in a table with another. The
table's columns and rows (periods, participations) are stored under their own tables and
follow every change of them."""

import datetime as dt

from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from boligsosial.municipalities.tests.factories import MunicipalityFactory
from boligsosial.programmes.tests.factories import ParticipationFactory
from boligsosial.reporting import selectors
from boligsosial.reporting.models import ReportValue
from boligsosial.reporting.tests.factories import PeriodFactory
from boligsosial.reporting.tests.test_selectors import approve


def _table(world, **options):
    return selectors.programme_table(
        world.programme, "homeless_persons", user=world.admin, **options
    )


def _rows(table) -> dict[str, list[str]]:
    return {row.municipality_name: [cell.text for cell in row.cells] for row in table.rows}


def _set_value(world, participation, value: str) -> None:
    row = ReportValue.objects.get(
        report__participation=participation, indicator__code="homeless_persons", option=None
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {ReportValue._meta.db_table} SET value = %s WHERE id = %s", [value, row.pk]
        )


def _approve_drammen(world, period, value: str, earlier_period, earlier_value: str) -> None:
    """Drammen's approved homeless count in two half-years."""
    for each, homeless in ((period, value), (earlier_period, earlier_value)):
        approve(
            world,
            world.drammen_participation,
            world.drammen_leader,
            each,
            homeless_persons=homeless,
        )


def test_after_one_value_changes_only_its_municipalitys_row_is_made_again(world, period):
    approve(world, world.drammen_participation, world.drammen_leader, period, homeless_persons="7")
    approve(world, world.skien_participation, world.skien_leader, period, homeless_persons="9")
    before = _table(world)
    _set_value(world, world.drammen_participation, "1234")
    after = _table(world)
    assert _rows(after) == {"Drammen": ["1\xa0234"], "Skien": ["9"]}
    assert after.totals[0].text == "1\xa0243"
    old, new = ({row.municipality_name: row.parts for row in t.rows} for t in (before, after))
    assert new["Skien"] is old["Skien"]  # kept: the same values
    assert new["Drammen"] is not old["Drammen"]
    _set_value(world, world.drammen_participation, "7")
    assert _rows(_table(world)) == {"Drammen": ["7"], "Skien": ["9"]}


def test_a_kept_row_follows_the_threshold_the_language_and_the_columns(
    world, period, earlier_period
):
    _approve_drammen(world, period, "2", earlier_period, "1234")
    assert _rows(_table(world))["Drammen"] == ["1\xa0234", "under 3"]
    with override_settings(SMALL_COUNT_THRESHOLD=2):
        assert _rows(_table(world))["Drammen"] == ["1\xa0234", "2"]
    with translation.override("en"):
        assert _rows(_table(world))["Drammen"] == ["1,234", "under 3"]
    assert _rows(_table(world, suppress=False))["Drammen"] == ["1\xa0234", "2"]
    # One column for the year: a stock counts at its end (the second half-year).
    assert _rows(_table(world, per_year=True))["Drammen"] == ["under 3"]
    assert _rows(_table(world))["Drammen"] == ["1\xa0234", "under 3"]


def test_a_new_period_and_a_new_participation_are_shown_at_once(client_for, world, period):
    approve(world, world.drammen_participation, world.drammen_leader, period, homeless_persons="7")
    client = client_for(world.admin)
    url = reverse("reporting:programme_table", args=[world.programme.pk])
    api = f"/api/v1/reporting/programmes/{world.programme.pk}/table?indicator=homeless_persons"
    page = client.get(url).text
    assert "Bamble" not in page and "2011 1. halvår" not in page
    assert len(client.get(api).json()["rows"]) == 2
    PeriodFactory(programme=world.programme, year=2011, half=1)
    ParticipationFactory(
        programme=world.programme,
        municipality=MunicipalityFactory(code="0814", name="Bamble"),
        programme_contact=world.contact,
        start_date=dt.date(2011, 1, 1),
    )
    page = client.get(url).text
    assert '<th scope="row">Bamble</th>' in page and "2011 1. halvår" in page
    rows = {r["municipality_code"]: r["cells"] for r in client.get(api).json()["rows"]}
    assert set(rows) == {"0602", "0806", "0814"}
    assert [c["period"] for c in rows["0814"]] == [period.code, "2011S1"]


def test_the_rows_kept_are_bounded_and_the_makers_used_longest_ago_go_first(
    world, period, monkeypatch
):
    from boligsosial.reporting.selectors import table_rows

    approve(world, world.drammen_participation, world.drammen_leader, period, homeless_persons="7")
    monkeypatch.setattr(table_rows, "_makers", type(table_rows._makers)())
    monkeypatch.setattr(table_rows, "ROWS", 3)  # two rows a table
    for threshold in (2, 3, 4):
        with override_settings(SMALL_COUNT_THRESHOLD=threshold):
            assert _rows(_table(world)) == {"Drammen": ["7"], "Skien": ["–"]}
    # Checked as a maker is taken: the bound, and the rows of the table then being made.
    assert [key[-2] for key in table_rows._makers] == [3, 4]  # the first threshold's gone
    assert [len(maker.rows) for maker in table_rows._makers.values()] == [2, 2]


def test_each_value_is_shown_in_its_periods_column_whatever_the_periods_read(
    world, period, earlier_period
):
    """The values come as texts in the database's order; the columns are in time order (the
    earlier half-year was made last here, so its id is the higher). A municipality with every period, one with a
    period missing, and a value left empty each land in their own columns."""
    _approve_drammen(world, period, "7", earlier_period, "1234")
    approve(
        world, world.skien_participation, world.skien_leader, earlier_period, homeless_persons="9"
    )
    assert _rows(_table(world)) == {"Drammen": ["1\xa0234", "7"], "Skien": ["9", "–"]}
    value = ReportValue.objects.get(
        report__participation=world.drammen_participation,
        report__period=earlier_period,
        indicator__code="homeless_persons",
        option=None,
    )
    with connection.cursor() as cursor:  # an approved value left empty
        cursor.execute(
            f"UPDATE {ReportValue._meta.db_table} SET value = NULL WHERE id = %s", [value.pk]
        )
    table = _table(world)
    assert _rows(table) == {"Drammen": ["–", "7"], "Skien": ["9", "–"]}
    assert [total.text for total in table.totals] == ["–", "–"]  # not every municipality


def test_a_rows_values_go_to_their_columns_in_whatever_order_the_database_gives_them(world):
    from boligsosial.reporting.models import Indicator
    from boligsosial.reporting.selectors.table_rows import RowMaker

    indicator = Indicator.objects.get(code="homeless_persons", is_current=True)
    groups = [("2010H1", "2010 1. halvår", [12]), ("2010H2", "2010 2. halvår", [5])]
    maker = RowMaker(indicator, {}, groups, suppress=False)
    assert tuple(maker.column_texts(("5,12", "7,n"))) == ("n", "7")
    assert tuple(maker.column_texts(("12,5", "n,7"))) == ("n", "7")
    assert tuple(maker.column_texts(("5,12", "8,"))) == ("", "8")  # kept for these ids
    assert list(maker.column_texts(("5", "7"))) == [None, "7"]  # a period not reported
    assert list(maker.column_texts(None)) == [None, None]
    assert [c.text for c in maker.row((("5,12", "1234,n"),)).shown] == [
        "ikke tilgjengelig",
        "1\xa0234",
    ]
