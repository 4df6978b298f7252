import datetime as dt
from decimal import Decimal

from boligsosial.reporting import selectors, services
from boligsosial.reporting.tests.conftest import ANSWERS, complete_inputs
from boligsosial.reporting.tests.factories import PeriodFactory

V = services.ValueInput


def approve(world, participation, leader, period, **overrides):
    report = services.report_start(user=leader, participation=participation, period=period)
    services.report_save(
        user=leader,
        report=report,
        version=None,
        values=complete_inputs(**overrides),
        answers=ANSWERS,
    )
    report = services.report_submit(user=leader, report=report)
    return services.report_approve(user=world.admin, report=report)


def test_approved_values_come_only_from_approved_reports_in_period_order(
    world, earlier_period, period
):
    later = PeriodFactory(programme=world.programme, year=2011, half=1)
    approve(world, world.drammen_participation, world.drammen_leader, period, evictions="5")
    approve(world, world.drammen_participation, world.drammen_leader, earlier_period, evictions="7")
    draft = services.report_start(
        user=world.drammen_leader, participation=world.drammen_participation, period=later
    )
    services.report_save(
        user=world.drammen_leader, report=draft, version=None, values=[V("evictions", raw="9")]
    )
    points = selectors.approved_values(
        world.drammen_participation, "evictions", until=dt.date(2012, 1, 1)
    )
    assert [(p.period_label, p.value) for p in points] == [
        ("2010 1. halvår", Decimal(7)),
        ("2010 2. halvår", Decimal(5)),
    ]
    assert selectors.approved_values(
        world.drammen_participation, "evictions", until=dt.date(2010, 12, 30)
    )[-1].period_end == dt.date(2010, 6, 30)


def test_approved_values_keep_not_available_apart_and_read_disaggregations(world, period):
    approve(world, world.drammen_participation, world.drammen_leader, period)
    report = world.drammen_participation.reports.get()
    services.report_reopen(user=world.admin, report=report, reason="Rett tallene.")
    services.report_save(
        user=world.drammen_leader,
        report=report,
        version=None,
        values=[
            V("evictions", not_available=True, reason="Ikke registrert"),
            V("homeless_persons", "under25", raw="11"),
            V("homeless_persons", "25plus", raw="29"),
        ],
    )
    services.report_approve(
        user=world.admin, report=services.report_submit(user=world.drammen_leader, report=report)
    )
    [point] = selectors.approved_values(
        world.drammen_participation, "evictions", until=dt.date(2012, 1, 1)
    )
    assert point.not_available and point.value is None
    [young] = selectors.approved_values(
        world.drammen_participation,
        "homeless_persons",
        until=dt.date(2012, 1, 1),
        disaggregation="under25",
    )
    assert young.value == 11


def test_completeness_counts_expected_submitted_on_time_and_approved_and_never_exceeds_100_percent(
    world, period
):
    drammen = approve(world, world.drammen_participation, world.drammen_leader, period)
    type(drammen).objects.filter(pk=drammen.pk).update(
        first_submitted_at=dt.datetime(2011, 1, 15, tzinfo=dt.UTC)
    )
    skien = services.report_start(
        user=world.skien_leader, participation=world.skien_participation, period=period
    )
    services.report_save(
        user=world.skien_leader,
        report=skien,
        version=None,
        values=complete_inputs(evictions="")
        + [V("evictions", not_available=True, reason="Mangler")],
        answers=ANSWERS,
    )
    services.report_submit(user=world.skien_leader, report=skien)
    type(skien).objects.filter(pk=skien.pk).update(
        first_submitted_at=dt.datetime(2011, 3, 1, tzinfo=dt.UTC)
    )
    result = selectors.completeness(world.programme, period)
    assert (result["expected"], result["submitted"], result["on_time"], result["approved"]) == (
        2,
        2,
        1,
        1,
    )
    assert result["submitted_share"] == 1.0 and result["on_time_share"] == 0.5
    assert result["values_not_available"] == 1
    assert (
        result["values_reported"] == result["values_expected"] - 1
    )  # not available is not reported, and not 0


def test_a_municipality_that_had_not_started_is_not_expected(world, earlier_period):
    world.skien_participation.start_date = dt.date(2010, 12, 1)
    world.skien_participation.save()
    assert selectors.completeness(world.programme, earlier_period)["expected"] == 1


def test_the_programme_table_suppresses_small_counts_and_never_sums_not_available(
    world, period, earlier_period
):
    approve(world, world.drammen_participation, world.drammen_leader, period, homeless_persons="2")
    approve(world, world.skien_participation, world.skien_leader, period, homeless_persons="25")
    approve(
        world,
        world.drammen_participation,
        world.drammen_leader,
        earlier_period,
        homeless_persons="30",
    )
    table = selectors.programme_table(world.programme, "homeless_persons", user=world.admin)
    rows = {row.municipality_name: row.cells for row in table.rows}
    assert rows["Drammen"][1].suppressed and rows["Skien"][1].value == 25
    assert not rows["Skien"][0].reported  # Skien has no 2010 H1 report: missing, not 0
    assert table.totals[0].reported is False and table.totals[1].value == 27


def test_the_programme_table_adds_flows_and_keeps_stocks_per_year(world, period, earlier_period):
    approve(
        world,
        world.drammen_participation,
        world.drammen_leader,
        earlier_period,
        evictions="3",
        municipal_homes="900",
    )
    approve(
        world,
        world.drammen_participation,
        world.drammen_leader,
        period,
        evictions="4",
        municipal_homes="910",
    )
    evictions = selectors.programme_table(
        world.programme, "evictions", user=world.admin, per_year=True
    )
    homes = selectors.programme_table(
        world.programme, "municipal_homes", user=world.admin, per_year=True
    )
    drammen = world.drammen_participation.pk
    assert {r.participation_id: r.cells for r in evictions.rows}[drammen][0].value == 7
    assert {r.participation_id: r.cells for r in homes.rows}[drammen][0].value == 910


def test_municipal_users_see_only_their_own_row(world, period):
    approve(world, world.drammen_participation, world.drammen_leader, period)
    table = selectors.programme_table(world.programme, "evictions", user=world.skien_leader)
    assert [row.municipality_name for row in table.rows] == ["Skien"]
