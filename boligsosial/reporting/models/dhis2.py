"""The DHIS2 identifier table: which DHIS2 UID an indicator (data element) and a
kommunenummer (organisation unit) have in the receiving DHIS2 instance.

An administrator uploads it as a CSV file; the DHIS2 export then writes UIDs instead of
codes and says so (`dataElementIdScheme`/`orgUnitIdScheme` = UID)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from boligsosial.core.models import TimeStamped


class Dhis2Kind(models.TextChoices):
    DATA_ELEMENT = "dataElement", _("Dataelement (indikator)")
    ORG_UNIT = "orgUnit", _("Organisasjonsenhet (kommune)")


class Dhis2Mapping(TimeStamped):
    kind = models.CharField(_("type"), max_length=20, choices=Dhis2Kind.choices)
    code = models.CharField(
        _("kode"), max_length=60, help_text=_("Indikatorkoden eller kommunenummeret.")
    )
    uid = models.CharField(_("DHIS2-UID"), max_length=11)

    class Meta:
        ordering = ["kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="dhis2_mapping_unique")
        ]
        verbose_name = _("DHIS2-kobling")
        verbose_name_plural = _("DHIS2-koblinger")

    def __str__(self) -> str:
        return f"{self.kind} {self.code} → {self.uid}"
