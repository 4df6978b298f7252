"""The codebook, coded passages, memos, quotes and settled disagreements."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from boligsosial.core.models import Provenance, TimeStamped, Versioned
from boligsosial.evaluation.models.evaluations import Evaluation
from boligsosial.evaluation.models.interviews import TextSource

# Coding --------------------------------------------------------------------------


class CodeFramework(models.TextChoices):
    NOU = "nou_2011_15", _("NOU 2011:15 Rom for alle")
    PROJECT_THEORY = "project_theory", _("Prosjektteori")
    REPORT = "report_ch6", _("Rapportens kapittel 6")
    OWN = "own", _("Egne koder")


class Code(Provenance, TimeStamped):
    """A code in the evaluation's codebook; `parent` makes the codebook a tree."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="codes")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("overordnet kode"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("kortnavn"), max_length=100)
    description = models.TextField(_("beskrivelse"), blank=True)
    framework = models.CharField(
        _("rammeverk"), max_length=20, choices=CodeFramework.choices, default=CodeFramework.OWN
    )
    color = models.CharField(_("farge"), max_length=7, blank=True, help_text=_("#RRGGBB"))
    order = models.PositiveIntegerField(_("rekkefølge"), default=0)
    is_codable = models.BooleanField(_("kan kodes"), default=True)
    guid = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["evaluation", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "slug"], name="code_slug_unique"),
            models.UniqueConstraint(fields=["evaluation", "guid"], name="code_guid_unique"),
        ]
        verbose_name = _("kode")
        verbose_name_plural = _("koder")

    def __str__(self) -> str:
        return self.name


class CodedPassage(Provenance, TimeStamped):
    """A span [start, end) of a source's plain text marked with a code by one coder.

    `for_agreement_check` passages are a second coder's independent coding used only for
    Cohen's kappa; they do not count in the code matrix or quotes.
    """

    source = models.ForeignKey(TextSource, on_delete=models.CASCADE, related_name="passages")
    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="passages")
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("slutt"))
    text = models.TextField(_("utdrag"))
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("koder (person)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    for_agreement_check = models.BooleanField(_("bare til samsvarsmåling"), default=False)
    external_coder = models.ForeignKey(
        "evaluation.ExternalCoder",
        verbose_name=_("koder i et annet verktøy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="passages",
        help_text=_("Satt når utdraget er importert fra et REFI-QDA-prosjekt."),
    )
    guid = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["source", "start", "end", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="passage_end_after_start"
            ),
        ]
        verbose_name = _("kodet utdrag")
        verbose_name_plural = _("kodede utdrag")

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:60]}"

    @property
    def coder_name(self) -> str:
        """Who coded it: the external coder of an imported project, else the user."""
        if self.external_coder_id and self.external_coder is not None:
            return _("%(name)s (ekstern koder)") % {"name": self.external_coder.name}
        return str(self.coder)


class Memo(TimeStamped):
    """An analytic note on a passage or on a code."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="memos")
    passage = models.ForeignKey(
        CodedPassage, on_delete=models.CASCADE, null=True, blank=True, related_name="memos"
    )
    code = models.ForeignKey(
        Code, on_delete=models.CASCADE, null=True, blank=True, related_name="memos"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    external_author = models.ForeignKey(
        "evaluation.ExternalCoder",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memos",
    )
    title = models.CharField(_("tittel"), max_length=200, blank=True)
    text = models.TextField(_("notat"))
    guid = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("memo")
        verbose_name_plural = _("memoer")

    @property
    def author_name(self) -> str:
        if self.external_author_id and self.external_author is not None:
            return _("%(name)s (ekstern koder)") % {"name": self.external_author.name}
        return str(self.author)

    def __str__(self) -> str:
        return _("Memo: %(text)s") % {"text": self.text[:60]}


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", _("Til vurdering")
    APPROVED = "approved", _("Godkjent for publisering")
    REJECTED = "rejected", _("Ikke til publisering")


class Quote(Provenance, Versioned, TimeStamped):
    """A passage proposed for publication. Reports may use only approved quotes."""

    passage = models.OneToOneField(CodedPassage, on_delete=models.CASCADE, related_name="quote")
    attribution = models.CharField(
        _("tilskrivning"),
        max_length=300,
        help_text=_("Slik sitatet presenteres, for eksempel «programleder i en programkommune»."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=QuoteStatus.choices, default=QuoteStatus.DRAFT
    )
    identification_reviewed = models.BooleanField(_("identifiseringsrisiko vurdert"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("avgjort av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("avgjort"), null=True, blank=True)

    class Meta:
        ordering = ["passage__source", "passage__start"]
        verbose_name = _("sitat")
        verbose_name_plural = _("sitater")

    def __str__(self) -> str:
        return self.passage.text[:80]


class AgreementDecision(TimeStamped):
    """How the team settled one disagreement between two coders on one unit of text."""

    source = models.ForeignKey(
        TextSource, on_delete=models.CASCADE, related_name="agreement_decisions"
    )
    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="+")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    keep = models.BooleanField(_("koden beholdes"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("avgjort av"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "code", "start", "end"], name="agreement_decision_unique"
            )
        ]
        verbose_name = _("avgjort uenighet")
        verbose_name_plural = _("avgjorte uenigheter")
