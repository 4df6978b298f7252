"""The framework model's annual-meeting rule, and where its meetings come from.

The model asks for one annual meeting with Husbanken per implementation year; a meeting of
kind "annual" in the calendar year, held on or before `as_of`, counts. The meetings are
recorded by the followup app, which sits above programmes: at start-up it registers the
query here (`followup.apps`), so programmes never imports followup.
"""

import datetime as dt
from collections.abc import Callable, Iterable

# (participation ids, year, as_of) -> the ids whose annual meeting is held.
HeldQuery = Callable[[Iterable[int], int, dt.date], set[int]]

_held_query: HeldQuery | None = None


def register(query: HeldQuery) -> None:
    global _held_query
    _held_query = query


def participations_with_annual_meeting(
    participation_ids: Iterable[int], year: int, as_of: dt.date
) -> set[int] | None:
    """Of these participations, the ids that held their annual meeting; None when no app
    records meetings (the rule then cannot be judged, so nothing is reported as due)."""
    if _held_query is None:
        return None
    return _held_query(list(participation_ids), year, as_of)
