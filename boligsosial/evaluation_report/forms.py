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
    municipality_order = forms.CharField(
        label=_("Rekkefølgen på kommunene i kapittel 5"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_(
            "Én kommune per linje (navn eller kommunenummer), i den rekkefølgen kapittel 5 "
            "omtaler dem. Kommuner som ikke står her, kommer etter i alfabetisk rekkefølge."
        ),
    )

    class Meta:
        model = EvaluationReport
        fields = ["title", "subtitle", "as_of", "language", "municipality_order"]
        widgets = {"as_of": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from boligsosial.evaluation_report.selectors import municipalities_in_order

        self.municipalities = municipalities_in_order(self.instance)
        if not self.is_bound:
            self.initial["municipality_order"] = "\n".join(
                name for _code, name in self.municipalities
            )

    def clean_municipality_order(self) -> list[str]:
        """Names or numbers, one per line -> municipality numbers."""
        known = {}
        for code, name in self.municipalities:
            known[code] = code
            known[name.casefold()] = code
        codes: list[str] = []
        for number, line in enumerate(self.cleaned_data["municipality_order"].splitlines(), 1):
            text = line.strip()
            if not text:
                continue
            code = known.get(text.casefold())
            if code is None:
                raise forms.ValidationError(
                    _("Linje %(n)s: «%(text)s» er ikke en kommune i programmet."),
                    params={"n": number, "text": text[:60]},
                )
            if code in codes:
                raise forms.ValidationError(
                    _("Linje %(n)s: «%(text)s» står der allerede."),
                    params={"n": number, "text": text[:60]},
                )
            codes.append(code)
        return codes


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
