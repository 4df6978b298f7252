from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet

from boligsosial.audit.models import AuditEntry


def history_for(obj: models.Model, *, limit: int = 200) -> QuerySet[AuditEntry]:
    """Changes to `obj` and to everything recorded with `obj` as its scope, newest first."""
    ct = ContentType.objects.get_for_model(obj)
    return (
        AuditEntry.objects.filter(
            Q(target_type=ct, target_id=str(obj.pk)) | Q(scope_type=ct, scope_id=str(obj.pk))
        )
        .select_related("user", "target_type")
        .order_by("-at", "-id")[:limit]
    )
