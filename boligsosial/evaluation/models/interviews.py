"""Interview guides, interviews and the text sources coding works on."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from boligsosial.core.models import Provenance, TimeStamped, Versioned
from boligsosial.evaluation.models.evaluations import Evaluation

# Interviews ---------------------------------------------------------------------


class GuideAudience(models.TextChoices):
    MUNICIPALITY = "municipality", _("Programkommuner")
    HUSBANKEN = "husbanken", _("Husbanken")


class GuidePart(models.TextChoices):
    BEST_EXPERIENCES = "best", _("Beste erfaringer")
    WAY_FORWARD = "forward", _("Veien videre")


class InterviewGuide(Provenance, TimeStamped):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="guides")
    audience = models.CharField(_("målgruppe"), max_length=20, choices=GuideAudience.choices)
    title = models.CharField(_("tittel"), max_length=300)
    dated = models.DateField(_("datert"), null=True, blank=True)
    introduction = models.TextField(_("innledning"), blank=True)
    way_forward_introduction = models.TextField(_("innledning til «Veien videre»"), blank=True)

    class Meta:
        ordering = ["evaluation", "audience"]
        verbose_name = _("intervjuguide")
        verbose_name_plural = _("intervjuguider")

    def __str__(self) -> str:
        return self.title


class GuideQuestion(models.Model):
    guide = models.ForeignKey(InterviewGuide, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField(_("nummer"))
    part = models.CharField(_("del"), max_length=10, choices=GuidePart.choices)
    text = models.TextField(_("spørsmål"))

    class Meta:
        ordering = ["guide", "number"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "number"], name="guide_question_unique")
        ]
        verbose_name = _("spørsmål i intervjuguide")
        verbose_name_plural = _("spørsmål i intervjuguide")

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class SourceKind(models.TextChoices):
    INTERVIEW = "interview", _("Intervju")
    DOCUMENT = "document", _("Dokument")


class TextSource(TimeStamped):
    """Plain text that can be coded: an interview's notes or a document's extracted text.

    Coded passages point into `plain_text` by character offsets (Unicode code points, as
    REFI-QDA counts them). `guid` identifies the source in REFI-QDA exports.
    """

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(_("type"), max_length=20, choices=SourceKind.choices)
    name = models.CharField(_("navn"), max_length=300)
    participation = models.ForeignKey(
        "programmes.Participation",
        verbose_name=_("programkommune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    plain_text = models.TextField(_("tekst"), blank=True)
    guid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["evaluation", "kind", "name"]
        verbose_name = _("tekstkilde")
        verbose_name_plural = _("tekstkilder")

    def __str__(self) -> str:
        return self.name

    def organisation_label(self) -> str:
        participation = self.participation if self.participation_id else None
        if participation is not None:
            return participation.municipality.name
        return "Husbanken"


class InformantOrganisation(models.TextChoices):
    MUNICIPALITY = "municipality", _("Programkommune")
    HUSBANKEN = "husbanken", _("Husbanken")


class Interview(Provenance, Versioned, TimeStamped):
    """One appreciative-inquiry interview. The informant is a role and an organisation only."""

    # What a person fills in about the interview itself (not the answers), in form order.
    META_FIELDS = (
        "held_on",
        "informant_role",
        "organisation",
        "participation",
        "organisation_unit",
        "consent",
        "consent_note",
    )

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="interviews")
    guide = models.ForeignKey(
        InterviewGuide, verbose_name=_("intervjuguide"), on_delete=models.PROTECT
    )
    held_on = models.DateField(_("dato"))
    informant_role = models.CharField(
        _("informantens rolle"),
        max_length=200,
        help_text=_("For eksempel «leder for styringsgruppen». Ikke navn."),
    )
    organisation = models.CharField(
        _("organisasjon"), max_length=20, choices=InformantOrganisation.choices
    )
    participation = models.ForeignKey(
        "programmes.Participation",
        verbose_name=_("programkommune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation_unit = models.CharField(
        _("enhet"),
        max_length=200,
        blank=True,
        help_text=_("For eksempel «Husbanken Region sør, ledelsen»."),
    )
    consent = models.BooleanField(_("samtykke gitt"), default=False)
    consent_note = models.CharField(_("samtykke – merknad"), max_length=500, blank=True)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("intervjuer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.OneToOneField(TextSource, on_delete=models.PROTECT, related_name="interview")

    class Meta:
        ordering = ["evaluation", "held_on", "pk"]
        verbose_name = _("intervju")
        verbose_name_plural = _("intervjuer")

    def __str__(self) -> str:
        return f"{self.informant_role}, {self.organisation_label()} ({self.held_on:%d.%m.%Y})"

    def organisation_label(self) -> str:
        participation = self.participation if self.participation_id else None
        if participation is not None:
            return participation.municipality.name
        return self.organisation_unit or str(self.get_organisation_display())


class InterviewSection(models.Model):
    """The notes under one guide question, with their place in the source's plain text."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="sections")
    guide_question = models.ForeignKey(
        GuideQuestion, on_delete=models.PROTECT, null=True, blank=True
    )
    order = models.PositiveIntegerField()
    text = models.TextField(_("notater"), blank=True)
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["interview", "order"]

    def __str__(self) -> str:
        return self.text[:60]
