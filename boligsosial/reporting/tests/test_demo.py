import datetime as dt
import time

from boligsosial.core import demo
from boligsosial.reporting import selectors
from boligsosial.reporting.demo.data import TEMPLATE_INTRODUCED
from boligsosial.reporting.models import Report, ReportingPeriod, ReportValue
from boligsosial.reporting.tests.factories import ensure_catalogue


def test_the_demo_reports_on_the_common_template_only_after_its_introduction(db, settings):
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
    # The common template is introduced after the interim evaluation (report ch. 1 and 7.4):
    # no template period or report before it, and the report's own 2010–2011 figures are
    # results of the measures, not template values.
    assert not ReportingPeriod.objects.filter(start__lt=TEMPLATE_INTRODUCED).exists()
    assert ReportingPeriod.objects.filter(start=TEMPLATE_INTRODUCED).exists()
    assert not Report.objects.filter(period__start__lt=TEMPLATE_INTRODUCED).exists()
    skien = ctx["participations"]["Skien"]
    until = dt.date(2013, 12, 31)
    assert (
        selectors.approved_values(skien, "moved_on_households", until=dt.date(2011, 12, 31)) == []
    )
    assert selectors.approved_values(skien, "moved_on_households", until=until)
    assert not ReportValue.objects.filter(data_source="user").exists()
    assert (
        not ReportValue.objects.filter(data_source="report")
        .exclude(indicator__code="action_plan_adopted")
        .exists()
    )
    assert ReportValue.objects.filter(data_source="illustrative").exists()
    assert {r.status for r in ctx["participations"]["Porsgrunn"].reports.all()} == {
        "approved",
        "returned",
    }
