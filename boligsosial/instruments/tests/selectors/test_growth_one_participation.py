"""The participation page reads one municipality's growth, not the programme's (issue 14):
the same row as in the programme-wide analysis, for a fixed number of queries."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from boligsosial.instruments import selectors
from boligsosial.instruments.models import Instrument
from boligsosial.instruments.tests.selectors.test_query_counts import _national

AS_OF = dt.date(2011, 12, 31)


def _growth(programme, **kwargs):
    return selectors.growth(
        programme=programme, instrument=Instrument.START_LOAN, to_year=2011, as_of=AS_OF, **kwargs
    )


def test_one_participation_gets_its_programme_row_from_its_own_figures(db):
    programme = _national(12)
    whole = {row.participation_id: row for row in _growth(programme).rows}
    # Every second municipality was renumbered on 1.1.2010, after its baseline year 2009.
    for participation in programme.participations.all():
        with CaptureQueriesContext(connection) as captured:
            own = _growth(programme, participation_id=participation.pk)
        assert len(captured.captured_queries) <= 5
        assert own.rows == [whole[participation.pk]]
        row = own.rows[0]
        assert row.baseline_value is not None and row.to_value is not None
