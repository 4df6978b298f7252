from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from boligsosial.core.forms import VersionedFormMixin
from boligsosial.core.widgets import QuickSelect
from boligsosial.plans.models import (
    FUNDING_YEARS,
    Funding,
    Goal,
    GoalLevel,
    Measure,
    MeasureStatus,
    Method,
    TargetGroup,
)
from boligsosial.plans.services.goals import RESULT_GOAL_ONLY
from boligsosial.programmes.forms import DateInput
from boligsosial.programmes.models import NationalGoal


def _decimal(field):
    field.localize = True
    field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
    return field


class GoalForm(VersionedFormMixin, forms.ModelForm):
    national_goals = forms.ModelMultipleChoiceField(
        NationalGoal.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Nasjonale hovedmål (bare for hovedmål)"),
    )

    class Meta:
        model = Goal
        fields = [
            "level",
            "parent",
            "title",
            "description",
            "national_goals",
            *RESULT_GOAL_ONLY,
            "position",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "custom_measure_definition": forms.Textarea(attrs={"rows": 3}),
            "baseline_date": DateInput(),
            "target_date": DateInput(),
        }

    def __init__(self, *args, participation, **kwargs):
        super().__init__(*args, **kwargs)
        from boligsosial.reporting.models import Indicator

        parents = Goal.objects.filter(participation=participation).exclude(level=GoalLevel.RESULT)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = lambda g: f"{g.get_level_display()}: {g.title}"
        self.fields["indicator"].queryset = Indicator.objects.filter(is_current=True).order_by(
            "order", "code"
        )
        self.fields["indicator"].label_from_instance = lambda i: i.name_nb
        for name in ("baseline_value", "target_value"):
            _decimal(self.fields[name])
        self.fields["position"].required = False


class MeasurementForm(forms.Form):
    date = forms.DateField(label=_("Dato"), widget=DateInput())
    value = _decimal(forms.DecimalField(label=_("Verdi"), max_digits=14, decimal_places=2))
    note = forms.CharField(label=_("Merknad"), required=False, max_length=300)


class MeasureForm(VersionedFormMixin, forms.ModelForm):
    target_groups = forms.MultipleChoiceField(
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Målgrupper"),
    )
    methods = forms.MultipleChoiceField(
        choices=Method.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Metoder"),
    )
    individual_methods = forms.MultipleChoiceField(
        choices=Method.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Metoder prøvd med enkeltbrukere"),
        help_text=_(
            "Metoder tiltaket ikke bygger på, men som er prøvd med enkelte brukere i tiltaket "
            "(for eksempel Housing First for én leietaker)."
        ),
    )
    goals = forms.ModelMultipleChoiceField(
        Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Mål tiltaket skal nå"),
    )

    class Meta:
        model = Measure
        fields = ["kind", "name", "description", "leader", "partners", "start_date", "end_date"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "partners": forms.Textarea(attrs={"rows": 3}),
            "start_date": DateInput(),
            "end_date": DateInput(),
        }

    def __init__(self, *args, participation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = Goal.objects.filter(participation=participation)
        self.fields["goals"].label_from_instance = lambda g: f"{g.get_level_display()}: {g.title}"
        if self.instance.pk and not self.is_bound:
            self.fields["target_groups"].initial = self.instance.target_group_codes()
            self.fields["methods"].initial = self.instance.method_codes()
            self.fields["individual_methods"].initial = self.instance.method_codes(individual=True)
            self.fields["goals"].initial = list(self.instance.goals.values_list("pk", flat=True))


class MeasureCreateForm(MeasureForm):
    status = forms.ChoiceField(
        choices=MeasureStatus.choices, label=_("Status"), initial=MeasureStatus.IDEA
    )
    status_date = forms.DateField(
        label=_("Status gjelder fra"),
        widget=DateInput(),
        help_text=_("Datoen tiltaket fikk denne statusen."),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=MeasureStatus.choices, label=_("Ny status"))
    date = forms.DateField(label=_("Gjelder fra"), widget=DateInput())
    date_note = forms.CharField(
        label=_("Presisjon på datoen"),
        required=False,
        max_length=100,
        help_text=_("For eksempel «høsten 2011» når du ikke vet dagen."),
    )
    note = forms.CharField(label=_("Merknad"), required=False, max_length=500)


class FundingForm(forms.ModelForm):
    class Meta:
        model = Funding
        fields = ["source", "year", "amount_nok", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _decimal(self.fields["amount_nok"])
        self.fields["year"].validators += [
            MinValueValidator(FUNDING_YEARS[0]),
            MaxValueValidator(FUNDING_YEARS[1]),
        ]


class ResultForm(forms.Form):
    date = forms.DateField(label=_("Dato"), widget=DateInput())
    date_note = forms.CharField(label=_("Presisjon på datoen"), required=False, max_length=100)
    text = forms.CharField(label=_("Resultat"), widget=forms.Textarea(attrs={"rows": 4}))
    value = _decimal(
        forms.DecimalField(
            label=_("Tall (valgfritt)"), required=False, max_digits=14, decimal_places=2
        )
    )
    indicator: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Indikator tallet gjelder (valgfritt)"),
        empty_label=_("Ingen indikator"),
    )
    value_label = forms.CharField(label=_("Hva tallet måler"), required=False, max_length=200)
    value_unit = forms.CharField(label=_("Enhet"), required=False, max_length=50)
    file = forms.FileField(
        label=_("Dokumentasjon (valgfritt)"),
        required=False,
        help_text=_(
            "PDF, Word, Excel eller bilde. Filtypen sjekkes ut fra innholdet, ikke navnet."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from boligsosial.reporting.models import Indicator

        self.fields["indicator"].queryset = Indicator.objects.filter(is_current=True).order_by(
            "order", "code"
        )
        self.fields["indicator"].label_from_instance = lambda i: (
            f"{i.name_nb} ({i.get_unit_display()})"
        )


class LibraryForm(forms.Form):
    q = forms.CharField(label=_("Søk i fritekst"), required=False, max_length=200)
    target_group = forms.ChoiceField(
        choices=[("", _("Alle målgrupper")), *TargetGroup.choices],
        required=False,
        label=_("Målgruppe"),
    )
    method = forms.ChoiceField(
        choices=[("", _("Alle metoder")), *Method.choices], required=False, label=_("Metode")
    )
    status = forms.ChoiceField(
        choices=[("", _("Alle statuser")), *MeasureStatus.choices],
        required=False,
        label=_("Status"),
    )
    size = forms.ChoiceField(
        choices=[
            ("", _("Alle størrelser")),
            ("small", _("Under 20 000 innbyggere")),
            ("medium", _("20 000–49 999 innbyggere")),
            ("large", _("50 000 innbyggere eller flere")),
        ],
        required=False,
        label=_("Kommunestørrelse"),
    )
    municipality = forms.ChoiceField(required=False, label=_("Kommune"), widget=QuickSelect)

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [
            ("", _("Alle kommuner")),
            *[(str(pk), name) for pk, name in municipalities],  # (id, name) pairs
        ]
