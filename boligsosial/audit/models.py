from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATE = "create", _("Opprettet")
    UPDATE = "update", _("Endret")
    DELETE = "delete", _("Slettet")
    TRANSITION = "transition", _("Statusendring")
    IMPORT = "import", _("Importert")


class AuditEntry(models.Model):
    """One change to programme data: who, when, what, before and after.

    `target` is the changed object; `scope` is the object whose page shows the change
    (usually the participation), so a participation's history includes its organisation,
    phases, goals and reports.
    """

    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("handling"), max_length=20, choices=Action.choices)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(max_length=300)
    scope_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", null=True
    )
    scope_id = models.CharField(max_length=64, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    comment = models.TextField(_("kommentar"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["scope_type", "scope_id"]),
        ]
        verbose_name = _("endring")
        verbose_name_plural = _("endringer")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

    def changed_fields(self) -> list[dict]:
        """[{'field': name, 'before': value, 'after': value}] for the fields that differ."""
        before, after = self.before or {}, self.after or {}
        keys = [k for k in {**before, **after} if before.get(k) != after.get(k)]
        return [{"field": k, "before": before.get(k), "after": after.get(k)} for k in keys]
