"""Husbanken's regions as data: name, the municipalities each serves, valid from–to.

A national administrator manages them (pages under /regioner/, `programmes.regions`). A
programme is owned by a region; regional frames and "the rest of the region" in the
analyses read the municipalities a region served in the year they look at.
"""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from boligsosial.core.models import Provenance, TimeStamped, Versioned
from boligsosial.municipalities.models import four_digits


class HusbankenRegion(models.TextChoices):
    """The keys of the regional offices Boligsosial starts with (migration 0005 creates them as
    `Region` rows; regions added later are data only)."""

    SOR = "sor", _("Husbanken Region sør")
    OST = "ost", _("Husbanken Region øst")
    VEST = "vest", _("Husbanken Region vest")
    MIDT = "midt", _("Husbanken Region midt")
    NORD = "nord", _("Husbanken Region nord")
    BODO = "bodo", _("Husbanken Region Bodø")
    HAMMERFEST = "hammerfest", _("Husbanken Region Hammerfest")


class Region(Provenance, Versioned, TimeStamped):
    key = models.SlugField(
        _("kortnavn"),
        max_length=20,
        unique=True,
        help_text=_("Små bokstaver uten mellomrom, for eksempel «sor». Brukes i API-et."),
    )
    name = models.CharField(_("navn"), max_length=200, unique=True)
    office = models.CharField(_("regionkontor (sted)"), max_length=100, blank=True)
    valid_from = models.DateField(_("gyldig fra"), null=True, blank=True)
    valid_to = models.DateField(
        _("gyldig til"), null=True, blank=True, help_text=_("Første dag regionen ikke finnes.")
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gt=models.F("valid_from")),
                name="region_valid_to_after_from",
            )
        ]
        verbose_name = _("Husbanken-region")
        verbose_name_plural = _("Husbanken-regioner")

    def __str__(self) -> str:
        return self.name

    def valid_at(self, at: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= at) and (
            self.valid_to is None or at < self.valid_to
        )


class RegionMunicipality(Provenance):
    """A kommunenummer a region served from `valid_from` (None: always) until `valid_to`."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="municipalities", verbose_name=_("region")
    )
    code = models.CharField(_("kommunenummer"), max_length=4, validators=[four_digits])
    valid_from = models.DateField(_("fra"), null=True, blank=True)
    valid_to = models.DateField(_("til"), null=True, blank=True)

    class Meta:
        ordering = ["region", "code", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "code", "valid_from"], name="region_municipality_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gt=models.F("valid_from")),
                name="region_municipality_to_after_from",
            ),
        ]
        indexes = [models.Index(fields=["code"])]
        verbose_name = _("kommune regionen betjener")
        verbose_name_plural = _("kommuner regionen betjener")

    def __str__(self) -> str:
        return f"{self.region}: {self.code}"


def served_at(at: dt.date) -> models.Q:
    """Rows of RegionMunicipality valid on `at`."""
    return (models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=at)) & (
        models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=at)
    )


START_OFFICES = {
    HusbankenRegion.SOR: "Arendal",
    HusbankenRegion.OST: "Oslo",
    HusbankenRegion.VEST: "Bergen",
    HusbankenRegion.MIDT: "Trondheim",
    HusbankenRegion.NORD: "",
    HusbankenRegion.BODO: "Bodø",
    HusbankenRegion.HAMMERFEST: "Hammerfest",
}


def ensure_start_regions() -> dict[str, Region]:
    """The start list as rows (migration 0005 made them; a flushed test database or a
    demo reload gets them back). Regions an administrator changed are left as they are."""
    from boligsosial.core.models import DataSource

    regions = {}
    for choice in HusbankenRegion:
        regions[choice.value], _created = Region.objects.get_or_create(
            key=choice.value,
            defaults={
                "name": str(choice.label),
                "office": START_OFFICES[choice],
                "data_source": DataSource.OFFICIAL,
                "source_note": "Husbankens regionkontorer (startlisten i Boligsosial)",
            },
        )
    return regions
