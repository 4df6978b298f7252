from django import forms
from django.utils.translation import gettext_lazy as _

from boligsosial.core.forms import VersionedFormMixin
from boligsosial.core.widgets import QuickSelect
from boligsosial.followup.models import (
    ActionStatus,
    AgreedAction,
    ArenaFeedback,
    LearningArena,
    Meeting,
    ParticipantRole,
)
from boligsosial.programmes.forms import DateInput


class MeetingForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "date", "place", "notes"]
        widgets = {"date": DateInput(), "notes": forms.Textarea(attrs={"rows": 5})}


class ParticipantForm(forms.Form):
    role = forms.ChoiceField(
        choices=[("", _("Velg rolle")), *ParticipantRole.choices], required=False, label=_("Rolle")
    )
    name = forms.CharField(required=False, max_length=200, label=_("Navn eller stilling"))


ParticipantFormSet = forms.formset_factory(ParticipantForm, extra=3)


class ActionForm(forms.ModelForm):
    class Meta:
        model = AgreedAction
        fields = ["text", "owner", "due_date", "status"]
        widgets = {"due_date": DateInput()}


class ActionStatusForm(VersionedFormMixin, forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices, label=_("Status"))


class ArenaForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = LearningArena
        fields = ["kind", "title", "start_date", "end_date", "place", "topics"]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "topics": forms.Textarea(attrs={"rows": 4}),
        }


class AttendanceForm(forms.Form):
    participation = forms.ChoiceField(label=_("Kommune"), widget=QuickSelect)
    persons = forms.IntegerField(
        label=_("Antall deltakere"),
        min_value=0,
        max_value=1000,
        help_text=_("Skriv 0 for å fjerne kommunens deltakelse."),
    )
    roles = forms.CharField(
        label=_("Hvem deltok (stillinger eller fagområder)"), required=False, max_length=500
    )

    def __init__(self, *args, participations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participation"].choices = [
            (str(p.pk), p.municipality.name) for p in participations
        ]


class FeedbackForm(forms.ModelForm):
    participation = forms.ChoiceField(label=_("På vegne av"), widget=QuickSelect)

    class Meta:
        model = ArenaFeedback
        fields = ["score", "comment"]
        widgets = {
            "score": forms.RadioSelect(choices=[(i, str(i)) for i in range(1, 6)]),
            "comment": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"score": _("1 er svært lite nyttig, 5 er svært nyttig.")}

    def __init__(self, *args, participations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participation"].choices = [
            (str(p.pk), p.municipality.name) for p in participations
        ]
