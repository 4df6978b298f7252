"""Programme, participation (a municipality in a programme), organisation and phases."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from boligsosial.core.models import Provenance, TimeStamped, Versioned
from boligsosial.programmes.region_models import (  # noqa: F401 (models of this app)
    HusbankenRegion,
    Region,
    RegionMunicipality,
)


class NationalGoal(models.Model):
    """The three national overall goals of the programme (state budget 2010)."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    name_nb = models.CharField(_("navn (bokmål)"), max_length=200)
    name_en = models.CharField(_("navn (engelsk)"), max_length=200)

    class Meta:
        ordering = ["number"]
        verbose_name = _("nasjonalt hovedmål")
        verbose_name_plural = _("nasjonale hovedmål")

    def __str__(self) -> str:
        from django.utils.translation import get_language

        name = self.name_en if (get_language() or "").startswith("en") else self.name_nb
        return f"{self.number}. {name}"


class Programme(Provenance, TimeStamped):
    name = models.CharField(_("navn"), max_length=200)
    owner_region = models.ForeignKey(
        Region,
        verbose_name=_("eier (Husbanken-region)"),
        to_field="key",
        db_column="owner_region",
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    national_goals = models.ManyToManyField(
        NationalGoal, verbose_name=_("nasjonale mål"), blank=True
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("programansvarlig i Husbanken"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Cadence rule of the follow-up (used by later modules); configurable per programme.
    no_contact_flag_days = models.PositiveIntegerField(
        _("varsle etter dager uten kontakt"), default=60
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("program")
        verbose_name_plural = _("program")

    def __str__(self) -> str:
        return self.name


class Participation(Provenance, Versioned, TimeStamped):
    """A municipality in a programme (a *programkommune*)."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    application_date = models.DateField(_("søknadsdato"), null=True, blank=True)
    agreement_signed = models.DateField(_("samarbeidsavtale signert"), null=True, blank=True)
    agreement_revised = models.DateField(_("samarbeidsavtale revidert"), null=True, blank=True)
    start_date = models.DateField(_("oppstart i programmet"), null=True, blank=True)
    start_precision = models.CharField(
        _("presisjon på oppstartsdato"),
        max_length=10,
        choices=[
            ("day", _("dag")),
            ("month", _("måned")),
            ("season", _("årstid")),
            ("year", _("år")),
        ],
        default="day",
    )
    programme_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("programkontakt i Husbanken"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_participations",
    )

    class Meta:
        ordering = ["municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "municipality"], name="participation_unique_per_programme"
            )
        ]
        verbose_name = _("programkommune")
        verbose_name_plural = _("programkommuner")

    def __str__(self) -> str:
        return f"{self.municipality.name} – {self.programme.name}"

    # Phases ------------------------------------------------------------------
    def ordered_phases(self) -> list["Phase"]:
        phases = getattr(self, "_prefetched_objects_cache", {}).get("phases")
        phases = list(phases) if phases is not None else list(self.phases.all())
        return sorted(phases, key=lambda p: (PHASE_ORDER[p.kind], p.start))

    def current_phase(self, as_of: dt.date) -> "Phase | None":
        """The latest phase that has started by `as_of`."""
        started = [p for p in self.ordered_phases() if p.start <= as_of]
        return started[-1] if started else None

    def months_in_phase(self, as_of: dt.date) -> int | None:
        phase = self.current_phase(as_of)
        return phase.months_elapsed(as_of) if phase else None


class PhaseKind(models.TextChoices):
    PREPARATION = "preparation", _("Forberedende fase")
    PLANNING = "planning", _("Planfase")
    IMPLEMENTATION = "implementation", _("Gjennomføringsfase")
    PHASE_OUT = "phase_out", _("Avslutningsfase")
    COMPLETED = "completed", _("Avsluttet")


PHASE_ORDER = {kind: index for index, kind in enumerate(PhaseKind.values)}
# The framework model's longest allowed length per phase, in months (None: no limit).
PHASE_MAX_MONTHS = {
    PhaseKind.PREPARATION: None,
    PhaseKind.PLANNING: 6,
    PhaseKind.IMPLEMENTATION: 36,
    PhaseKind.PHASE_OUT: 18,
    PhaseKind.COMPLETED: None,
}


def add_months(date: dt.date, months: int) -> dt.date:
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    import calendar

    day = min(date.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from start to end (31.01 → 28.02 counts as one)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day and add_months(start, months) > end:
        months -= 1
    return months


class PhaseRules:
    """The framework model's rules about one phase's dates, shared by `Phase` and the
    portfolio's light `PhaseSpan` (read from plain rows for every participation)."""

    __slots__ = ()
    kind: str
    start: dt.date
    planned_end: dt.date | None
    actual_end: dt.date | None
    overrun_reason: str

    def kind_label(self) -> str:
        """The kind's display name (one gettext; Django's get_kind_display hashes every
        choice's lazy label on each call)."""
        try:
            return str(PhaseKind(self.kind).label)
        except ValueError:
            return self.kind

    @property
    def max_months(self) -> int | None:
        return PHASE_MAX_MONTHS[PhaseKind(self.kind)]

    @property
    def end(self) -> dt.date | None:
        """The actual end if known, else the planned end."""
        return self.actual_end or self.planned_end

    def length_months(self) -> int | None:
        return months_between(self.start, self.end) if self.end else None

    def exceeds_model(self) -> bool:
        limit, length = self.max_months, self.length_months()
        return bool(limit is not None and length is not None and length > limit)

    def months_elapsed(self, as_of: dt.date) -> int:
        stop = min(as_of, self.actual_end) if self.actual_end else as_of
        return max(0, months_between(self.start, stop))

    def is_overdue(self, as_of: dt.date) -> bool:
        """Planned end has passed and the phase has not been ended."""
        return bool(
            self.kind != PhaseKind.COMPLETED
            and self.actual_end is None
            and self.planned_end is not None
            and self.planned_end < as_of
        )

    def ends_within(self, as_of: dt.date, days: int) -> bool:
        return bool(
            self.actual_end is None
            and self.planned_end is not None
            # A difference, not as_of + days: that overflows near 31.12.9999.
            and 0 <= (self.planned_end - as_of).days <= days
        )


class Phase(PhaseRules, Provenance, Versioned, TimeStamped):
    """One phase of a participation's framework model (*rammemodell*)."""

    participation = models.ForeignKey(
        Participation,
        on_delete=models.CASCADE,
        related_name="phases",
        verbose_name=_("programkommune"),
    )
    kind = models.CharField(_("fase"), max_length=20, choices=PhaseKind.choices)
    start = models.DateField(_("start"))
    planned_end = models.DateField(_("planlagt slutt"), null=True, blank=True)
    actual_end = models.DateField(_("faktisk slutt"), null=True, blank=True)
    overrun_reason = models.TextField(
        _("begrunnelse for lengre fase enn modellen"),
        blank=True,
        help_text=_("Påkrevd når fasen er lengre enn rammemodellen tillater."),
    )

    class Meta:
        ordering = ["participation", "start"]
        constraints = [
            models.UniqueConstraint(fields=["participation", "kind"], name="phase_kind_once")
        ]
        verbose_name = _("fase")
        verbose_name_plural = _("faser")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.participation.municipality.name})"

    # Django's own get_kind_display hashes every choice's lazy label on each call (a third of
    # the portfolio's time at 357 participations); Django keeps a method defined here.
    def get_kind_display(self) -> str:  # type: ignore[no-redef]
        return self.kind_label()


class AnchoringLevel(models.TextChoices):
    RADMANN = "radmann", _("Rådmannsnivå")
    UNIT = "unit", _("Virksomhetsnivå")
    NONE = "none", _("Ingen styringsgruppe")


class LeaderRank(models.TextChoices):
    """Where the steering-group leader sits; decides the anchoring level (DOMAIN.md §2)."""

    RADMANN = "radmann", _("Rådmann / kommunedirektør")
    ASSISTANT_RADMANN = "assistant_radmann", _("Assisterende rådmann")
    MANAGEMENT_GROUP = "management_group", _("Direktør/kommunalsjef i rådmannens ledergruppe")
    HEAD_OF_UNIT = "head_of_unit", _("Leder av en virksomhet/enhet")
    OTHER = "other", _("Annet")


RADMANN_LEVEL_RANKS = {
    LeaderRank.RADMANN,
    LeaderRank.ASSISTANT_RADMANN,
    LeaderRank.MANAGEMENT_GROUP,
}


class OrganisationFields(models.Model):
    """How the municipality has organised its programme work: the organisation now and each
    dated period of its history hold these fields."""

    programme_leader_position = models.CharField(
        _("programleders stilling"), max_length=200, blank=True
    )
    programme_leader_unit = models.CharField(
        _("hvor programleder er plassert"), max_length=200, blank=True
    )
    programme_leader_acting = models.BooleanField(_("programleder er fungerende"), default=False)
    project_organised = models.BooleanField(_("prosjektorganisert"), null=True, blank=True)
    has_steering_group = models.BooleanField(_("har styringsgruppe"), default=False)
    steering_group_leader_position = models.CharField(
        _("styringsgruppeleders stilling"), max_length=200, blank=True
    )
    steering_group_leader_rank = models.CharField(
        _("styringsgruppeleders nivå"), max_length=30, choices=LeaderRank.choices, blank=True
    )
    steering_group_members = models.TextField(
        _("styringsgruppens medlemmer"), blank=True, help_text=_("Én stilling per linje.")
    )
    husbanken_in_steering_group = models.BooleanField(
        _("Husbanken deltar i styringsgruppen"), null=True, blank=True
    )
    political_participation = models.BooleanField(
        _("politikere deltar i prosjektorganiseringen"), null=True, blank=True
    )
    ftes = models.DecimalField(
        _("årsverk i programmet"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    notes = models.TextField(_("merknader"), blank=True)

    class Meta:
        abstract = True

    @property
    def anchoring_level(self) -> str:
        """Rådmann level, unit level or none — derived from the steering-group leader."""
        if not self.has_steering_group:
            return AnchoringLevel.NONE
        if self.steering_group_leader_rank in RADMANN_LEVEL_RANKS:
            return AnchoringLevel.RADMANN
        return AnchoringLevel.UNIT

    def get_anchoring_level_display(self) -> str:
        return str(AnchoringLevel(self.anchoring_level).label)

    def member_list(self) -> list[str]:
        return [line.strip() for line in self.steering_group_members.splitlines() if line.strip()]

    @property
    def ftes_decimal(self) -> Decimal | None:
        return self.ftes


class Organisation(Provenance, Versioned, TimeStamped, OrganisationFields):
    """How the municipality has organised its programme work now (the latest period)."""

    participation = models.OneToOneField(
        Participation, on_delete=models.CASCADE, related_name="organisation"
    )

    class Meta:
        verbose_name = _("organisering")
        verbose_name_plural = _("organisering")

    def __str__(self) -> str:
        return _("Organisering i %(municipality)s") % {
            "municipality": self.participation.municipality.name
        }


class OrganisationPeriod(Provenance, TimeStamped, OrganisationFields):
    """What the organisation was from `valid_from` until `valid_to` (exclusive; empty: still).

    Rows are never rewritten: a change adds a period and shortens the one it follows, so a
    report as of any date reads what was true then. A period whose end equals its start was
    replaced the same day (kept as history, valid on no date)."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="organisation_periods"
    )
    valid_from = models.DateField(_("gjelder fra"))
    valid_to = models.DateField(_("gjelder til"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["participation", "valid_from", "id"]
        verbose_name = _("organisering i en periode")
        verbose_name_plural = _("organiseringens historikk")

    def __str__(self) -> str:
        return _("Organisering i %(municipality)s fra %(date)s") % {
            "municipality": self.participation.municipality.name,
            "date": self.valid_from.strftime("%d.%m.%Y"),
        }

    def covers(self, date: dt.date) -> bool:
        return self.valid_from <= date and (self.valid_to is None or date < self.valid_to)

    @property
    def partners(self):
        """The partners are not dated: those of the organisation now (none without one)."""
        organisation = getattr(self.participation, "organisation", None)
        return organisation.partners if organisation else Partner.objects.none()


class PartnerKind(models.TextChoices):
    NAV = "nav", _("NAV")
    PROPERTY_COMPANY = "property_company", _("Kommunalt eiendomsforetak (KF)")
    VOLUNTARY = "voluntary", _("Frivillig organisasjon")
    USER_COUNCIL = "user_council", _("Brukerråd / brukerorganisasjon")
    MUNICIPAL_UNIT = "municipal_unit", _("Kommunal virksomhet")
    OTHER = "other", _("Annen")


class Partner(Provenance, TimeStamped):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partners"
    )
    kind = models.CharField(_("type"), max_length=30, choices=PartnerKind.choices)
    name = models.CharField(_("navn"), max_length=200)
    role = models.CharField(_("rolle i programmet"), max_length=300, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("samarbeidspartner")
        verbose_name_plural = _("samarbeidspartnere")

    def __str__(self) -> str:
        return self.name
