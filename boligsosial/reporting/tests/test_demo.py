import datetime as dt
import time
from decimal import Decimal

from boligsosial.core import demo
from boligsosial.reporting import selectors
from boligsosial.reporting.models import ReportValue
from boligsosial.reporting.tests.factories import ensure_catalogue


def test_the_demo_has_half_year_reports_with_the_reports_own_figures_marked_by_source(db, settings):
    ensure_catalogue()
    settings.DEBUG = True
    settings.DEMO_LOADERS = [
        "boligsosial.municipalities.demo",
        "boligsosial.accounts.demo",
        "boligsosial.programmes.demo",
        "boligsosial.reporting.demo",
    ]
    started = time.monotonic()
    ctx = demo.load_all()
    assert time.monotonic() - started < 60
    skien = ctx["participations"]["Skien"]
    until = dt.date(2011, 12, 31)
    assert [p.value for p in selectors.approved_values(skien, "moved_on_households", until=until)][
        -1
    ] == 16
    assert selectors.approved_values(skien, "guidance_conversations", until=until)[-1].value == 104
    porsgrunn = selectors.approved_values(
        ctx["participations"]["Porsgrunn"], "households_in_contact", until=until
    )
    assert [(p.period_label, p.value) for p in porsgrunn if p.period_label == "2010 2. halvår"] == [
        ("2010 2. halvår", 92)
    ]
    arrears = selectors.approved_values(
        ctx["participations"]["Sandefjord"], "rent_arrears_nok", until=until
    )
    assert (
        arrears[0].value * Decimal("0.25")
        == ReportValue.objects.get(
            report__participation=ctx["participations"]["Sandefjord"],
            report__period__start=dt.date(2011, 7, 1),
            indicator__code="rent_arrears_nok",
            option=None,
        ).value
    )
    unprocessed = selectors.approved_values(
        ctx["participations"]["Arendal"], "applications_unprocessed", until=until
    )
    assert unprocessed[0].value - unprocessed[2].value == 75
    assert not ReportValue.objects.filter(data_source="user").exists()
    figure = ReportValue.objects.get(
        report__participation=skien,
        indicator__code="moved_on_households",
        report__period__start=dt.date(2011, 1, 1),
    )
    assert figure.data_source == "report" and "5.3" in figure.source_note
    assert ReportValue.objects.filter(data_source="illustrative").exists()
    assert {r.status for r in ctx["participations"]["Porsgrunn"].reports.all()} == {
        "approved",
        "returned",
    }
