from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from boligsosial.accounts.models import Role, User
from boligsosial.core.forms import VersionedFormMixin
from boligsosial.core.widgets import QuickSelect
from boligsosial.evaluation.models import (
    Code,
    DocumentKind,
    EvaluationMethod,
    InformantOrganisation,
    Interview,
    InterviewGuide,
    QuestionKind,
    QuestionnaireStatus,
    QuoteStatus,
)
from boligsosial.programmes.models import Participation, Programme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _participations(evaluation):
    return Participation.objects.filter(programme=evaluation.programme).select_related(
        "municipality"
    )


class EvaluationForm(VersionedFormMixin, forms.Form):
    programme = forms.ModelChoiceField(Programme.objects.all(), label=_("Program"))
    title = forms.CharField(label=_("Tittel"), max_length=300)
    period_start = forms.DateField(label=_("Periode fra"), widget=DATE)
    period_end = forms.DateField(label=_("Periode til"), widget=DATE)
    as_of = forms.DateField(
        label=_("Status per"), widget=DATE, help_text=_("Datoen evalueringen beskriver status per.")
    )
    methods = forms.MultipleChoiceField(
        label=_("Metoder"), choices=EvaluationMethod.choices, widget=forms.CheckboxSelectMultiple
    )
    team = forms.ModelMultipleChoiceField(
        User.objects.filter(role=Role.EVALUATOR, is_active=True).order_by("username"),
        label=_("Evalueringsteam"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Bare evaluatorer. Du blir med i teamet selv."),
    )
    description = forms.CharField(
        label=_("Beskrivelse"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["programme"]
            self.fields["team"].help_text = _("Bare evaluatorer.")


class QuestionnaireStatusForm(VersionedFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=QuestionnaireStatus.choices)
    sent_on = forms.DateField(label=_("Sendt ut"), widget=DATE, required=False)
    closes_on = forms.DateField(
        label=_("Svarfrist"),
        widget=DATE,
        required=False,
        help_text=_("Respondentene kan lagre og endre svar til og med denne dagen."),
    )


class QuestionForm(forms.Form):
    section: forms.ModelChoiceField = forms.ModelChoiceField(
        None, label=_("Del"), required=False, empty_label=_("(ingen del / ny del)")
    )
    new_section_title = forms.CharField(
        label=_("Eller ny del (overskrift)"), max_length=500, required=False
    )
    kind = forms.ChoiceField(label=_("Spørsmålstype"), choices=QuestionKind.choices)
    label = forms.CharField(label=_("Spørsmål"), widget=forms.Textarea(attrs={"rows": 2}))
    name = forms.CharField(
        label=_("Navn (XLSForm)"),
        max_length=100,
        required=False,
        help_text=_("Lages av spørsmålet hvis feltet står tomt."),
    )
    hint = forms.CharField(label=_("Hjelpetekst"), required=False)
    required = forms.BooleanField(label=_("Påkrevd før innsending"), required=False)
    choices = forms.CharField(
        label=_("Svaralternativer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For ett valg og flere valg: ett alternativ per linje, eventuelt «verdi=tekst»."
        ),
    )
    relevant = forms.CharField(
        label=_("Vises bare når"),
        required=False,
        help_text=_("For eksempel ${har_plan} = 'ja' eller selected(${grupper}, 'ungdom')."),
    )
    constraint = forms.CharField(
        label=_("Gyldighetsregel"), required=False, help_text=_("For eksempel . >= 0")
    )
    constraint_message = forms.CharField(
        label=_("Feilmelding ved brudd på regelen"), required=False
    )

    def __init__(self, *args, questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = questionnaire.sections.all()

    def clean_choices(self):
        from django.utils.text import slugify

        pairs = []
        for line in self.cleaned_data["choices"].splitlines():
            if not line.strip():
                continue
            value, _sep, text = line.partition("=")
            if not text:
                text = value
                value = slugify(
                    value.replace("æ", "ae").replace("ø", "o").replace("å", "a")
                ).replace("-", "_")
            pairs.append((value.strip(), text.strip()))
        return pairs


class RespondentForm(forms.Form):
    participation = forms.ModelChoiceField(
        Participation.objects.none(), label=_("Kommune"), widget=QuickSelect
    )
    role = forms.CharField(
        label=_("Rolle"), max_length=200, help_text=_("For eksempel «programleder». Ikke navn.")
    )

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        participation = self.fields["participation"]
        assert isinstance(participation, forms.ModelChoiceField)
        participation.queryset = _participations(evaluation)
        participation.label_from_instance = lambda p: p.municipality.name  # type: ignore[method-assign,assignment]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Fil"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("Filen er for stor. Største tillatte størrelse er %(max)s MB.")
                % {"max": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
            )
        return upload


class XLSFormUploadForm(UploadForm):
    file = forms.FileField(
        label=_("XLSForm-fil (.xlsx)"),
        help_text=_(
            "Arkene survey, choices og settings. Typer: text, integer, decimal, date, note, select_one, "
            "select_multiple, begin/end group."
        ),
    )


class CodebookUploadForm(UploadForm):
    file = forms.FileField(
        label=_("Kodebok (.qdc) eller prosjekt (.qdpx)"),
        help_text=_(
            "REFI-QDA-kodebok, eller et helt prosjekt med kilder, koding, notater og sett, "
            "fra NVivo, ATLAS.ti, MAXQDA, QualCoder og andre."
        ),
    )


class DocumentForm(UploadForm):
    kind = forms.ChoiceField(label=_("Dokumenttype"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Tittel"), max_length=300)
    participation = forms.ModelChoiceField(
        Participation.objects.none(),
        label=_("Kommune"),
        required=False,
        help_text=_("Tom for Husbankens egne dokumenter."),
        widget=QuickSelect,
    )
    dated = forms.DateField(label=_("Datert"), widget=DATE, required=False)
    file = forms.FileField(label=_("Fil"), help_text=_("PDF, Word (.docx) eller ren tekst."))

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        participation = self.fields["participation"]
        assert isinstance(participation, forms.ModelChoiceField)
        participation.queryset = _participations(evaluation)
        participation.label_from_instance = lambda p: p.municipality.name  # type: ignore[method-assign,assignment]


class InterviewForm(VersionedFormMixin, forms.Form):
    held_on = forms.DateField(label=_("Dato"), widget=DATE)
    informant_role = forms.CharField(
        label=_("Informantens rolle"),
        max_length=200,
        help_text=_("For eksempel «leder for styringsgruppen». Ikke navn."),
    )
    organisation = forms.ChoiceField(label=_("Organisasjon"), choices=InformantOrganisation.choices)
    participation = forms.ModelChoiceField(
        Participation.objects.none(),
        label=_("Kommune"),
        required=False,
        help_text=_("Påkrevd for informanter fra en programkommune."),
        widget=QuickSelect,
    )
    organisation_unit = forms.CharField(
        label=_("Enhet"),
        max_length=200,
        required=False,
        help_text=_("For eksempel «Husbanken Region sør, ledelsen»."),
    )
    consent = forms.BooleanField(label=_("Informanten har gitt samtykke"), required=False)
    consent_note = forms.CharField(label=_("Merknad om samtykke"), max_length=500, required=False)
    transcript = forms.CharField(
        label=_("Hele referatet eller transkripsjonen (valgfritt)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Deles automatisk etter spørsmålsnummer: en linje som begynner med «3.» starter svaret på "
            "spørsmål 3. Brukes bare når feltene per spørsmål er tomme."
        ),
    )

    def __init__(self, *args, evaluation, guide: InterviewGuide, **kwargs):
        super().__init__(*args, **kwargs)
        self.guide = guide
        participation = self.fields["participation"]
        assert isinstance(participation, forms.ModelChoiceField)
        participation.queryset = _participations(evaluation)
        participation.label_from_instance = lambda p: p.municipality.name  # type: ignore[method-assign,assignment]
        for question in guide.questions.all():
            self.fields[f"q{question.number}"] = forms.CharField(
                label=f"{question.number}. {question.text}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def question_fields(self):
        return [self[f"q{q.number}"] for q in self.guide.questions.all()]

    def meta_fields(self):
        return [self[name] for name in Interview.META_FIELDS]

    def meta_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in Interview.META_FIELDS}

    def answers(self) -> dict[int, str]:
        return {
            q.number: self.cleaned_data.get(f"q{q.number}", "")
            for q in self.guide.questions.all()
            if self.cleaned_data.get(f"q{q.number}", "").strip()
        }


class CodeForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    parent = forms.ModelChoiceField(Code.objects.none(), label=_("Overordnet kode"), required=False)
    description = forms.CharField(
        label=_("Beskrivelse"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    color = forms.CharField(label=_("Farge"), max_length=7, required=False, help_text=_("#RRGGBB"))

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Code.objects.filter(evaluation=evaluation).order_by(
            "order", "name"
        )


class PassageForm(forms.Form):
    code = forms.ModelChoiceField(Code.objects.none(), label=_("Kode"))
    excerpt = forms.CharField(
        label=_("Utdrag som skal kodes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Lim inn teksten nøyaktig slik den står, eller merk teksten over og trykk «Bruk markert tekst»."
        ),
    )
    near = forms.IntegerField(widget=forms.HiddenInput, required=False)
    for_agreement_check = forms.BooleanField(
        label=_("Uavhengig koding til samsvarsmåling (teller ikke i matrisen)"), required=False
    )

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].queryset = Code.objects.filter(
            evaluation=evaluation, is_codable=True
        ).order_by("order", "name")


class MemoForm(forms.Form):
    text = forms.CharField(label=_("Memo"), widget=forms.Textarea(attrs={"rows": 2}))


class SettleForm(forms.Form):
    """The hidden fields of the agreement page's "keep"/"remove" buttons, checked."""

    code = forms.ModelChoiceField(
        Code.objects.none(),
        label=_("Kode"),
        error_messages={"invalid_choice": _("Koden finnes ikke i denne evalueringen.")},
    )
    start = forms.IntegerField(label=_("Start"), min_value=0, max_value=2_000_000_000)
    end = forms.IntegerField(label=_("Slutt"), min_value=1, max_value=2_000_000_000)
    keep = forms.TypedChoiceField(
        label=_("Avgjørelse"), choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1"
    )

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].queryset = Code.objects.filter(evaluation=evaluation)


class CodeMemoForm(forms.Form):
    """A memo on a code, posted from the codebook page."""

    code = forms.ModelChoiceField(
        Code.objects.none(),
        label=_("Kode"),
        error_messages={"invalid_choice": _("Koden finnes ikke i denne evalueringen.")},
    )
    memo = forms.CharField(
        label=_("Memo"),
        error_messages={"required": _("Memoet er tomt. Skriv notatet og lagre igjen.")},
    )

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].queryset = Code.objects.filter(evaluation=evaluation)


def form_errors_text(form: forms.Form) -> str:
    """One line naming each field that was wrong, for a message after a redirect."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        text = " ".join(str(e) for e in errors)
        parts.append(f"{label}: {text}" if label else text)
    return " ".join(parts)


class QuoteDecisionForm(VersionedFormMixin, forms.Form):
    attribution = forms.CharField(label=_("Tilskrivning"), max_length=300)
    status = forms.ChoiceField(label=_("Vurdering"), choices=QuoteStatus.choices)
    identification_reviewed = forms.BooleanField(
        label=_("Jeg har vurdert at tilskrivningen ikke identifiserer personen"), required=False
    )


class AnswerForm(forms.Form):
    """Built from a questionnaire: one field per question (and comment for yes/no/partly)."""

    def __init__(self, *args, questionnaire, answers: dict, disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.questions = list(
            questionnaire.questions.select_related("section").prefetch_related("choices")
        )
        for question in self.questions:
            if not question.answerable:
                continue
            existing = answers.get(question.pk)
            initial = existing.value if existing else None
            choices = [(c.value, c.label) for c in question.choices.all()]
            help_text = question.hint
            field: forms.Field
            if question.kind in (
                QuestionKind.YES_NO_PARTLY,
                QuestionKind.SINGLE,
                QuestionKind.SCALE,
            ):
                field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, required=False)
            elif question.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=choices, widget=forms.CheckboxSelectMultiple, required=False
                )
            elif question.kind == QuestionKind.INTEGER:
                field = forms.CharField(
                    required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
                )
            elif question.kind == QuestionKind.DECIMAL:
                field = forms.CharField(
                    required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
                )
                if isinstance(initial, float):
                    initial = str(initial).replace(".", ",")
            elif question.kind == QuestionKind.DATE:
                field = forms.CharField(
                    required=False, widget=forms.DateInput(attrs={"type": "date"})
                )
            else:
                field = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
            # The label carries the rule: "required" here means "before submitting", so a
            # draft can still be saved with questions left open.
            label = question.label or question.name  # an imported question may have none
            field.label = f"{label} ({_('påkrevd')})" if question.required else label
            field.help_text = help_text
            field.initial = initial
            field.disabled = disabled
            field.question_required = question.required  # type: ignore[attr-defined,union-attr]
            self.fields[question.name] = field
            if question.has_comment:
                comment = forms.CharField(
                    label=_("Kommentar"),
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial=existing.comment if existing else "",
                    disabled=disabled,
                )
                self.fields[f"{question.name}__comment"] = comment

    def answer_data(self) -> dict:
        data = {}
        for question in self.questions:
            if question.name in self.cleaned_data:
                data[question.name] = {
                    "value": self.cleaned_data[question.name],
                    "comment": self.cleaned_data.get(f"{question.name}__comment", ""),
                }
        return data

    def groups(self):
        """[(section or None, [(question, field, comment field)])] in form order."""
        groups: list = []
        for question in self.questions:
            if question.kind in (QuestionKind.CALCULATE, QuestionKind.STORED):
                continue  # kept for the export; nothing to show or answer here
            if not groups or groups[-1][0] != question.section:
                groups.append((question.section, []))
            field = self[question.name] if question.name in self.fields else None
            comment = (
                self[f"{question.name}__comment"]
                if f"{question.name}__comment" in self.fields
                else None
            )
            groups[-1][1].append((question, field, comment))
        return groups
