"""Uploaded documents, stored outside the web root."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from boligsosial.core.models import Provenance, TimeStamped
from boligsosial.core.storage import private_storage
from boligsosial.evaluation.models.evaluations import Evaluation
from boligsosial.evaluation.models.interviews import TextSource

# Documents -----------------------------------------------------------------------


class DocumentKind(models.TextChoices):
    APPLICATION = "application", _("Søknad")
    PROGRAMME_PLAN = "programme_plan", _("Programplan")
    STATUS_REPORT = "status_report", _("Statusrapport")
    COMMITMENT_LETTER = "commitment_letter", _("Tilsagnsbrev")
    COOPERATION_AGREEMENT = "cooperation_agreement", _("Samarbeidsavtale")
    ACTION_PLAN = "action_plan", _("Handlingsplan")
    PROGRAMME_DESCRIPTION = "programme_description", _("Programbeskrivelse")
    OTHER = "other", _("Annet")


class Document(Provenance, TimeStamped):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("dokumenttype"), max_length=30, choices=DocumentKind.choices)
    title = models.CharField(_("tittel"), max_length=300)
    participation = models.ForeignKey(
        "programmes.Participation",
        verbose_name=_("programkommune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Tom for Husbankens egne dokumenter."),
    )
    dated = models.DateField(_("datert"), null=True, blank=True)
    file = models.FileField(
        _("fil"),
        # The shared private storage (core.storage), given as a callable so the migration
        # names the function and not this machine's folder.
        storage=private_storage,
        upload_to="evaluation/documents/%Y/",
        blank=True,
    )
    original_name = models.CharField(_("filnavn"), max_length=255, blank=True)
    content_type = models.CharField(_("filtype"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("størrelse (byte)"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.OneToOneField(TextSource, on_delete=models.PROTECT, related_name="document")

    class Meta:
        ordering = ["evaluation", "kind", "title"]
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")

    def __str__(self) -> str:
        return self.title
