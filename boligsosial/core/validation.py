"""The model's own field rules for values that do not come through a ModelForm (API, scripts).

A ModelForm checks null, blank, length, choices, decimal digits and integer range before a
service runs; the API's schemas check only types. `check_fields` runs the same field checks
so a value the column cannot hold is a Norwegian ValidationError (HTTP 422), never an
IntegrityError or a silently truncated value.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _


def field_errors(model: type[models.Model], values: Mapping[str, Any]) -> dict[str, list[str]]:
    """{field name: [messages]} for every value its model field refuses.

    Relations are left to the service (they are objects, looked up by the caller).
    """
    errors: dict[str, list[str]] = {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        if field.is_relation or not field.concrete:
            continue
        label = capfirst(str(field.verbose_name))
        if value is None and not field.null:
            errors[name] = [
                _("%(field)s: feltet kan ikke være tomt (null). Send en verdi.") % {"field": label}
            ]
            continue
        try:
            field.clean(value, None)  # type: ignore[union-attr]
        except ValidationError as exc:
            errors[name] = [
                _("%(field)s: %(message)s") % {"field": label, "message": message}
                for message in exc.messages
            ]
    return errors


def check_fields(model: type[models.Model], values: Mapping[str, Any]) -> None:
    """Raise one ValidationError keyed by field name for every value its field refuses."""
    errors = field_errors(model, values)
    if errors:
        raise ValidationError(errors)
