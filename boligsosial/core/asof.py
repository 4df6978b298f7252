"""The as-of date: every time-dependent page computes its figures for a chosen date.

The user picks it with ?as_of=YYYY-MM-DD (or DD.MM.YYYY); it is remembered in the session
until changed, and defaults to today.
"""

import datetime as dt

from django.utils import timezone

SESSION_KEY = "boligsosial_as_of"


def parse_date(text: str) -> dt.date | None:
    text = (text or "").strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def today() -> dt.date:
    return timezone.localdate()


def resolve_as_of(request) -> tuple[dt.date, str | None]:
    """Return (as_of, error text or None) for a request, updating the session."""
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

            return today(), _(
                "Datoen «%(value)s» er ikke gyldig. Skriv den som DD.MM.ÅÅÅÅ, for eksempel 31.12.2011."
            ) % {"value": raw}
        if session is not None:
            session[SESSION_KEY] = parsed.isoformat()
        return parsed, None
    if session is not None and session.get(SESSION_KEY):
        remembered = parse_date(session[SESSION_KEY])
        if remembered:
            return remembered, None
    return today(), None
