"""What REFI-QDA projects bring that the coding tables do not otherwise hold: coders from
other tools who have no account here, and Sets (ATLAS.ti's code and document groups, NVivo's
sets) and Cases that are not programme municipalities."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from boligsosial.core.models import TimeStamped
from boligsosial.evaluation.models.evaluations import Evaluation


class ExternalCoder(TimeStamped):
    """A coder named in an imported project (a REFI-QDA User) who is not a user here.

    Passages and memos they made are stored with the importing user as `coder`/`author`
    (someone here answers for them) and this coder as `external_coder`/`external_author`,
    so the coding keeps saying who did it and exports give the same User back.
    """

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="external_coders"
    )
    name = models.CharField(_("navn"), max_length=200)
    guid = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["evaluation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "guid"], name="external_coder_guid_unique"
            )
        ]
        verbose_name = _("ekstern koder")
        verbose_name_plural = _("eksterne kodere")

    def __str__(self) -> str:
        return self.name


class SetKind(models.TextChoices):
    SET = "set", _("Sett")
    CASE = "case", _("Case")


class CodeSet(TimeStamped):
    """A REFI-QDA Set (codes and/or sources grouped under a name) or a Case that is not a
    programme municipality. Municipality cases are the sources' `participation`."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="code_sets")
    kind = models.CharField(_("type"), max_length=10, choices=SetKind.choices, default=SetKind.SET)
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    codes = models.ManyToManyField("evaluation.Code", blank=True, related_name="sets")
    sources = models.ManyToManyField("evaluation.TextSource", blank=True, related_name="sets")
    guid = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["evaluation", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "guid"], name="code_set_guid_unique")
        ]
        verbose_name = _("sett")
        verbose_name_plural = _("sett")

    def __str__(self) -> str:
        return self.name
