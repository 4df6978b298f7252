"""The difference-in-differences page is served from a stored computation (issue 14): a
change through any write path — a figure saved, a statistics import, raw SQL — is shown on
the next request."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boligsosial.core import changes
from boligsosial.instruments import services
from boligsosial.instruments.models import InstrumentFigure

URL = reverse("instruments:did") + "?as_of=2011-12-31"
SSB_07459 = (Path(__file__).parent / "data" / "ssb_07459_pxwebapi_v2.json").read_bytes()


def _shown(client) -> tuple:
    result = client.get(URL).context["result"]
    return (result.estimate, tuple(sorted(result.cell_means.items())), result.n_obs)


@pytest.fixture
def evaluator(demo, client_for):
    return client_for(demo["users"]["evaluator"])


def test_a_second_visit_is_served_from_the_store(demo, evaluator):
    evaluator.get(URL)
    with CaptureQueriesContext(connection) as stored:
        evaluator.get(URL)
    changes.install()  # records a change of every table: the next visit computes again
    with CaptureQueriesContext(connection) as computed:
        evaluator.get(URL)
    assert len(stored) < len(computed)


def test_a_figure_saved_through_the_service_is_shown_at_once(demo, evaluator):
    before = _shown(evaluator)
    services.figure_save(
        user=demo["users"]["admin"],
        instrument="start_loan",
        code="0602",
        year=2011,
        amount=Decimal("987654321"),
    )
    assert _shown(evaluator) != before


def test_a_statistics_import_is_shown_at_once(demo, evaluator):
    before = _shown(evaluator)
    services.population_import_jsonstat(
        user=demo["users"]["admin"], content=SSB_07459, file_name="07459.json"
    )
    assert _shown(evaluator) != before


def test_a_raw_update_is_shown_at_once(demo, evaluator):
    before = _shown(evaluator)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {InstrumentFigure._meta.db_table} SET amount = amount * 3 "
            "WHERE code = '0602' AND year >= 2010"
        )
    assert _shown(evaluator) != before
