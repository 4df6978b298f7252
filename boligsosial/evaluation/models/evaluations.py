"""Evaluations: the programme, period and methods an evaluation covers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from boligsosial.core.models import Provenance, TimeStamped, Versioned


class EvaluationMethod(models.TextChoices):
    DOCUMENT_ANALYSIS = "document_analysis", _("Dokumentanalyse")
    QUESTIONNAIRE = "questionnaire", _("Spørreundersøkelse")
    INTERVIEWS = "interviews", _("Intervjuer (anerkjennende intervju)")


class Evaluation(Provenance, Versioned, TimeStamped):
    """One evaluation of a programme, e.g. the interim evaluation of autumn 2011."""

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    title = models.CharField(_("tittel"), max_length=300)
    period_start = models.DateField(_("periode fra"))
    period_end = models.DateField(_("periode til"))
    as_of = models.DateField(
        _("status per"), help_text=_("Datoen evalueringen beskriver status per.")
    )
    methods = models.JSONField(_("metoder"), default=list, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evalueringsteam"),
        related_name="evaluations",
        blank=True,
    )

    class Meta:
        ordering = ["-period_start", "title"]
        verbose_name = _("evaluering")
        verbose_name_plural = _("evalueringer")

    def __str__(self) -> str:
        return self.title

    def method_labels(self) -> list[str]:
        labels = dict(EvaluationMethod.choices)
        return [str(labels.get(m, m)) for m in self.methods]
