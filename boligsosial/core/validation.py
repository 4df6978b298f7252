"""Model field bounds a service checks before it saves: null, lengths, choices, ranges, digits.

Forms check these for pages; the API and scripts reach services without a form. So that a value
the column cannot hold is a Norwegian ValidationError naming the field (HTTP 422, or a message on
the page's field), never an IntegrityError (500) or a silently truncated value, a service calls:

- `check_values(Model, {field: value})` for values it is about to set (`field_errors` gives the
  messages without raising);
- `check_fields(obj)` on the object it is about to save, or `check_changes(obj, changes)` for an
  `audit.services.audited_update` (on a copy, so the snapshot is taken before the changes).
"""

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Model
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


def check_values(model: type[models.Model], values: Mapping[str, Any]) -> None:
    """Raise one ValidationError keyed by field name for every value its field refuses."""
    errors = field_errors(model, values)
    if errors:
        raise ValidationError(errors)


def check_fields(obj: Model, *, exclude: Iterable[str] = ()) -> None:
    """Raise ValidationError({field: [message]}) for any value the column cannot hold."""
    skip = {f.name for f in obj._meta.concrete_fields if f.is_relation or not f.editable}
    skip.update(("version", *exclude))
    obj.clean_fields(exclude=list(skip))


def check_changes(obj: Model, changes: dict) -> None:
    """`check_fields` on a copy of `obj` with `changes` applied; `obj` itself is untouched.

    For `audit.services.audited_update`, which snapshots `obj` before it sets the changes.
    """
    trial = copy.copy(obj)
    for field, value in changes.items():
        setattr(trial, field, value)
    check_fields(trial)
