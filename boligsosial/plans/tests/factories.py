import datetime as dt

import factory

from boligsosial.plans.models import (
    Goal,
    GoalLevel,
    Measure,
    MeasureMethod,
    MeasureStatus,
    MeasureTargetGroup,
    Result,
    StatusEvent,
)
from boligsosial.plans.services import reindex_measure
from boligsosial.programmes.tests.factories import ParticipationFactory


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    participation = factory.SubFactory(ParticipationFactory)
    level = GoalLevel.MAIN
    title = factory.Sequence(lambda n: f"Hovedmål {n}")


def make_measure(
    participation,
    *,
    name="Boligskole for ungdom",
    status=MeasureStatus.RUNNING,
    since=dt.date(2010, 9, 1),
    target_groups=(),
    methods=(),
    published=True,
    description="Et delprosjekt for å prøve ut nye arbeidsmåter.",
) -> Measure:
    measure = Measure.objects.create(
        participation=participation,
        name=name,
        description=description,
        status=status,
        published=published,
    )
    StatusEvent.objects.create(measure=measure, status=status, date=since)
    for code in target_groups:
        MeasureTargetGroup.objects.create(measure=measure, code=code)
    for code in methods:
        MeasureMethod.objects.create(measure=measure, code=code)
    reindex_measure(measure)
    return measure


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Result

    date = dt.date(2011, 6, 30)
    text = "Rutiner er laget og tatt i bruk."
