"""Abstract building blocks shared by every domain app. Core owns no tables."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        abstract = True


class DataSource(models.TextChoices):
    """Where a record comes from. Demonstration data must say report or illustrative."""

    REPORT = "report", _("Rapporten (underveisevaluering 2011)")
    ILLUSTRATIVE = "illustrative", _("Illustrativt (demonstrasjonsdata)")
    OFFICIAL = "official", _("Offisiell kilde (SSB, KLASS, Husbanken)")
    USER = "user", _("Registrert av bruker")
    IMPORT = "import", _("Importert fil")


class Provenance(models.Model):
    data_source = models.CharField(
        _("kilde"), max_length=20, choices=DataSource.choices, default=DataSource.USER
    )
    source_note = models.CharField(
        _("kildehenvisning"),
        max_length=500,
        blank=True,
        help_text=_("For eksempel «Rapporten kap. 5.5» eller «SSB tabell 07459»."),
    )

    class Meta:
        abstract = True


class Versioned(models.Model):
    """Optimistic locking: every edit form carries the version it was based on.

    A save based on an older version is refused (core.concurrency.check_version), so two
    people editing the same object never silently overwrite each other.
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True
