"""Evaluation fieldwork: evaluations, questionnaires, interviews, documents and coding.

The report (chapter 3) rests on three methods — document analysis, a questionnaire to the
programme municipalities (appendix 1) and appreciative-inquiry interviews (appendix 2) —
judged against success factors (chapter 6). These tables hold that evidence.

No personal data about the people the programme helps, and none about informants beyond
their role and organisation: respondents are a participation plus a role, informants a role
plus an organisation.
"""

import datetime as dt
import secrets
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.functional import LazyObject
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


# Questionnaires ------------------------------------------------------------------


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    OPEN = "open", _("Åpent for svar")
    CLOSED = "closed", _("Lukket")


class Questionnaire(Provenance, Versioned, TimeStamped):
    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("evaluering"),
        on_delete=models.CASCADE,
        related_name="questionnaires",
    )
    title = models.CharField(_("tittel"), max_length=300)
    form_id = models.SlugField(_("skjema-ID (XLSForm)"), max_length=100)
    form_version = models.CharField(_("skjemaversjon"), max_length=50, blank=True)
    default_language = models.CharField(_("standardspråk"), max_length=50, blank=True, default="")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=QuestionnaireStatus.choices,
        default=QuestionnaireStatus.DRAFT,
    )
    sent_on = models.DateField(_("sendt ut"), null=True, blank=True)
    closes_on = models.DateField(_("svarfrist"), null=True, blank=True)

    class Meta:
        ordering = ["evaluation", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "form_id"], name="questionnaire_form_id_unique"
            )
        ]
        verbose_name = _("spørreskjema")
        verbose_name_plural = _("spørreskjemaer")

    def __str__(self) -> str:
        return self.title

    def is_open_for_answers(self, today: dt.date) -> bool:
        if self.status != QuestionnaireStatus.OPEN:
            return False
        return self.closes_on is None or today <= self.closes_on


class Section(models.Model):
    """A question group (XLSForm begin/end group)."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveIntegerField(_("rekkefølge"))
    name = models.CharField(_("navn (XLSForm)"), max_length=100)
    title = models.CharField(_("overskrift"), max_length=500)
    hint = models.TextField(_("hjelpetekst"), blank=True)
    translations = models.JSONField(default=dict, blank=True)
    relevant = models.CharField(_("vises når"), max_length=500, blank=True)

    class Meta:
        ordering = ["questionnaire", "order"]
        verbose_name = _("del")
        verbose_name_plural = _("deler")

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    YES_NO_PARTLY = "yes_no_partly", _("Ja / nei / delvis med kommentar")
    TEXT = "text", _("Fritekst")
    INTEGER = "integer", _("Heltall")
    DECIMAL = "decimal", _("Desimaltall")
    SCALE = "scale", _("Skala 1–5")
    SINGLE = "single", _("Ett valg")
    MULTIPLE = "multiple", _("Flere valg")
    DATE = "date", _("Dato")
    NOTE = "note", _("Merknad (ingen svar)")


CHOICE_KINDS = {
    QuestionKind.YES_NO_PARTLY,
    QuestionKind.SCALE,
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
}
NUMBER_KINDS = {QuestionKind.INTEGER, QuestionKind.DECIMAL}


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="questions", null=True, blank=True
    )
    order = models.PositiveIntegerField(_("rekkefølge"))
    name = models.CharField(_("navn (XLSForm)"), max_length=100)
    kind = models.CharField(_("type"), max_length=20, choices=QuestionKind.choices)
    label = models.TextField(_("spørsmål"))
    hint = models.TextField(_("hjelpetekst"), blank=True)
    translations = models.JSONField(default=dict, blank=True)
    required = models.BooleanField(_("påkrevd"), default=False)
    relevant = models.CharField(
        _("vises når"),
        max_length=500,
        blank=True,
        help_text=_("Betingelse på tidligere svar i XLSForm-syntaks, for eksempel ${q1} = 'ja'."),
    )
    constraint = models.CharField(_("gyldighetsregel"), max_length=500, blank=True)
    constraint_message = models.CharField(
        _("feilmelding ved brudd på regelen"), max_length=500, blank=True
    )
    choice_list = models.CharField(_("svarliste (XLSForm)"), max_length=100, blank=True)

    class Meta:
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "name"], name="question_name_unique")
        ]
        verbose_name = _("spørsmål")
        verbose_name_plural = _("spørsmål")

    def __str__(self) -> str:
        return self.label

    @property
    def has_choices(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def has_comment(self) -> bool:
        return self.kind == QuestionKind.YES_NO_PARTLY

    @property
    def answerable(self) -> bool:
        return self.kind != QuestionKind.NOTE


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveIntegerField(_("rekkefølge"))
    value = models.CharField(_("verdi"), max_length=100)
    label = models.CharField(_("tekst"), max_length=500)
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["question", "order"]
        verbose_name = _("svaralternativ")
        verbose_name_plural = _("svaralternativer")

    def __str__(self) -> str:
        return self.label


def new_token() -> str:
    return secrets.token_urlsafe(24)


class ResponseStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Ikke påbegynt")
    IN_PROGRESS = "in_progress", _("Påbegynt")
    SUBMITTED = "submitted", _("Sendt inn")


class Respondent(Provenance, Versioned, TimeStamped):
    """Who answers: a participation (municipality) and a role. No name is recorded.

    The personal link carries `token`. It is kept readable so the evaluators can send the
    link again; it opens only this one questionnaire and can be replaced (revoked) at any time.
    """

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="respondents"
    )
    participation = models.ForeignKey(
        "programmes.Participation",
        verbose_name=_("programkommune"),
        on_delete=models.PROTECT,
        related_name="evaluation_respondents",
    )
    role = models.CharField(
        _("rolle"), max_length=200, help_text=_("For eksempel «programleder». Ikke navn.")
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ResponseStatus.choices,
        default=ResponseStatus.NOT_STARTED,
    )
    submitted_at = models.DateTimeField(_("sendt inn"), null=True, blank=True)

    class Meta:
        ordering = ["questionnaire", "participation__municipality__name", "role"]
        verbose_name = _("respondent")
        verbose_name_plural = _("respondenter")

    def __str__(self) -> str:
        return f"{self.participation.municipality.name} – {self.role}"


class Answer(TimeStamped):
    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    # A string for text/choice/date answers, a number for numbers, a list for multiple choice.
    value = models.JSONField(null=True, blank=True)
    comment = models.TextField(_("kommentar"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["respondent", "question"], name="answer_unique_per_question"
            )
        ]
        verbose_name = _("svar")
        verbose_name_plural = _("svar")


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
        if self.participation_id:
            return self.participation.municipality.name
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
        if self.participation_id:
            return self.participation.municipality.name
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


# Documents -----------------------------------------------------------------------


class _PrivateStorage(LazyObject):
    """Uploaded documents live under PRIVATE_MEDIA_ROOT, outside the web root."""

    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT / "evaluation")


private_storage = _PrivateStorage()


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
        _("fil"), storage=private_storage, upload_to="documents/%Y/", blank=True
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
    text = models.TextField(_("notat"))
    guid = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("memo")
        verbose_name_plural = _("memoer")


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
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

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
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "code", "start", "end"], name="agreement_decision_unique"
            )
        ]
        verbose_name = _("avgjort uenighet")
        verbose_name_plural = _("avgjorte uenigheter")
