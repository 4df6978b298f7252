"""Norwegian number and date formats: 1 234,5 and 31.12.2011. Missing is never zero."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

NBSP = "\u00a0"
MISSING = "–"


def use_english() -> bool:
    return (get_language() or "nb").startswith("en")


def format_number(value, decimals: int | None = None, *, english: bool | None = None) -> str:
    """Format a number with a non-breaking-space thousands separator and decimal comma.

    None (missing) returns an en dash, never "0". With `decimals=None`, integers print
    without decimals and other numbers with up to one decimal.
    """
    if value is None or value == "":
        return MISSING
    if isinstance(value, bool):
        return _("Ja") if value else _("Nei")
    # A Decimal as it is (the programme table formats 7 000 of them); the two usual formats
    # written out, which Python parses faster than a nested format spec.
    number = value if type(value) is Decimal else Decimal(str(value))
    if decimals is None:
        text = f"{number:,.0f}" if number == number.to_integral_value() else f"{number:,.1f}"
    else:
        text = f"{number:,.{decimals}f}"
    if english if english is not None else use_english():
        return text
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", NBSP)


def format_exact(value) -> str:
    """Every decimal the value has, grouped: 297460.89 → "297 460,89", 1119000 → "1 119 000"."""
    if value is None or value == "" or isinstance(value, bool):
        return format_number(value)
    exponent = Decimal(str(value)).normalize().as_tuple().exponent
    return format_number(value, max(0, -exponent) if isinstance(exponent, int) else 0)


def format_percent(value, decimals: int = 0) -> str:
    if value is None:
        return MISSING
    return f"{format_number(value, decimals)}{NBSP}%"


def format_nok(value, decimals: int = 0) -> str:
    if value is None:
        return MISSING
    return f"{format_number(value, decimals)}{NBSP}kr"


def format_date(value) -> str:
    """31.12.2011 in both languages (Norwegian public-sector convention)."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, str):  # an ISO date kept in a JSON document: "2011-12-01"
        try:
            value = (
                dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
            )
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d.%m.%Y %H:%M")
    return value.strftime("%d.%m.%Y")


MONTHS_NB = [
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
]  # fmt: skip
MONTHS_EN = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def format_month(value) -> str:
    """'august 2009' (nb) or 'August 2009' (en)."""
    if value is None:
        return MISSING
    names = MONTHS_EN if use_english() else MONTHS_NB
    return f"{names[value.month - 1]} {value.year}"


def parse_norwegian_number(text: str) -> Decimal:
    """Parse '1 234,5', '1234.5' or '-3' into a Decimal; raises ValueError."""
    cleaned = text.strip().replace(NBSP, "").replace(" ", "").replace("\u2009", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    elif "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        return Decimal(cleaned)
    except Exception as exc:  # decimal.InvalidOperation
        raise ValueError(text) from exc
