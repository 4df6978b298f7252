"""Husbanken's financial instruments, their use per municipality, regional frames, the
programme's grant applications, and context statistics (KOSTRA) from SSB.

Aggregates (growth, shares, comparisons, effect estimates) are never stored: they are
computed by `selectors.py` from the figures below every time they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from boligsosial.core.models import Provenance, TimeStamped, Versioned
from boligsosial.municipalities.models import four_digits
from boligsosial.programmes.models import Region


class Instrument(models.TextChoices):
    START_LOAN = "start_loan", _("Startlån")
    ESTABLISHMENT_GRANT = "establishment_grant", _("Tilskudd til etablering")
    ADAPTATION_GRANT = "adaptation_grant", _("Tilskudd til tilpasning")
    RENTAL_HOUSING_GRANT = "rental_housing_grant", _("Tilskudd til utleieboliger")
    COMPETENCE_GRANT = "competence_grant", _("Kompetansetilskudd")
    HOUSING_ALLOWANCE = "housing_allowance", _("Bostøtte")
    PLANNING_GRANT = "planning_grant", _("Plantilskudd (programmet)")
    PROGRAMME_GRANT = "programme_grant", _("Årlig programtilskudd")


class CountUnit(models.TextChoices):
    CASES = "cases", _("saker")
    HOUSEHOLDS = "households", _("husstander")


@dataclass(frozen=True)
class InstrumentInfo:
    """What is counted for an instrument: the amount is always in NOK."""

    count_unit: str
    is_grant: bool  # has a regional frame that Husbanken distributes
    applied_for_by_participation: bool  # the programme's own grants and the competence grant


INSTRUMENT_INFO: dict[str, InstrumentInfo] = {
    Instrument.START_LOAN: InstrumentInfo(CountUnit.CASES, False, False),
    Instrument.ESTABLISHMENT_GRANT: InstrumentInfo(CountUnit.CASES, True, False),
    Instrument.ADAPTATION_GRANT: InstrumentInfo(CountUnit.CASES, True, False),
    Instrument.RENTAL_HOUSING_GRANT: InstrumentInfo(CountUnit.CASES, True, False),
    Instrument.COMPETENCE_GRANT: InstrumentInfo(CountUnit.CASES, True, True),
    Instrument.HOUSING_ALLOWANCE: InstrumentInfo(CountUnit.HOUSEHOLDS, False, False),
    Instrument.PLANNING_GRANT: InstrumentInfo(CountUnit.CASES, True, True),
    Instrument.PROGRAMME_GRANT: InstrumentInfo(CountUnit.CASES, True, True),
}


class Measure(models.TextChoices):
    AMOUNT = "amount", _("Beløp (kr)")
    COUNT = "count", _("Antall")


def count_unit_label(instrument: str) -> str:
    return str(CountUnit(INSTRUMENT_INFO[instrument].count_unit).label)


def measure_unit_label(instrument: str, measure: str) -> str:
    return "kr" if measure == Measure.AMOUNT else count_unit_label(instrument)


class ImportBatch(TimeStamped):
    """One imported file (or fetch): what it was, who imported it and what it held."""

    class Kind(models.TextChoices):
        FIGURES = "figures", _("Virkemiddeltall (CSV/Excel)")
        POPULATION = "population", _("Folketall (JSON-stat)")
        STATISTICS = "statistics", _("Nøkkeltall (JSON-stat)")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    file_name = models.CharField(_("filnavn"), max_length=255)
    source = models.CharField(_("kilde"), max_length=500, blank=True)
    source_updated = models.DateTimeField(_("kilden oppdatert"), null=True, blank=True)
    row_count = models.PositiveIntegerField(_("rader"), default=0)
    skipped = models.PositiveIntegerField(_("hoppet over"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("importer")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file_name}"


class InstrumentFigure(Provenance, TimeStamped):
    """Use of one instrument in one municipality in a year (or a month of it).

    `code` is the kommunenummer the figure was filed under, as the source gave it. Analyses
    map it through the registry to the municipal structure being shown. Missing amount or
    count is None, never 0.
    """

    instrument = models.CharField(_("virkemiddel"), max_length=30, choices=Instrument.choices)
    code = models.CharField(_("kommunenummer"), max_length=4, validators=[four_digits])
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        _("måned"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    amount = models.DecimalField(
        _("beløp (kr)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    count = models.PositiveIntegerField(_("antall"), null=True, blank=True)
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="figures"
    )

    class Meta:
        ordering = ["instrument", "code", "year", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "code", "year"],
                condition=Q(month__isnull=True),
                name="instrument_figure_year_unique",
            ),
            models.UniqueConstraint(
                fields=["instrument", "code", "year", "month"],
                condition=Q(month__isnull=False),
                name="instrument_figure_month_unique",
            ),
        ]
        indexes = [models.Index(fields=["instrument", "year"]), models.Index(fields=["code"])]
        verbose_name = _("virkemiddeltall")
        verbose_name_plural = _("virkemiddeltall")

    def __str__(self) -> str:
        period = f"{self.year}-{self.month:02d}" if self.month else str(self.year)
        return f"{self.get_instrument_display()} {self.code} {period}"


class RegionalFrame(Provenance, Versioned, TimeStamped):
    """The yearly frame (ramme) a Husbanken region distributes for one grant."""

    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        to_field="key",
        db_column="region",
        on_delete=models.PROTECT,
        related_name="frames",
    )
    instrument = models.CharField(_("virkemiddel"), max_length=30, choices=Instrument.choices)
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    amount = models.DecimalField(
        _("ramme (kr)"), max_digits=14, decimal_places=0, validators=[MinValueValidator(0)]
    )
    programme_target_percent = models.DecimalField(
        _("måltall for programkommunenes andel (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "Regionkontorets mål for hvor stor del av rammen som skal gå til programkommunene."
        ),
    )

    class Meta:
        ordering = ["region", "instrument", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "instrument", "year"], name="regional_frame_unique"
            )
        ]
        verbose_name = _("regional ramme")
        verbose_name_plural = _("regionale rammer")

    def __str__(self) -> str:
        return f"{self.get_instrument_display()} {self.year} ({self.region})"


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Sendt til Husbanken")
    GRANTED = "granted", _("Innvilget")
    REJECTED = "rejected", _("Avslått")


class FinalReportStatus(models.TextChoices):
    NOT_DUE = "not_due", _("Ikke levert ennå")
    RECEIVED = "received", _("Sluttrapport mottatt")
    APPROVED = "approved", _("Sluttrapport godkjent")


class GrantApplication(Provenance, Versioned, TimeStamped):
    """A participation's yearly application for a grant, and Husbanken's decision on it.

    States: draft → submitted → granted | rejected. The municipality writes and submits its
    own application; Husbanken (admin or the participation's contact) decides, records
    payments and follows up the final report.
    """

    participation = models.ForeignKey(
        "programmes.Participation",
        on_delete=models.PROTECT,
        related_name="grant_applications",
        verbose_name=_("programkommune"),
    )
    instrument = models.CharField(_("tilskudd"), max_length=30, choices=Instrument.choices)
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    amount_applied = models.DecimalField(
        _("søkt beløp (kr)"), max_digits=14, decimal_places=0, validators=[MinValueValidator(1)]
    )
    purpose = models.TextField(_("formål"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    submitted_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    amount_granted = models.DecimalField(
        _("innvilget beløp (kr)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    conditions = models.TextField(_("vilkår"), blank=True)
    commitment_letter_date = models.DateField(_("dato for tilsagnsbrev"), null=True, blank=True)
    decided_at = models.DateTimeField(_("vedtatt"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vedtatt av"),
    )
    decision_note = models.TextField(_("begrunnelse"), blank=True)
    final_report_status = models.CharField(
        _("sluttrapport"),
        max_length=20,
        choices=FinalReportStatus.choices,
        default=FinalReportStatus.NOT_DUE,
    )
    final_report_date = models.DateField(_("sluttrapport datert"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "participation__municipality__name", "instrument"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "instrument", "year"], name="grant_application_once_a_year"
            )
        ]
        verbose_name = _("søknad om tilskudd")
        verbose_name_plural = _("søknader om tilskudd")

    def __str__(self) -> str:
        return (
            f"{self.get_instrument_display()} {self.year} – {self.participation.municipality.name}"
        )

    @property
    def is_open_for_applicant(self) -> bool:
        return self.status == ApplicationStatus.DRAFT

    def paid_total(self) -> Decimal:
        payments = getattr(self, "_prefetched_objects_cache", {}).get("payments")
        payments = payments if payments is not None else self.payments.all()
        return sum((p.amount for p in payments), Decimal(0))

    def remaining_to_pay(self) -> Decimal | None:
        if self.amount_granted is None:
            return None
        return self.amount_granted - self.paid_total()


class Payment(Provenance, TimeStamped):
    """A payment (utbetaling) of a granted application."""

    application = models.ForeignKey(
        GrantApplication,
        on_delete=models.CASCADE,
        related_name="payments",
        verbose_name=_("søknad"),
    )
    paid_on = models.DateField(_("utbetalt"))
    amount = models.DecimalField(
        _("beløp (kr)"), max_digits=14, decimal_places=0, validators=[MinValueValidator(1)]
    )
    note = models.CharField(_("merknad"), max_length=300, blank=True)

    class Meta:
        ordering = ["paid_on", "id"]
        verbose_name = _("utbetaling")
        verbose_name_plural = _("utbetalinger")

    def __str__(self) -> str:
        return f"{self.application}: {self.amount} ({self.paid_on})"


class ContextStatistic(Provenance, TimeStamped):
    """A KOSTRA key figure (or other official context statistic) for a kommunenummer and year."""

    table_id = models.CharField(_("tabell"), max_length=20)
    contents_code = models.CharField(_("statistikkvariabel"), max_length=60)
    label = models.CharField(_("nøkkeltall"), max_length=300)
    unit = models.CharField(_("enhet"), max_length=60, blank=True)
    decimals = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(_("kommunenummer"), max_length=4, validators=[four_digits])
    year = models.PositiveSmallIntegerField(_("år"))
    value = models.DecimalField(_("verdi"), max_digits=16, decimal_places=4)
    source_updated = models.DateTimeField(_("kilden oppdatert"), null=True, blank=True)
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="statistics"
    )

    class Meta:
        ordering = ["code", "table_id", "contents_code", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["table_id", "contents_code", "code", "year"],
                name="context_statistic_unique",
            )
        ]
        verbose_name = _("nøkkeltall")
        verbose_name_plural = _("nøkkeltall")

    def __str__(self) -> str:
        return f"{self.label} {self.code} {self.year}"
