"""Recording changes. Every service that writes programme data calls `record`."""

import datetime as dt
import decimal
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from boligsosial.audit.models import Action, AuditEntry


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: models.Model, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """A readable dict of the object's concrete fields (verbose names as keys)."""
    data: dict = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude or field.name in {"id", "created_at", "updated_at", "version"}:
            continue
        if field.is_relation:
            value = getattr(obj, field.name)
        elif field.choices:
            value = getattr(obj, f"get_{field.name}_display")()
        else:
            value = getattr(obj, field.attname)
        data[str(field.verbose_name)] = _jsonable(value)
    for field in obj._meta.many_to_many:
        if obj.pk and field.name not in exclude:
            data[str(field.verbose_name)] = sorted(str(o) for o in getattr(obj, field.name).all())
    return data


def record(
    *,
    user: Any,
    action: str,
    target: models.Model,
    scope: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    comment: str = "",
) -> AuditEntry | None:
    """One entry; None (and nothing written) for an update whose before equals its after."""
    if action == Action.UPDATE and before == after:
        # Nothing changed; keep the log meaningful.
        return None
    scope = scope or target
    return AuditEntry.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        scope_type=ContentType.objects.get_for_model(scope),
        scope_id=str(scope.pk),
        before=before,
        after=after,
        comment=comment,
    )


def audited_update[ModelT: models.Model](
    *,
    user: Any,
    obj: ModelT,
    version: int | None,
    changes: dict[str, Any],
    scope: models.Model | None = None,
    comment: str = "",
    exclude: tuple[str, ...] = (),
) -> ModelT:
    """The one audited update: snapshot → check and bump the version → set fields → save → record.

    Call inside the service's transaction, after its validation. `version=None` opts out of
    optimistic locking (scripts, imports); models without a `version` field skip it.
    """
    from boligsosial.core.concurrency import bump_version

    before = snapshot(obj, exclude=exclude)
    if hasattr(obj, "version"):
        bump_version(obj, version)
    for field, value in changes.items():
        setattr(obj, field, value)
    obj.save()
    record(
        user=user,
        action=Action.UPDATE,
        target=obj,
        scope=scope,
        before=before,
        after=snapshot(obj, exclude=exclude),
        comment=comment,
    )
    return obj


def record_many(entries: list[dict[str, Any]]) -> list[AuditEntry]:
    """The bulk form of `record` for imports: one INSERT for many entries.

    Each entry takes the same keywords as `record` (user, action, target, scope, before,
    after, comment), and optionally `target_repr` (the label shown in the log). Updates whose before equals after are left out, as in `record`.
    """
    rows = []
    for e in entries:
        if e["action"] == Action.UPDATE and e.get("before") == e.get("after"):
            continue
        user = e.get("user")
        target = e["target"]
        scope = e.get("scope") or target
        rows.append(
            AuditEntry(
                user=user if getattr(user, "is_authenticated", False) else None,
                action=e["action"],
                target_type=ContentType.objects.get_for_model(target),
                target_id=str(target.pk),
                target_repr=str(e.get("target_repr") or target)[:300],
                scope_type=ContentType.objects.get_for_model(scope),
                scope_id=str(scope.pk),
                before=e.get("before"),
                after=e.get("after"),
                comment=e.get("comment", ""),
            )
        )
    return AuditEntry.objects.bulk_create(rows)
