"""Goal hierarchy, sub-projects and measures, results with evidence (report ch. 5, §6.4).

A participation's goals form one tree: vision → main goals (linked to the national overall
goals) → sub-goals → result goals. A result goal measures itself with an indicator from the
reporting catalogue or with a defined custom measure; its progress rule lives in
`progress.py`. Measures (sub-projects and measures) carry a dated status history, target
groups and methods from fixed vocabularies (DOMAIN.md §3), and dated results.
"""

import datetime as dt
import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from boligsosial.core.models import Provenance, TimeStamped, Versioned
from boligsosial.core.storage import private_storage


class GoalLevel(models.TextChoices):
    VISION = "vision", _("Visjon")
    MAIN = "main", _("Hovedmål")
    SUB = "sub", _("Delmål")
    RESULT = "result", _("Resultatmål")


# Which level a goal's parent may have (None: no parent).
ALLOWED_PARENT_LEVELS: dict[str, set[str | None]] = {
    GoalLevel.VISION: {None},
    GoalLevel.MAIN: {None, GoalLevel.VISION},
    GoalLevel.SUB: {GoalLevel.MAIN},
    GoalLevel.RESULT: {GoalLevel.MAIN, GoalLevel.SUB},
}


class BetterDirection(models.TextChoices):
    HIGHER = "higher", _("Høyere er bedre")
    LOWER = "lower", _("Lavere er bedre")


class Goal(Provenance, Versioned, TimeStamped):
    participation = models.ForeignKey(
        "programmes.Participation",
        on_delete=models.CASCADE,
        related_name="goals",
        verbose_name=_("programkommune"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("overordnet mål"),
    )
    level = models.CharField(_("nivå"), max_length=10, choices=GoalLevel.choices)
    title = models.CharField(_("mål"), max_length=500)
    description = models.TextField(_("beskrivelse"), blank=True)
    position = models.PositiveIntegerField(_("rekkefølge"), default=0)
    national_goals = models.ManyToManyField(
        "programmes.NationalGoal",
        blank=True,
        verbose_name=_("nasjonale hovedmål"),
        related_name="+",
    )
    # Result goals only -------------------------------------------------------------
    indicator = models.ForeignKey(
        "reporting.Indicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indikator"),
        help_text=_("Verdiene hentes fra kommunens godkjente rapporter."),
    )
    disaggregation = models.CharField(
        _("oppdeling av indikatoren"),
        max_length=100,
        blank=True,
        help_text=_("La stå tom for totalen."),
    )
    custom_measure_name = models.CharField(_("eget måltall"), max_length=200, blank=True)
    custom_measure_definition = models.TextField(
        _("definisjon av eget måltall"),
        blank=True,
        help_text=_(
            "Hva telles, hvordan og av hvem. Påkrevd når resultatmålet ikke bruker en indikator."
        ),
    )
    custom_measure_unit = models.CharField(_("enhet for eget måltall"), max_length=50, blank=True)
    custom_better = models.CharField(
        _("retning for eget måltall"),
        max_length=10,
        choices=BetterDirection.choices,
        blank=True,
    )
    baseline_value = models.DecimalField(
        _("utgangsverdi"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_date = models.DateField(_("dato for utgangsverdi"), null=True, blank=True)
    target_value = models.DecimalField(
        _("målverdi"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_date = models.DateField(_("måldato"), null=True, blank=True)

    class Meta:
        ordering = ["participation", "position", "id"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.title}"

    @property
    def is_result_goal(self) -> bool:
        return self.level == GoalLevel.RESULT

    @property
    def uses_custom_measure(self) -> bool:
        return self.indicator_id is None and bool(self.custom_measure_name)

    @property
    def measure_label(self) -> str:
        if self.indicator is not None:
            return self.indicator.name_nb
        return self.custom_measure_name

    @property
    def unit(self) -> str:
        if self.indicator is not None:
            return self.indicator.get_unit_display()
        return self.custom_measure_unit

    @property
    def better(self) -> str:
        """Which way is better: the indicator's direction, the custom measure's, or else
        the direction from baseline to target."""
        declared = self.indicator.better if self.indicator is not None else self.custom_better
        if declared in (BetterDirection.HIGHER, BetterDirection.LOWER):
            return declared
        if (
            self.baseline_value is not None
            and self.target_value is not None
            and self.target_value < self.baseline_value
        ):
            return BetterDirection.LOWER
        return BetterDirection.HIGHER


class GoalMeasurement(Provenance, TimeStamped):
    """A value of a result goal's custom measure (indicators take values from reports)."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField(_("dato"))
    value = models.DecimalField(_("verdi"), max_digits=14, decimal_places=2)
    note = models.CharField(_("merknad"), max_length=300, blank=True)

    class Meta:
        ordering = ["goal", "date"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "date"], name="goal_measurement_once_per_date")
        ]
        verbose_name = _("måling")
        verbose_name_plural = _("målinger")

    def __str__(self) -> str:
        return f"{self.goal.title}: {self.value} ({self.date})"


class MeasureKind(models.TextChoices):
    SUB_PROJECT = "sub_project", _("Delprosjekt")
    MEASURE = "measure", _("Tiltak")


class MeasureStatus(models.TextChoices):
    IDEA = "idea", _("Idé")
    PLANNED = "planned", _("Planlagt")
    PRE_PROJECT = "pre_project", _("Forprosjekt")
    RUNNING = "running", _("Pågår")
    COMPLETED = "completed", _("Avsluttet")
    ORDINARY_OPERATION = "ordinary_operation", _("I ordinær drift")
    STOPPED = "stopped", _("Stanset")


# A measure counts as started once it has reached one of these (report §7.2: "iverksatt").
STARTED_STATUSES = {
    MeasureStatus.PRE_PROJECT,
    MeasureStatus.RUNNING,
    MeasureStatus.COMPLETED,
    MeasureStatus.ORDINARY_OPERATION,
}


class TargetGroup(models.TextChoices):
    """Target groups (DOMAIN.md §3), plus the disadvantaged in general."""

    YOUTH = "youth", _("Ungdom")
    HOMELESS = "homeless", _("Bostedsløse")
    SUBSTANCE_MENTAL = "substance_mental", _("Personer med rus- eller psykiske problemer")
    DISABLED = "disabled", _("Personer med funksjonsnedsettelse")
    FAMILIES = "families", _("Barnefamilier")
    REFUGEES = "refugees", _("Flyktninger")
    MUNICIPAL_TENANTS = "municipal_tenants", _("Leietakere i kommunale boliger")
    DISADVANTAGED = "disadvantaged", _("Vanskeligstilte på boligmarkedet generelt")


class Method(models.TextChoices):
    """Methods (DOMAIN.md §3), plus housing provision and organisation."""

    HOUSING_FIRST = "housing_first", _("Housing First")
    HOUSING_SCHOOL = "housing_school", _("Boligskole")
    RENT_TO_OWN = "rent_to_own", _("Leie til eie")
    LIVING_SKILLS = "living_skills", _("Bo-trening")
    ARREARS = "arrears", _("Restanseoppfølging")
    MAPPING = "mapping", _("Kartlegging (HKH, Bokart)")
    NEIGHBOURHOOD = "neighbourhood", _("Bomiljøarbeid")
    ALLOCATION = "allocation", _("Tildelingsrutiner")
    PLAN_REVISION = "plan_revision", _("Planrevisjon")
    COMPETENCE = "competence", _("Kompetansebygging")
    USER_PARTICIPATION = "user_participation", _("Brukermedvirkning")
    HOUSING_PROVISION = "housing_provision", _("Fremskaffelse av boliger")
    ORGANISATION = "organisation", _("Organisering og samordning")


class Measure(Provenance, Versioned, TimeStamped):
    """A sub-project or measure (*delprosjekt*, *tiltak*) of a participation."""

    participation = models.ForeignKey(
        "programmes.Participation",
        on_delete=models.CASCADE,
        related_name="measures",
        verbose_name=_("programkommune"),
    )
    kind = models.CharField(
        _("type"), max_length=20, choices=MeasureKind.choices, default=MeasureKind.SUB_PROJECT
    )
    name = models.CharField(_("navn"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.IDEA
    )
    start_date = models.DateField(_("startdato"), null=True, blank=True)
    end_date = models.DateField(_("sluttdato"), null=True, blank=True)
    leader = models.CharField(_("leder (stilling eller enhet)"), max_length=200, blank=True)
    partners = models.TextField(_("samarbeidspartnere"), blank=True, help_text=_("Én per linje."))
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="measures", verbose_name=_("mål tiltaket skal nå")
    )
    published = models.BooleanField(
        _("publisert i erfaringsbanken"),
        default=False,
        help_text=_("Et utkast ser bare kommunen selv og Husbanken."),
    )
    published_at = models.DateTimeField(_("publisert"), null=True, blank=True)
    # Kept in step by services.reindex_measure for full-text search.
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["participation", "name"]
        verbose_name = _("delprosjekt eller tiltak")
        verbose_name_plural = _("delprosjekter og tiltak")

    def __str__(self) -> str:
        return self.name

    def target_group_codes(self) -> list[str]:
        return [t.code for t in self.target_groups.all()]

    def method_codes(self, individual: bool = False) -> list[str]:
        """The measure's own methods, or (individual) those tried with individual users."""
        return [m.code for m in self.methods.all() if (m.use == "individual") == individual]

    def individual_method_labels(self) -> list[str]:
        return [str(Method(code).label) for code in self.method_codes(individual=True)]

    def target_group_labels(self) -> list[str]:
        return [str(TargetGroup(code).label) for code in self.target_group_codes()]

    def method_labels(self) -> list[str]:
        return [str(Method(code).label) for code in self.method_codes()]

    @property
    def period_display(self) -> str:
        """ "01.09.2010 – 01.10.2011", "15.06.2011 –" or "–" when no dates are known."""
        from boligsosial.core.formatting import format_date

        if not (self.start_date or self.end_date):
            return "–"
        return f"{format_date(self.start_date)} – {format_date(self.end_date) if self.end_date else ''}".strip()

    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]

    def status_at(self, as_of: dt.date) -> str | None:
        """The status as it stood on `as_of` (None before the first recorded status)."""
        events = [e for e in self.status_events.all() if e.date <= as_of]
        return max(events, key=lambda e: (e.date, e.pk)).status if events else None

    def started_on(self) -> dt.date | None:
        dates = [e.date for e in self.status_events.all() if e.status in STARTED_STATUSES]
        return min(dates) if dates else None

    def is_started(self, as_of: dt.date) -> bool:
        started = self.started_on()
        return started is not None and started <= as_of


class MeasureTargetGroup(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="target_groups")
    code = models.CharField(_("målgruppe"), max_length=30, choices=TargetGroup.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["measure", "code"], name="measure_target_group_once")
        ]
        ordering = ["code"]

    def __str__(self) -> str:
        return self.get_code_display()


# The measure's own method, or tried with individual users within it (report §7.3).
class MethodUse(models.TextChoices):
    MEASURE = "measure", _("Tiltakets metode")
    INDIVIDUAL = "individual", _("Prøvd med enkeltbrukere")


class MeasureMethod(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="methods")
    code = models.CharField(_("metode"), max_length=30, choices=Method.choices)
    use = models.CharField(_("bruk"), max_length=20, choices=MethodUse.choices, default="measure")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["measure", "code"], name="measure_method_once")
        ]
        ordering = ["code"]

    def __str__(self) -> str:
        return self.get_code_display()


class StatusEvent(Provenance, TimeStamped):
    """A measure's status from a date on; the latest event is its current status."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="status_events")
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices)
    date = models.DateField(_("fra dato"))
    date_note = models.CharField(
        _("datoens presisjon"),
        max_length=100,
        blank=True,
        help_text=_("For eksempel «høsten 2011» når kilden ikke oppgir dag."),
    )
    note = models.CharField(_("merknad"), max_length=500, blank=True)

    class Meta:
        ordering = ["measure", "date", "id"]
        verbose_name = _("statusendring")
        verbose_name_plural = _("statusendringer")

    def __str__(self) -> str:
        return f"{self.measure.name}: {self.get_status_display()} ({self.date})"


class FundingSource(models.TextChoices):
    HUSBANKEN_COMPETENCE_GRANT = "hb_competence_grant", _("Husbanken: kompetansetilskudd")
    HUSBANKEN_RENTAL_GRANT = "hb_rental_grant", _("Husbanken: tilskudd til utleieboliger")
    HUSBANKEN_OTHER_GRANT = "hb_other_grant", _("Husbanken: annet tilskudd")
    HUSBANKEN_START_LOAN = "hb_start_loan", _("Husbanken: startlån")
    MUNICIPAL = "municipal", _("Kommunens eget budsjett")
    OTHER_STATE = "other_state", _("Annen statlig etat (for eksempel Fylkesmannen, NAV)")
    OTHER = "other", _("Annen finansiering")


FUNDING_YEARS = (1990, 2100)  # the years a funding row may name


class Funding(Provenance, TimeStamped):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="funding")
    source = models.CharField(_("kilde"), max_length=30, choices=FundingSource.choices)
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    amount_nok = models.DecimalField(
        _("beløp (kr)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    description = models.CharField(_("beskrivelse"), max_length=300, blank=True)

    class Meta:
        ordering = ["measure", "year", "source"]
        verbose_name = _("finansiering")
        verbose_name_plural = _("finansiering")

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.year or ''}".strip()

    @property
    def is_husbanken(self) -> bool:
        return self.source.startswith("hb_")


class Result(Provenance, Versioned, TimeStamped):
    """A dated result of a measure ("arrears down 75 %", "16 tenants bought a home")."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="results")
    date = models.DateField(_("dato"))
    date_note = models.CharField(_("datoens presisjon"), max_length=100, blank=True)
    text = models.TextField(_("resultat"))
    value = models.DecimalField(
        _("tallverdi"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    indicator = models.ForeignKey(
        "reporting.Indicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indikator tallet gjelder"),
        help_text=_("Velg en indikator fra rapporteringen hvis tallet er en verdi av den."),
    )
    value_label = models.CharField(
        _("hva tallet måler"),
        max_length=200,
        blank=True,
        help_text=_(
            "For eksempel «leietakere som har kjøpt bolig». Påkrevd når du oppgir et tall uten indikator."
        ),
    )
    value_unit = models.CharField(_("enhet"), max_length=50, blank=True)

    class Meta:
        ordering = ["measure", "-date", "-id"]
        verbose_name = _("resultat")
        verbose_name_plural = _("resultater")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def value_description(self) -> str:
        return self.value_label or (self.indicator.name_nb if self.indicator is not None else "")

    @property
    def unit_needed(self) -> bool:
        """Show the unit only when the label does not already say it ("20 boliger kjøpt")."""
        return bool(self.value_unit) and self.value_unit not in self.value_label


def evidence_storage_name() -> str:
    return f"plans/evidence/{uuid.uuid4().hex}"


class Evidence(TimeStamped):
    """A document backing a result. Stored under PRIVATE_MEDIA_ROOT, never in the web root."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="evidence")
    storage_name = models.CharField(
        max_length=200, unique=True, default=evidence_storage_name, editable=False
    )
    original_name = models.CharField(_("filnavn"), max_length=255)
    kind = models.CharField(_("filtype"), max_length=20)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("størrelse (byte)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        ordering = ["result", "id"]
        verbose_name = _("dokumentasjon")
        verbose_name_plural = _("dokumentasjon")

    def __str__(self) -> str:
        return self.original_name

    @property
    def path(self):
        """The file on disk, where the private storage is a folder (not on object storage)."""
        return Path(private_storage().path(self.storage_name))

    def file_exists(self) -> bool:
        return private_storage().exists(self.storage_name)

    def open_file(self):
        return private_storage().open(self.storage_name, "rb")


__all__ = [
    "Goal",
    "GoalLevel",
    "GoalMeasurement",
    "Measure",
    "MeasureStatus",
    "Method",
    "TargetGroup",
    "Result",
    "Evidence",
    "Funding",
    "FundingSource",
    "StatusEvent",
]
