"""Model field bounds a service checks before it saves: lengths, choices, ranges, digits.

Forms check these for pages; the API and scripts reach services without a form, so a
service calls `check_fields` on the object it is about to save. The messages are Django's
own (Norwegian with LANGUAGE_CODE "nb") and name the field, so the API answers 422 and a
page shows the error on the field instead of a database error (500).
"""

import copy
from collections.abc import Iterable

from django.db.models import Model


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
