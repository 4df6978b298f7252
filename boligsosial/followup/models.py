"""Follow-up between Husbanken and the municipality, and the learning arenas (report §4.6, §6.5–6.6).

Every meeting is a contact; the cadence is the median number of days between consecutive
contacts, and the no-contact flag uses `Programme.no_contact_flag_days`. The framework model
asks for one annual meeting per implementation year (see `selectors.annual_meetings`).
"""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from boligsosial.core.models import Provenance, TimeStamped, Versioned


class MeetingKind(models.TextChoices):
    STATUS = "status", _("Statusmøte")
    STEERING_GROUP = "steering_group", _("Styringsgruppemøte")
    ANNUAL = "annual", _("Årsmøte")
    INFORMAL = "informal", _("Uformell kontakt")


class Meeting(Provenance, Versioned, TimeStamped):
    participation = models.ForeignKey(
        "programmes.Participation",
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("programkommune"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=MeetingKind.choices)
    date = models.DateField(_("dato"))
    place = models.CharField(_("sted eller kanal"), max_length=200, blank=True)
    notes = models.TextField(_("referat og notater"), blank=True)

    class Meta:
        ordering = ["participation", "-date", "-id"]
        verbose_name = _("oppfølgingsmøte")
        verbose_name_plural = _("oppfølgingsmøter")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d.%m.%Y}"


class ParticipantRole(models.TextChoices):
    PROGRAMME_CONTACT = "programme_contact", _("Programkontakt i Husbanken")
    HUSBANKEN_OTHER = "husbanken_other", _("Annen fra Husbanken")
    PROGRAMME_LEADER = "programme_leader", _("Programleder")
    STEERING_GROUP = "steering_group", _("Styringsgruppen")
    PROJECT_LEADER = "project_leader", _("Delprosjektleder")
    MUNICIPAL_OTHER = "municipal_other", _("Annen fra kommunen")
    PARTNER = "partner", _("Samarbeidspartner")


class MeetingParticipant(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    role = models.CharField(_("rolle"), max_length=30, choices=ParticipantRole.choices)
    name = models.CharField(_("navn eller stilling"), max_length=200, blank=True)

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("møtedeltaker")
        verbose_name_plural = _("møtedeltakere")

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}" if self.name else self.get_role_display()


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Åpen")
    IN_PROGRESS = "in_progress", _("Under arbeid")
    DONE = "done", _("Utført")
    CANCELLED = "cancelled", _("Avlyst")


class AgreedAction(Provenance, Versioned, TimeStamped):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(_("avtalt oppfølgingspunkt"), max_length=500)
    owner = models.CharField(_("ansvarlig"), max_length=200)
    due_date = models.DateField(_("frist"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    completed_on = models.DateField(_("utført dato"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("avtalt oppfølgingspunkt")
        verbose_name_plural = _("avtalte oppfølgingspunkter")

    def __str__(self) -> str:
        return self.text

    def is_overdue(self, as_of: dt.date) -> bool:
        return bool(
            self.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
            and self.due_date is not None
            and self.due_date < as_of
        )


class ArenaKind(models.TextChoices):
    PROGRAMME_GATHERING = "programme_gathering", _("Programsamling")
    LEADER_GATHERING = "leader_gathering", _("Programledersamling")
    PROJECT_LEADER_COURSE = "project_leader_course", _("Prosjektlederkurs")
    STUDY_TRIP = "study_trip", _("Studietur")
    NETWORK_MEETING = "network_meeting", _("Nettverksmøte")


class LearningArena(Provenance, Versioned, TimeStamped):
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="learning_arenas",
        verbose_name=_("program"),
    )
    kind = models.CharField(_("type"), max_length=30, choices=ArenaKind.choices)
    title = models.CharField(_("tittel"), max_length=300)
    start_date = models.DateField(_("dato"))
    end_date = models.DateField(_("til dato"), null=True, blank=True)
    place = models.CharField(_("sted"), max_length=200, blank=True)
    topics = models.TextField(_("temaer"), blank=True, help_text=_("Ett tema per linje."))

    class Meta:
        ordering = ["programme", "start_date", "id"]
        verbose_name = _("læringsarena")
        verbose_name_plural = _("læringsarenaer")

    def __str__(self) -> str:
        return self.title

    def topic_list(self) -> list[str]:
        return [line.strip() for line in self.topics.splitlines() if line.strip()]


class ArenaAttendance(Provenance, TimeStamped):
    arena = models.ForeignKey(LearningArena, on_delete=models.CASCADE, related_name="attendance")
    participation = models.ForeignKey(
        "programmes.Participation",
        on_delete=models.CASCADE,
        related_name="arena_attendance",
        verbose_name=_("programkommune"),
    )
    persons = models.PositiveIntegerField(_("antall deltakere"))
    roles = models.CharField(
        _("hvem deltok (stillinger eller fagområder)"), max_length=500, blank=True
    )

    class Meta:
        ordering = ["arena", "participation__municipality__name"]
        constraints = [
            models.UniqueConstraint(fields=["arena", "participation"], name="arena_attendance_once")
        ]
        verbose_name = _("deltakelse")
        verbose_name_plural = _("deltakelse")

    def __str__(self) -> str:
        return f"{self.participation.municipality.name}: {self.persons}"


class ArenaFeedback(Provenance, TimeStamped):
    arena = models.ForeignKey(LearningArena, on_delete=models.CASCADE, related_name="feedback")
    participation = models.ForeignKey(
        "programmes.Participation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programkommune"),
    )
    score = models.PositiveSmallIntegerField(
        _("vurdering (1–5)"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(_("kommentar"), blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["arena", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="arena_feedback_score_1_5"
            )
        ]
        verbose_name = _("tilbakemelding")
        verbose_name_plural = _("tilbakemeldinger")

    def __str__(self) -> str:
        return f"{self.arena.title}: {self.score}"
