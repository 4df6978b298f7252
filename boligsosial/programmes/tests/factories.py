import datetime as dt

import factory

from boligsosial.municipalities.tests.factories import MunicipalityFactory
from boligsosial.programmes.models import (
    HusbankenRegion,
    Organisation,
    Participation,
    Phase,
    PhaseKind,
    Programme,
)
from boligsosial.programmes.region_models import ensure_start_regions


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Boligsosialt utviklingsprogram {n}")
    owner_region = factory.LazyFunction(lambda: ensure_start_regions()[HusbankenRegion.SOR])


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    programme = factory.SubFactory(ProgrammeFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    start_date = dt.date(2010, 3, 1)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("participation",)

    participation = factory.SubFactory(ParticipationFactory)
    programme_leader_position = "Programleder"


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    participation = factory.SubFactory(ParticipationFactory)
    kind = PhaseKind.PLANNING
    start = dt.date(2010, 3, 1)
    planned_end = dt.date(2010, 9, 1)


def ensure_national_goals() -> None:
    """The three national goals are seeded by a data migration; transactional tests (the
    browser) flush them, so tests that need them seed them again (idempotent)."""
    from importlib import import_module

    from django.apps import apps

    import_module("boligsosial.programmes.migrations.0002_national_goals").add_goals(apps, None)
