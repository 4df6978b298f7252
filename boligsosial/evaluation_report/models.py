"""The evaluation report: rules, narrative, recommendation decisions, published versions, jobs.

Findings are not stored: they are computed from the data for the report's as-of date
(findings.py). What is stored is what people decide — thresholds, narrative text, the
evaluator's verdict on each proposed recommendation — and, on publishing, a frozen copy of
the whole document (text and numbers) so a published version never changes.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from boligsosial.core.models import TimeStamped, Versioned


class RecommendationRule(Versioned, TimeStamped):
    """A recommendation rule's threshold for one programme (rules.RULES holds the logic)."""

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="recommendation_rules",
        verbose_name=_("program"),
    )
    code = models.CharField(_("regel"), max_length=40)
    threshold = models.DecimalField(_("terskel"), max_digits=10, decimal_places=2)
    enabled = models.BooleanField(_("i bruk"), default=True)

    class Meta:
        ordering = ["programme", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"], name="recommendation_rule_once_per_programme"
            )
        ]
        verbose_name = _("anbefalingsregel")
        verbose_name_plural = _("anbefalingsregler")

    def __str__(self) -> str:
        from boligsosial.evaluation_report.findings.rules import RULES

        rule = RULES.get(self.code)
        return str(rule.title) if rule else self.code


class Language(models.TextChoices):
    NB = "nb", _("Norsk bokmål")
    EN = "en", _("Engelsk")


class EvaluationReport(Versioned, TimeStamped):
    """The report of one evaluation. Its findings are computed for `as_of`."""

    evaluation = models.ForeignKey(
        "evaluation.Evaluation",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("evaluering"),
    )
    title = models.CharField(_("tittel"), max_length=300)
    subtitle = models.CharField(_("undertittel"), max_length=300, blank=True)
    as_of = models.DateField(_("tall per"), help_text=_("Alle funn beregnes for denne datoen."))
    language = models.CharField(
        _("språk"), max_length=2, choices=Language.choices, default=Language.NB
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    municipality_order = models.JSONField(
        _("rekkefølge på kommunene"),
        default=list,
        blank=True,
        help_text=_(
            "Kommunenumrene i den rekkefølgen kapittel 5 omtaler kommunene. Kommuner som ikke "
            "står her, kommer etter i alfabetisk rekkefølge."
        ),
    )

    class Meta:
        ordering = ["-as_of", "title"]
        verbose_name = _("evalueringsrapport")
        verbose_name_plural = _("evalueringsrapporter")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("evaluation_report:report", args=[self.pk])

    @property
    def programme(self):
        return self.evaluation.programme

    def latest_version(self):
        return self.versions.order_by("-number").first()


class NarrativeSection(Versioned, TimeStamped):
    """Text the evaluators write for one section of the report, in Markdown."""

    report = models.ForeignKey(
        EvaluationReport, on_delete=models.CASCADE, related_name="narratives"
    )
    key = models.CharField(_("del av rapporten"), max_length=40)
    markdown = models.TextField(_("tekst (Markdown)"), blank=True)
    # The findings the text rests on as they stood when it was saved (rendering/basis.py).
    basis = models.JSONField(_("funnene teksten bygger på"), default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["report", "key"]
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="narrative_once_per_section")
        ]
        verbose_name = _("fortellende tekst")
        verbose_name_plural = _("fortellende tekster")

    def __str__(self) -> str:
        return f"{self.report} – {self.key}"


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("Godtatt")
    EDITED = "edited", _("Godtatt med endret tekst")
    REJECTED = "rejected", _("Avvist")


class RecommendationDecision(TimeStamped):
    """The evaluator's verdict on a proposed recommendation. The latest per rule applies;
    earlier ones stay as the history."""

    report = models.ForeignKey(EvaluationReport, on_delete=models.CASCADE, related_name="decisions")
    rule_code = models.CharField(_("regel"), max_length=40)
    decision = models.CharField(_("vurdering"), max_length=10, choices=Decision.choices)
    text = models.TextField(
        _("anbefalingens tekst"), blank=True, help_text=_("Brukes når teksten er endret.")
    )
    reason = models.TextField(_("begrunnelse"))
    proposal_text = models.TextField(_("forslaget slik det lå for vurdering"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["report", "rule_code", "-created_at", "-id"]
        verbose_name = _("vurdering av anbefaling")
        verbose_name_plural = _("vurderinger av anbefalinger")

    def __str__(self) -> str:
        return f"{self.rule_code}: {self.get_decision_display()}"


class ReportVersion(models.Model):
    """A published, frozen copy of the report: every text and number as it was."""

    report = models.ForeignKey(EvaluationReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versjon"))
    published_at = models.DateTimeField(_("publisert"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("merknad til versjonen"), blank=True)
    document = models.JSONField(_("innhold"))

    class Meta:
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="report_version_number_unique"
            )
        ]
        verbose_name = _("publisert versjon")
        verbose_name_plural = _("publiserte versjoner")

    def __str__(self) -> str:
        return _("%(report)s, versjon %(number)s") % {"report": self.report, "number": self.number}

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("evaluation_report:version", args=[self.report_id, self.number])


class OutputFormat(models.TextChoices):
    HTML = "html", "HTML"
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word"


class GenerationJob(TimeStamped):
    """One background generation of a file (PDF, Word or HTML). Its state, progress and
    owner are those of its `job` (the shared background job, jobs.Job)."""

    report = models.ForeignKey(EvaluationReport, on_delete=models.CASCADE, related_name="jobs")
    version = models.ForeignKey(
        ReportVersion, on_delete=models.CASCADE, null=True, blank=True, related_name="jobs"
    )
    job = models.OneToOneField(
        "jobs.Job", on_delete=models.CASCADE, null=True, related_name="generation"
    )
    format = models.CharField(_("format"), max_length=5, choices=OutputFormat.choices)
    language = models.CharField(
        _("språk"), max_length=2, choices=Language.choices, default=Language.NB
    )
    # The file's name in the private storage (core.storage.private_storage); empty until made.
    stored_name = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("generering")
        verbose_name_plural = _("genereringer")

    def __str__(self) -> str:
        return f"{self.report} ({self.format})"

    # The API's view of the job (ReportJobOut).
    @property
    def status(self) -> str:
        return self.job.state if self.job else "failed"

    @property
    def percent(self) -> int:
        return self.job.percent if self.job else 0

    @property
    def step(self) -> str:
        return self.job.message if self.job else ""

    @property
    def error(self) -> str:
        return self.job.error if self.job else ""

    def file_name(self) -> str:
        from django.utils.text import slugify

        suffix = f"-v{self.version.number}" if self.version is not None else ""
        return f"{slugify(self.report.title)[:60] or 'rapport'}{suffix}.{self.format}"
