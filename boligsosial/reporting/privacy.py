"""Privacy checks for free text and small counts.

Reports describe groups, never persons: free text is refused when it contains what looks
like a Norwegian national identity number (fødselsnummer) or D-number — 11 digits whose
two mod-11 check digits are right. Where municipalities are compared, counts of persons or
households under a threshold (settings.SMALL_COUNT_THRESHOLD, default 3) are shown as
"under 3".
"""

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
# 11 digits, optionally written as 6 + space/dot/dash + 5, not part of a longer number.
_CANDIDATE = re.compile(r"(?<![\d])(\d{6})[ .\-]?(\d{5})(?![\d])")


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int | None:
    remainder = 11 - sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
    if remainder == 11:
        return 0
    return None if remainder == 10 else remainder


def is_identity_number(number: str) -> bool:
    """True for 11 digits passing both mod-11 checks (fødselsnummer or D-number)."""
    if len(number) != 11 or not number.isdigit():
        return False
    digits = [int(c) for c in number]
    k1 = _check_digit(digits[:9], _WEIGHTS_1)
    if k1 is None or k1 != digits[9]:
        return False
    k2 = _check_digit(digits[:10], _WEIGHTS_2)
    return k2 is not None and k2 == digits[10]


def contains_identity_number(text: str) -> bool:
    return any(is_identity_number(a + b) for a, b in _CANDIDATE.findall(text or ""))


def check_free_text(fields: dict[str, tuple[str, str]]) -> None:
    """fields: {error key: (label shown to the user, text)}. Raises ValidationError naming each field."""
    errors = {}
    for key, (label, text) in fields.items():
        if contains_identity_number(text):
            errors[key] = _(
                "«%(field)s» inneholder et tall som ser ut som et fødselsnummer eller D-nummer "
                "(11 siffer med gyldige kontrollsiffer). Rapporter skal ikke inneholde personopplysninger: "
                "fjern tallet og lagre på nytt."
            ) % {"field": label}
    if errors:
        raise ValidationError(errors)


def threshold() -> int:
    return int(getattr(settings, "SMALL_COUNT_THRESHOLD", 3))


def is_small(value: Decimal | None) -> bool:
    return value is not None and value < threshold()


def small_count_label() -> str:
    return _("under %(n)s") % {"n": threshold()}
