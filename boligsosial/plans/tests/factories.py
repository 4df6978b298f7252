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


# Real evidence files (the upload check parses the whole content) -----------------------


def pdf_bytes() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bytes(size: tuple[int, int] = (4, 4)) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format="PNG")
    return buffer.getvalue()


def docx_bytes(extra: dict[str, bytes] | None = None) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()
