"""Follow-up between Husbanken and the municipality, as the framework model needs it.

The model requires one annual meeting per implementation year. The meetings are recorded
in the followup app; a meeting of kind "annual" in the calendar year, held on or before
`as_of`, counts.
"""

import datetime as dt


def annual_meeting_held(participation, year: int, as_of: dt.date) -> bool:
    from boligsosial.followup.selectors import annual_meeting_held as held

    return held(participation, year, as_of)


def participations_with_annual_meeting(participation_ids, year: int, as_of: dt.date) -> set[int]:
    """The same rule for many participations in one query (the portfolio)."""
    from boligsosial.followup.selectors import participations_with_annual_meeting as held

    return held(participation_ids, year, as_of)
