"""Questionnaires (XLSForm-compatible), respondents and their answers."""

import datetime as dt
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from boligsosial.core.models import Provenance, TimeStamped, Versioned
from boligsosial.evaluation.models.evaluations import Evaluation

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
    # What an imported XLSForm had that Boligsosial does not run (settings, unused choice
    # lists), kept so the export gives the form back; and what the import warned about.
    xlsform = models.JSONField(_("lagret skjemadefinisjon (XLSForm)"), default=dict, blank=True)
    import_warnings = models.JSONField(_("merknader fra importen"), default=list, blank=True)

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
    """A question group (XLSForm begin/end group or begin/end repeat), possibly nested."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="sections"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, related_name="subsections", null=True, blank=True
    )
    repeat = models.BooleanField(_("gjentakelse (XLSForm repeat)"), default=False)
    appearance = models.CharField(_("visning (XLSForm appearance)"), max_length=200, blank=True)
    xlsform = models.JSONField(_("lagret skjemadefinisjon (XLSForm)"), default=dict, blank=True)
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
    CALCULATE = "calculate", _("Beregning (ingen svar)")
    STORED = "stored", _("Lagret fra XLSForm (besvares ikke i Boligsosial)")


CHOICE_KINDS = {
    QuestionKind.YES_NO_PARTLY,
    QuestionKind.SCALE,
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
}
NUMBER_KINDS = {QuestionKind.INTEGER, QuestionKind.DECIMAL}
UNANSWERED_KINDS = {QuestionKind.NOTE, QuestionKind.CALCULATE, QuestionKind.STORED}


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
    required_message = models.CharField(
        _("feilmelding når svar mangler"), max_length=500, blank=True
    )
    calculation = models.CharField(_("beregning (XLSForm)"), max_length=2000, blank=True)
    appearance = models.CharField(_("visning (XLSForm appearance)"), max_length=200, blank=True)
    choice_filter = models.CharField(_("valgfilter (XLSForm)"), max_length=500, blank=True)
    or_other = models.BooleanField(_("med «annet, spesifiser»"), default=False)
    xlsform = models.JSONField(_("lagret skjemadefinisjon (XLSForm)"), default=dict, blank=True)

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
        return self.kind not in UNANSWERED_KINDS


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveIntegerField(_("rekkefølge"))
    value = models.CharField(_("verdi"), max_length=100)
    label = models.CharField(_("tekst"), max_length=500)
    translations = models.JSONField(default=dict, blank=True)
    xlsform = models.JSONField(_("lagret skjemadefinisjon (XLSForm)"), default=dict, blank=True)

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
