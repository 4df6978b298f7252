from django import forms
from django.utils.translation import gettext_lazy as _

from boligsosial.accounts.models import HUSBANKEN_ROLES, User
from boligsosial.core.forms import VersionedFormMixin
from boligsosial.core.widgets import QuickSelect
from boligsosial.municipalities.models import Municipality
from boligsosial.programmes.models import Organisation, Participation, Partner, Phase, Programme


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ParticipationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Participation
        fields = [
            "application_date",
            "agreement_signed",
            "agreement_revised",
            "start_date",
            "start_precision",
            "programme_contact",
        ]
        widgets = {
            f: DateInput()
            for f in ["application_date", "agreement_signed", "agreement_revised", "start_date"]
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme_contact"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role__in=HUSBANKEN_ROLES, is_active=True
        )


class ParticipationCreateForm(ParticipationForm):
    programme = forms.ModelChoiceField(Programme.objects.all(), label=_("Program"))
    municipality = forms.ModelChoiceField(
        Municipality.objects.filter(valid_to__isnull=True),
        label=_("Kommune"),
        help_text=_("Kommuner med gyldig kommunenummer i dag."),
        widget=QuickSelect,
    )

    class Meta(ParticipationForm.Meta):
        fields = ["programme", "municipality", *ParticipationForm.Meta.fields]


class OrganisationForm(VersionedFormMixin, forms.ModelForm):
    valid_from = forms.DateField(
        label=_("Endringen gjelder fra"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Tom: fra i dag. Det som gjaldt før, beholdes i historikken, så en rapport per en "
            "tidligere dato viser organiseringen slik den var da."
        ),
    )

    class Meta:
        model = Organisation
        fields = [
            "programme_leader_position",
            "programme_leader_unit",
            "programme_leader_acting",
            "project_organised",
            "ftes",
            "has_steering_group",
            "steering_group_leader_position",
            "steering_group_leader_rank",
            "steering_group_members",
            "husbanken_in_steering_group",
            "political_participation",
            "notes",
        ]
        widgets = {
            "steering_group_members": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ftes"].localize = True
        self.fields["ftes"].widget = forms.TextInput(attrs={"inputmode": "decimal"})


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["kind", "name", "role"]


class PhaseForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["kind", "start", "planned_end", "actual_end", "overrun_reason"]
        widgets = {
            "start": DateInput(),
            "planned_end": DateInput(),
            "actual_end": DateInput(),
            "overrun_reason": forms.Textarea(attrs={"rows": 3}),
        }
