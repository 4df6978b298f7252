import datetime as dt

import pytest
from django.db import transaction

# A real local S3 endpoint (moto_server) for the private storage on object storage.
from boligsosial.core.testing.s3 import s3_endpoint, s3_private_storage  # noqa: F401
from boligsosial.evaluation_report.tests.demo_data import load_seeded_demo


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Generated files go to a throw-away private directory, outside any web root."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def report_world(world):
    """The conftest personas plus an evaluation (its team: the evaluator), its report with one
    published version, an evaluator outside the team, and an outsider: a programme leader of a
    municipality that is not in the programme."""
    from boligsosial.accounts.models import Role
    from boligsosial.accounts.tests.factories import UserFactory
    from boligsosial.evaluation.models import Evaluation
    from boligsosial.evaluation_report import services
    from boligsosial.municipalities.tests.factories import MunicipalityFactory

    w = world
    w.evaluation = Evaluation.objects.create(
        programme=w.programme,
        title="Underveisevaluering 2011",
        period_start=dt.date(2011, 8, 1),
        period_end=dt.date(2011, 12, 31),
        as_of=dt.date(2011, 12, 1),
    )
    w.evaluation.team.add(w.evaluator)
    w.outside_evaluator = UserFactory(username="outside-evaluator", role=Role.EVALUATOR)
    w.report = services.report_create(
        user=w.evaluator, evaluation=w.evaluation, title="Rapport 2011"
    )
    services.narrative_save(
        user=w.evaluator, report=w.report, key="foreword", markdown="Et **forord**."
    )
    w.version = services.report_publish(user=w.evaluator, report=w.report, note="Første versjon")
    w.outsider_municipality = MunicipalityFactory(code="1103", name="Stavanger")
    w.outsider = UserFactory(
        username="outsider", role=Role.MUNICIPAL_LEADER, municipality=w.outsider_municipality
    )
    return w


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demonstration data, loaded once per test module and rolled back after it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield load_seeded_demo()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def module_draft(demo, django_db_blocker):
    """The demonstration report's draft document, computed once per test module."""
    from boligsosial.evaluation_report.selectors import document_for

    with django_db_blocker.unblock():
        return document_for(demo["evaluation_report"])
