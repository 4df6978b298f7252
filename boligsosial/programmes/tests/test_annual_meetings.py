"""The annual-meeting due item: followup registers where meetings come from; programmes
never imports followup."""

import datetime as dt

import pytest

from boligsosial.programmes import annual_meetings, selectors

AS_OF = dt.date(2011, 12, 31)


def codes(participation, as_of=AS_OF):
    return [item.code for item in selectors.due_items(participation, as_of)]


def test_an_annual_meeting_recorded_in_followup_clears_the_due_item(world):
    from boligsosial.followup.models import Meeting, MeetingKind

    assert "annual_meeting_due" in codes(world.drammen_participation)
    Meeting.objects.create(
        participation=world.drammen_participation, kind=MeetingKind.ANNUAL, date=dt.date(2011, 5, 1)
    )
    assert "annual_meeting_due" not in codes(world.drammen_participation)
    # A meeting after the as-of date does not count yet.
    assert "annual_meeting_due" in codes(world.drammen_participation, dt.date(2011, 4, 30))


def test_the_portfolio_asks_once_for_all_rows_and_agrees_with_the_page(world):
    from boligsosial.followup.models import Meeting, MeetingKind

    Meeting.objects.create(
        participation=world.drammen_participation, kind=MeetingKind.ANNUAL, date=dt.date(2011, 5, 1)
    )
    rows = {r.participation.pk: r for r in selectors.portfolio(world.admin, AS_OF)}
    due = [i.code for i in rows[world.drammen_participation.pk].due]
    assert "annual_meeting_due" not in due
    assert due == codes(world.drammen_participation)


@pytest.fixture
def no_meeting_source():
    saved = annual_meetings._held_query
    annual_meetings._held_query = None
    yield
    annual_meetings._held_query = saved


def test_without_an_app_recording_meetings_nothing_is_claimed_due(world, no_meeting_source):
    assert annual_meetings.participations_with_annual_meeting([1], 2011, AS_OF) is None
    assert "annual_meeting_due" not in codes(world.drammen_participation)
    rows = selectors.portfolio(world.admin, AS_OF)
    assert all("annual_meeting_due" not in [i.code for i in r.due] for r in rows)
