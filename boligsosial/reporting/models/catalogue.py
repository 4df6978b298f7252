"""The indicator catalogue, templates and reporting periods."""

import datetime as dt
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from boligsosial.core.models import TimeStamped


def _english() -> bool:
    return (get_language() or "nb").startswith("en")


# Catalogue ---------------------------------------------------------------------


class Unit(models.TextChoices):
    PERSONS = "persons", _("personer")
    HOUSEHOLDS = "households", _("husstander")
    HOMES = "homes", _("boliger")
    NOK = "nok", _("kroner")
    COUNT = "count", _("antall")
    PERCENT = "percent", _("prosent")
    YES_NO = "yes_no", _("ja/nei")
    DATE = "date", _("dato")


# Counts of people: shown as "under N" where municipalities are compared (privacy).
PEOPLE_UNITS = {Unit.PERSONS, Unit.HOUSEHOLDS}
WHOLE_NUMBER_UNITS = {Unit.PERSONS, Unit.HOUSEHOLDS, Unit.HOMES, Unit.COUNT}


class Aggregation(models.TextChoices):
    FLOW = "flow", _("Strøm: summeres over perioder")
    STOCK = "stock", _("Beholdning: siste verdi gjelder")
    RATE = "rate", _("Rate: beregnes på nytt fra teller og nevner")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Høyere er bedre")
    LOWER = "lower", _("Lavere er bedre")
    NEITHER = "neither", _("Verken høyere eller lavere er bedre")


class IndicatorSource(models.TextChoices):
    MUNICIPALITY = "municipality", _("Kommunens rapport")
    HUSBANKEN = "husbanken", _("Husbanken")
    SSB = "ssb", _("SSB")


class IndicatorGroup(models.TextChoices):
    HOMELESSNESS = "homelessness", _("Bostedsløshet")
    EVICTIONS = "evictions", _("Utkastelser og husleierestanser")
    MUNICIPAL_HOUSING = "municipal_housing", _("Kommunale boliger")
    YOUTH = "youth", _("Ungdom")
    FOLLOW_UP = "follow_up", _("Oppfølging")
    COMPETENCE = "competence", _("Kompetanse og samarbeid")


class Dimension(models.Model):
    """A way to break a total down, e.g. age (under 25 / 25 and over)."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name_nb = models.CharField(_("navn (bokmål)"), max_length=100)
    name_en = models.CharField(_("navn (engelsk)"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("disaggregering")
        verbose_name_plural = _("disaggregeringer")

    def __str__(self) -> str:
        return self.name_en if _english() else self.name_nb


class DimensionOption(models.Model):
    """One category of a dimension. Codes are unique across dimensions ("under25")."""

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="options")
    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name_nb = models.CharField(_("navn (bokmål)"), max_length=100)
    name_en = models.CharField(_("navn (engelsk)"), max_length=100)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["dimension__code", "order"]
        verbose_name = _("kategori")
        verbose_name_plural = _("kategorier")

    def __str__(self) -> str:
        return self.name_en if _english() else self.name_nb


class Indicator(TimeStamped):
    """One version of an indicator. A changed definition is a new row with version + 1;
    values reported under the old version keep pointing at it and stay readable."""

    code = models.SlugField(_("kode"), max_length=60)
    version = models.PositiveSmallIntegerField(_("versjon"), default=1)
    group = models.CharField(_("gruppe"), max_length=30, choices=IndicatorGroup.choices)
    name_nb = models.CharField(_("navn (bokmål)"), max_length=200)
    name_en = models.CharField(_("navn (engelsk)"), max_length=200)
    definition = models.TextField(_("definisjon"))
    unit = models.CharField(_("enhet"), max_length=20, choices=Unit.choices)
    aggregation = models.CharField(
        _("summering over tid"), max_length=10, choices=Aggregation.choices
    )
    better = models.CharField(
        _("bedre retning"), max_length=10, choices=Direction.choices, default=Direction.NEITHER
    )
    source = models.CharField(
        _("kilde"),
        max_length=20,
        choices=IndicatorSource.choices,
        default=IndicatorSource.MUNICIPALITY,
    )
    dimensions = models.ManyToManyField(Dimension, verbose_name=_("disaggregeringer"), blank=True)
    min_value = models.DecimalField(
        _("laveste tillatte verdi"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("høyeste tillatte verdi"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    at_most_code = models.SlugField(
        _("kan ikke være større enn indikator"),
        max_length=60,
        blank=True,
        help_text=_("Kode for en indikator i samme rapport som denne verdien ikke kan overstige."),
    )
    numerator_code = models.SlugField(_("teller (for rater)"), max_length=60, blank=True)
    denominator_code = models.SlugField(_("nevner (for rater)"), max_length=60, blank=True)
    counts_people = models.BooleanField(
        _("teller personer eller husstander som får hjelp"),
        default=False,
        help_text=_("Små tall vises som «under N» der kommuner sammenlignes."),
    )
    order = models.PositiveSmallIntegerField(default=0)
    valid_from = models.DateField(_("gjelder fra"), default=dt.date(2009, 1, 1))
    change_note = models.TextField(_("hva er endret fra forrige versjon"), blank=True)
    is_current = models.BooleanField(_("gjeldende versjon"), default=True)

    class Meta:
        ordering = ["order", "code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="indicator_code_version_unique"
            ),
            models.UniqueConstraint(
                fields=["code"], condition=Q(is_current=True), name="indicator_one_current_version"
            ),
        ]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if _english() else self.name_nb

    @property
    def is_derived(self) -> bool:
        """A rate recomputed from two other indicators is not typed in."""
        return self.aggregation == Aggregation.RATE and bool(
            self.numerator_code and self.denominator_code
        )

    @property
    def whole_number(self) -> bool:
        return self.unit in WHOLE_NUMBER_UNITS

    def aggregate(self, values: list[Decimal | None]) -> Decimal | None:
        """Add up values of consecutive periods. Missing or not available gives None (never 0)."""
        if not values or any(v is None for v in values):
            return None
        if self.aggregation == Aggregation.FLOW:
            return sum((v for v in values if v is not None), Decimal(0))
        if self.aggregation == Aggregation.STOCK:
            return values[-1]
        return None  # rates are recomputed from numerator and denominator by the caller


# Templates and periods -------------------------------------------------------------


class ReportTemplate(TimeStamped):
    """A versioned reporting template: narrative questions plus a set of indicators."""

    name = models.CharField(_("navn"), max_length=200)
    version = models.PositiveSmallIntegerField(_("versjon"), default=1)
    indicators = models.ManyToManyField(
        Indicator, through="TemplateIndicator", verbose_name=_("indikatorer")
    )
    valid_from = models.DateField(_("gjelder fra"), default=dt.date(2009, 1, 1))
    is_current = models.BooleanField(_("gjeldende versjon"), default=True)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="template_name_version_unique")
        ]
        verbose_name = _("rapporteringsmal")
        verbose_name_plural = _("rapporteringsmaler")

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class TemplateIndicator(models.Model):
    template = models.ForeignKey(
        ReportTemplate, on_delete=models.CASCADE, related_name="template_indicators"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "indicator"], name="template_indicator_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} – {self.indicator.code}"


class NarrativeQuestion(models.Model):
    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(_("kode"), max_length=40)
    text_nb = models.CharField(_("spørsmål (bokmål)"), max_length=300)
    text_en = models.CharField(_("spørsmål (engelsk)"), max_length=300)
    help_nb = models.CharField(_("hjelpetekst"), max_length=500, blank=True)
    required = models.BooleanField(_("påkrevd ved innsending"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="question_code_once")
        ]
        verbose_name = _("fortellende spørsmål")
        verbose_name_plural = _("fortellende spørsmål")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self.text_en if _english() else self.text_nb


class ProgrammeReportingSettings(models.Model):
    """Deadlines per programme: how long after a period ends the report is due."""

    programme = models.OneToOneField(
        "programmes.Programme", on_delete=models.CASCADE, related_name="reporting_settings"
    )
    half_year_deadline_days = models.PositiveSmallIntegerField(
        _("frist etter halvår (dager)"), default=31
    )
    annual_deadline_days = models.PositiveSmallIntegerField(_("frist etter år (dager)"), default=59)
    reminder_days_before = models.PositiveSmallIntegerField(
        _("påminnelse dager før frist"), default=7
    )

    class Meta:
        verbose_name = _("rapporteringsinnstillinger")
        verbose_name_plural = _("rapporteringsinnstillinger")

    def __str__(self) -> str:
        return str(self.programme)


class PeriodKind(models.TextChoices):
    HALF_YEAR = "half_year", _("Halvår")
    YEAR = "year", _("År")


class ReportingPeriod(TimeStamped):
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="reporting_periods"
    )
    kind = models.CharField(_("type"), max_length=10, choices=PeriodKind.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("slutt"))
    deadline = models.DateField(_("frist"))
    template = models.ForeignKey(
        ReportTemplate, on_delete=models.PROTECT, verbose_name=_("mal"), related_name="periods"
    )

    class Meta:
        ordering = ["programme", "start", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind", "start"], name="period_once_per_programme"
            ),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="period_end_after_start"
            ),
        ]
        verbose_name = _("rapporteringsperiode")
        verbose_name_plural = _("rapporteringsperioder")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """'2010 1. halvår' / '2010' (and the English equivalent)."""
        if self.kind == PeriodKind.YEAR:
            return str(self.start.year)
        half = 1 if self.start.month <= 6 else 2
        if _english():
            return f"{self.start.year} H{half}"
        return f"{self.start.year} {half}. halvår"

    @property
    def code(self) -> str:
        """Machine code used in CSV and DHIS2: 2010S1, 2010S2 (six-monthly) or 2010."""
        if self.kind == PeriodKind.YEAR:
            return str(self.start.year)
        return f"{self.start.year}S{1 if self.start.month <= 6 else 2}"
