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


# The filter form is drawn once per set of values, programmes and language (issue 14) ------


def _filter(client, query: str = "") -> str:
    from lxml import html as lxml_html

    page = lxml_html.fromstring(client.get(URL + query).content.decode())
    return lxml_html.tostring(page.xpath("//form[contains(@class,'bs-filter')]")[0], encoding=str)


def test_the_stored_filter_shows_each_visits_own_choices(demo, evaluator):
    chosen = _filter(evaluator, "&pre_from=2005&pre_to=2006&post_from=2008&post_to=2009")
    assert '<option value="2005" selected>' in chosen
    other = _filter(evaluator, "&pre_from=2003&pre_to=2004&post_from=2008&post_to=2009")
    assert '<option value="2003" selected>' in other
    assert '<option value="2005" selected>' not in other
    # Bad input is explained, never stored in place of a good answer.
    wrong = _filter(evaluator, "&pre_from=2010&pre_to=2011&post_from=2009&post_to=2009")
    assert "Perioden etter må begynne" in wrong
    assert "Perioden etter må begynne" not in _filter(evaluator)


def test_a_renamed_programme_is_shown_in_the_filter_at_once(demo, client_for):
    from boligsosial.programmes.models import Programme
    from boligsosial.programmes.tests.factories import ProgrammeFactory

    admin = client_for(demo["users"]["admin"])
    extra = ProgrammeFactory(name="Et program til sammenligning")
    assert "Et program til sammenligning" in _filter(admin)
    Programme.objects.filter(pk=extra.pk).update(name="Et omdøpt program")  # no signal
    shown = _filter(admin)
    assert "Et omdøpt program" in shown and "Et program til sammenligning" not in shown


def test_a_reader_never_sees_another_readers_programmes_in_the_filter(demo, client_for):
    """The administrator's stored filter lists every programme; a municipal leader's lists
    only the programmes of the municipality's participations."""
    from boligsosial.instruments import access
    from boligsosial.programmes.tests.factories import ProgrammeFactory

    ProgrammeFactory(name="Et program bare administratoren ser")
    assert "bare administratoren ser" in _filter(client_for(demo["users"]["admin"]))
    leader = demo["users"]["leder-arendal"]
    assert "Et program bare administratoren ser" not in {
        p.name for p in access.visible_programmes(leader)
    }
    assert "bare administratoren ser" not in _filter(client_for(leader))
