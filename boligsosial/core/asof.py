"""The as-of date: every time-dependent page computes its figures for a chosen date.

The user picks it with ?as_of=DD.MM.YYYY (or YYYY-MM-DD); it is remembered in the session
until changed, and defaults to today.
"""

import datetime as dt

from django.utils import timezone

SESSION_KEY = "boligsosial_as_of"


# Dates outside this range are typing mistakes ("22011"), not dates the programmes know.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


def parse_date(text: str) -> dt.date | None:
    text = (text or "").strip()
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            parsed = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return parsed if EARLIEST_YEAR <= parsed.year <= LATEST_YEAR else None
    return None


def today() -> dt.date:
    return timezone.localdate()


def _remembered(session) -> dt.date | None:
    if session is not None and session.get(SESSION_KEY):
        return parse_date(session[SESSION_KEY])
    return None


def resolve_as_of(request) -> tuple[dt.date, str | None]:
    """Return (as_of, error text or None) for a request, updating the session.

    Typing that is not a date is answered with what the user typed, and the page keeps the
    date it showed before (the remembered one, else today) instead of jumping to today.
    """
    raw = request.GET.get("as_of")
    session = getattr(request, "session", None)
    if raw is not None:
        if raw.strip() == "":
            if session is not None:
                session.pop(SESSION_KEY, None)
            return today(), None
        parsed = parse_date(raw)
        if parsed is None:
            from django.utils.translation import gettext as _

            from boligsosial.core.formatting import format_date

            shown = _remembered(session) or today()
            return shown, _(
                "Datoen «%(value)s» er ikke en gyldig dato. Skriv den som DD.MM.ÅÅÅÅ, for "
                "eksempel 31.12.2011. Siden viser fortsatt tallene per %(shown)s."
            ) % {"value": raw.strip()[:40], "shown": format_date(shown)}
        if session is not None:
            session[SESSION_KEY] = parsed.isoformat()
        return parsed, None
    return _remembered(session) or today(), None
