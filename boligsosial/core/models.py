"""Abstract building blocks shared by every domain app. Core owns one table: the change log
of the domain tables (`TableChange`, see `core/changes.py`)."""

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


class TableChange(models.Model):
    """The change log behind `core.changes.fingerprint` (issue 14), written only by database
    triggers. PostgreSQL: one row per statement that wrote to a watched table (append-only,
    so writers never wait for each other). SQLite (one writer at a time): one row per table
    whose `bumps` every written row increases."""

    table_name = models.CharField(max_length=100)
    bumps = models.BigIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["table_name", "id"], name="core_change_table_id")]

    def __str__(self) -> str:
        return f"{self.table_name} ({self.pk})"


class ChangeEpoch(models.Model):
    """One row with a random token, made again whenever the log starts anew (a new database,
    a flush): a fingerprint taken before never matches one taken after."""

    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return self.token
