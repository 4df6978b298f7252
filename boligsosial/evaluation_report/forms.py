from django import forms
from django.utils.translation import gettext_lazy as _

from boligsosial.core.forms import VersionedFormMixin
from boligsosial.evaluation.models import Evaluation
from boligsosial.evaluation_report.models import Decision, EvaluationReport, Language, OutputFormat


class ReportCreateForm(forms.Form):
    evaluation = forms.ModelChoiceField(label=_("Evaluering"), queryset=Evaluation.objects.none())
    title = forms.CharField(
        label=_("Tittel"), max_length=300, required=False, help_text=_("Tom: evalueringens tittel.")
    )

    def __init__(self, *args, evaluations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluation"].queryset = evaluations


class ReportForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = EvaluationReport
        fields = ["title", "subtitle", "as_of", "language"]
        widgets = {"as_of": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class NarrativeForm(VersionedFormMixin, forms.Form):
    markdown = forms.CharField(
        label=_("Tekst"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "Markdown: tom linje mellom avsnitt, «- » for punktliste, **fet** og *kursiv*. "
            "Tall bør komme fra funnene, ikke skrives inn her."
        ),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Vurdering"), choices=Decision.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Endret tekst"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Fyll inn bare når du godtar med endret tekst."),
    )
    reason = forms.CharField(label=_("Begrunnelse"), widget=forms.Textarea(attrs={"rows": 2}))


class PublishForm(VersionedFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Merknad til versjonen"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class GenerateForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=OutputFormat.choices,
        initial=OutputFormat.PDF,
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(
        label=_("Språk"), choices=Language.choices, initial=Language.NB, widget=forms.RadioSelect
    )


class RuleForm(VersionedFormMixin, forms.Form):
    threshold = forms.CharField(label=_("Terskel"))
    enabled = forms.BooleanField(label=_("I bruk"), required=False)

    def clean_threshold(self):
        from boligsosial.core.formatting import parse_norwegian_number

        try:
            return parse_norwegian_number(self.cleaned_data["threshold"])
        except ValueError as exc:
            raise forms.ValidationError(
                _("Skriv terskelen som et tall, for eksempel 100 eller 2,5.")
            ) from exc
