"""The municipality under the code and name valid at a date, beside the one it was
registered with (a participation follows its municipality through code changes)."""

import datetime as dt

from django import template

from boligsosial.municipalities.models import Municipality
from boligsosial.municipalities.selectors import CodeError, load_code_history, map_code

register = template.Library()


@register.inclusion_tag("municipalities/_code_then_and_now.html")
def code_then_and_now(municipality: Municipality, at: dt.date) -> dict:
    """Nothing when the registered code is the one valid at `at`; otherwise the code(s) and
    name(s) valid then, and the registered code and name (the code history is read once per
    request)."""
    if municipality.is_valid_at(at):
        return {"changed": False}  # no query: the registered row is valid then
    try:
        mapping = map_code(municipality.code, at)
    except CodeError:
        return {"changed": False}
    if mapping.codes == [municipality.code] or not mapping.codes:
        return {"changed": False}
    history = load_code_history()
    valid = [(code, history.name_at(code, at) or "") for code in mapping.codes]
    return {
        "changed": True,
        "at": at,
        "valid": valid,
        "registered": municipality,
        "partial": mapping.note,
    }
