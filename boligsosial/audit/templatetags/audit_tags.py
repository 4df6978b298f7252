"""How a history entry reads in the reader's language.

Entries keep what was true when they were written: field labels and choice labels in the
writer's language, time stamps as ISO text. They are shown translated and as dates here.
"""

import re

from django import template
from django.utils.translation import gettext

from boligsosial.core.formatting import MISSING, format_date

register = template.Library()

DEFAULT_REPR = re.compile(r"^\w+ object \((\d+)\)$")  # Django's str() of a model without one
ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d(T[\d:.]+([+-]\d\d:\d\d|Z)?)?$")


@register.filter
def history_label(text) -> str:
    """A field or choice label stored in bokmål, in the reader's language."""
    return gettext(str(text)) if text not in (None, "") else ""


@register.filter
def history_value(value) -> str:
    if value is None or value == "":
        return MISSING
    if isinstance(value, bool):
        return gettext("Ja") if value else gettext("Nei")
    if isinstance(value, list):
        return ", ".join(history_value(v) for v in value) or MISSING
    if isinstance(value, str) and ISO_DATE.match(value):
        return format_date(value.replace("Z", "+00:00"))
    return gettext(str(value))


@register.filter
def history_target(entry) -> str:
    """What changed: the stored label, or the kind and number instead of 'Memo object (1)'."""
    match = DEFAULT_REPR.match(entry.target_repr or "")
    if match and entry.target_type_id:
        model = entry.target_type.model_class()
        kind = model._meta.verbose_name if model else entry.target_type.model
        return f"{str(kind).capitalize()} {match.group(1)}"
    return entry.target_repr
