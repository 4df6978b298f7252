import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from boligsosial.core.models import Provenance, TimeStamped

four_digits = RegexValidator(
    r"^\d{4}$", _("Kommunenummer må være nøyaktig fire siffer, for eksempel 0602.")
)
# Plausibility bounds on registry figures (issue 11): Norway's largest municipality (Oslo)
# has about 720 000 inhabitants; 2 000 000 leaves room for any future merger.
MAX_POPULATION = 2_000_000
MIN_POPULATION_YEAR, MAX_POPULATION_YEAR = 1900, 2100

two_digits = RegexValidator(r"^\d{2}$", _("Fylkesnummer må være to siffer, for eksempel 06."))


class County(models.Model):
    """A county (fylke) code valid in an interval (SSB KLASS classification 104)."""

    code = models.CharField(_("fylkesnummer"), max_length=2, validators=[two_digits])
    name = models.CharField(_("navn"), max_length=100)
    valid_from = models.DateField(_("gyldig fra"))
    valid_to = models.DateField(_("gyldig til (til og med dagen før)"), null=True, blank=True)

    class Meta:
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="county_code_from_unique")
        ]
        verbose_name = _("fylke")
        verbose_name_plural = _("fylker")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Municipality(Provenance):
    """A kommunenummer with the name it had in one validity interval.

    `valid_to` is exclusive (the first day the code no longer applies), as in KLASS. A code
    that changed name has one row per name. Participations and users point at the row for
    the code valid when they were registered; code history links rows across reforms.
    """

    code = models.CharField(_("kommunenummer"), max_length=4, validators=[four_digits])
    name = models.CharField(_("navn"), max_length=100)
    valid_from = models.DateField(_("gyldig fra"))
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)

    class Meta:
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"], name="municipality_code_from_unique"
            )
        ]
        indexes = [models.Index(fields=["code"]), models.Index(fields=["name"])]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def county_code(self) -> str:
        return self.code[:2]

    def county(self) -> County | None:
        """The county this code belonged to while it was valid."""
        qs = County.objects.filter(code=self.county_code, valid_from__lte=self.valid_from)
        return qs.order_by("-valid_from").first()

    def is_valid_at(self, date: dt.date) -> bool:
        return self.valid_from <= date and (self.valid_to is None or date < self.valid_to)


class CodeChange(models.Model):
    """One edge of the code history: old code became new code on a date.

    A merger is several rows with the same new code; a split several rows with the same old
    code; a renumbering one row.
    """

    old_code = models.CharField(_("gammelt nummer"), max_length=4, validators=[four_digits])
    old_name = models.CharField(_("gammelt navn"), max_length=100)
    new_code = models.CharField(_("nytt nummer"), max_length=4, validators=[four_digits])
    new_name = models.CharField(_("nytt navn"), max_length=100)
    changed_on = models.DateField(_("endret fra"))

    class Meta:
        ordering = ["changed_on", "old_code", "new_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["old_code", "new_code", "changed_on"], name="code_change_unique"
            )
        ]
        indexes = [models.Index(fields=["old_code"]), models.Index(fields=["new_code"])]
        verbose_name = _("kodeendring")
        verbose_name_plural = _("kodeendringer")

    def __str__(self) -> str:
        return (
            f"{self.old_code} {self.old_name} → {self.new_code} {self.new_name} ({self.changed_on})"
        )


class Population(Provenance, TimeStamped):
    """Population (folkemengde) of a kommunenummer on 1 January of `year`."""

    code = models.CharField(_("kommunenummer"), max_length=4, validators=[four_digits])
    year = models.PositiveSmallIntegerField(
        _("år"),
        validators=[
            MinValueValidator(MIN_POPULATION_YEAR),
            MaxValueValidator(MAX_POPULATION_YEAR),
        ],
    )
    value = models.PositiveIntegerField(
        _("innbyggere"), validators=[MaxValueValidator(MAX_POPULATION)]
    )

    class Meta:
        ordering = ["code", "year"]
        constraints = [
            models.UniqueConstraint(fields=["code", "year"], name="population_code_year_unique")
        ]
        verbose_name = _("folketall")
        verbose_name_plural = _("folketall")

    def __str__(self) -> str:
        return f"{self.code} {self.year}: {self.value}"


def population_problem(year: object, value: object) -> str | None:
    """Why a (year, population) pair is not plausible, in Norwegian (None when it is)."""
    if isinstance(year, bool) or not isinstance(year, int):
        return str(_("året må være et helt tall."))
    if not MIN_POPULATION_YEAR <= year <= MAX_POPULATION_YEAR:
        return str(_("året %(year)s er utenfor %(min)s–%(max)s.")) % {
            "year": year,
            "min": MIN_POPULATION_YEAR,
            "max": MAX_POPULATION_YEAR,
        }
    if isinstance(value, bool) or not isinstance(value, int):
        return str(_("innbyggertallet må være et helt tall."))
    if not 0 <= value <= MAX_POPULATION:
        return str(_("innbyggertallet %(value)s er utenfor 0–%(max)s.")) % {
            "value": value,
            "max": f"{MAX_POPULATION:,}".replace(",", "\u00a0"),
        }
    return None
