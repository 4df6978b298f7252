import datetime as dt

import factory

from boligsosial.programmes.tests.factories import ProgrammeFactory
from boligsosial.reporting.models import PeriodKind, ReportingPeriod, ReportTemplate


def ensure_catalogue() -> None:
    """The catalogue is seeded by a data migration; transactional tests (the browser) flush
    it, so tests that need it seed it again (seed is idempotent)."""
    if not ReportTemplate.objects.exists():
        from django.apps import apps

        from boligsosial.reporting.catalogue import seed

        seed(apps)


def current_template() -> ReportTemplate:
    ensure_catalogue()
    return ReportTemplate.objects.filter(is_current=True).order_by("-version").first()


class PeriodFactory(factory.django.DjangoModelFactory):
    """A half-year period; pass year and half (1 or 2)."""

    class Meta:
        model = ReportingPeriod

    class Params:
        year = 2010
        half = 1

    programme = factory.SubFactory(ProgrammeFactory)
    kind = PeriodKind.HALF_YEAR
    start = factory.LazyAttribute(lambda o: dt.date(o.year, 1 if o.half == 1 else 7, 1))
    end = factory.LazyAttribute(
        lambda o: dt.date(o.year, 6, 30) if o.half == 1 else dt.date(o.year, 12, 31)
    )
    deadline = factory.LazyAttribute(lambda o: o.end + dt.timedelta(days=31))
    template = factory.LazyFunction(current_template)
