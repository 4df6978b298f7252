from django import forms
from django.utils.translation import gettext_lazy as _

from boligsosial.core.forms import VersionedFormMixin
from boligsosial.instruments.models import (
    INSTRUMENT_INFO,
    FinalReportStatus,
    GrantApplication,
    Instrument,
    Measure,
    RegionalFrame,
)

YEAR_CHOICES = [(y, str(y)) for y in range(2000, 2031)]
GRANTS = [(k, v) for k, v in Instrument.choices if INSTRUMENT_INFO[k].is_grant]
APPLIED = [(k, v) for k, v in Instrument.choices if INSTRUMENT_INFO[k].applied_for_by_participation]


class _Filter(forms.Form):
    """A GET form: bad input falls back to defaults and is explained, never a 500."""

    programme = forms.TypedChoiceField(label=_("Program"), coerce=int, required=False)

    def __init__(self, data, *, programmes, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["programme"].choices = [(p.pk, p.name) for p in programmes]
        if len(programmes) <= 1:
            self.fields["programme"].widget = forms.HiddenInput()

    def value(self, name, default):
        if self.is_bound and self.is_valid():
            value = self.cleaned_data.get(name)
            return default if value in (None, "") else value
        return default


class GrowthForm(_Filter):
    instrument = forms.ChoiceField(
        label=_("Virkemiddel"), choices=Instrument.choices, required=False
    )
    measure = forms.ChoiceField(label=_("Mål"), choices=Measure.choices, required=False)
    baseline = forms.CharField(
        label=_("Basisår"),
        required=False,
        max_length=4,
        help_text=_(
            "Et årstall, eller tomt for året programmet startet (samme basisår som "
            "evalueringsrapporten)."
        ),
    )
    to_year = forms.TypedChoiceField(
        label=_("Til og med år"), choices=YEAR_CHOICES, coerce=int, required=False
    )
    structure = forms.DateField(
        label=_("Kommunestruktur per dato"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Tomt: strukturen 31.12. i sluttåret. Tall under eldre kommunenummer legges sammen etter registeret."
        ),
    )

    def clean_baseline(self):
        text = (self.cleaned_data.get("baseline") or "").strip()
        if text and not (text.isdigit() and 1990 <= int(text) <= 2100):
            raise forms.ValidationError(
                _("Skriv basisåret som fire siffer, for eksempel 2009, eller la feltet stå tomt.")
            )
        return int(text) if text else None


class OverviewForm(GrowthForm):
    """The overview shows the report's three figures; the instrument and measure are fixed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["instrument"]
        del self.fields["measure"]


class ShareForm(_Filter):
    instrument = forms.ChoiceField(label=_("Tilskudd"), choices=GRANTS, required=False)
    from_year = forms.TypedChoiceField(
        label=_("Fra år"), choices=YEAR_CHOICES, coerce=int, required=False
    )
    to_year = forms.TypedChoiceField(
        label=_("Til og med år"), choices=YEAR_CHOICES, coerce=int, required=False
    )


class ComparisonForm(_Filter):
    instrument = forms.ChoiceField(
        label=_("Virkemiddel"), choices=Instrument.choices, required=False
    )
    measure = forms.ChoiceField(label=_("Mål"), choices=Measure.choices, required=False)
    from_year = forms.TypedChoiceField(
        label=_("Fra år"), choices=YEAR_CHOICES, coerce=int, required=False
    )
    to_year = forms.TypedChoiceField(
        label=_("Til og med år"), choices=YEAR_CHOICES, coerce=int, required=False
    )


class DidForm(_Filter):
    instrument = forms.ChoiceField(
        label=_("Virkemiddel"), choices=Instrument.choices, required=False
    )
    measure = forms.ChoiceField(label=_("Mål"), choices=Measure.choices, required=False)
    pre_from = forms.TypedChoiceField(
        label=_("Før: fra år"), choices=YEAR_CHOICES, coerce=int, required=False
    )
    pre_to = forms.TypedChoiceField(
        label=_("Før: til og med år"), choices=YEAR_CHOICES, coerce=int, required=False
    )
    post_from = forms.TypedChoiceField(
        label=_("Etter: fra år"), choices=YEAR_CHOICES, coerce=int, required=False
    )
    post_to = forms.TypedChoiceField(
        label=_("Etter: til og med år"), choices=YEAR_CHOICES, coerce=int, required=False
    )
    per_thousand = forms.TypedChoiceField(
        label=_("Skala"),
        choices=[("1", _("Per 1 000 innbyggere")), ("0", _("Tall per kommune"))],
        coerce=lambda v: v == "1",
        required=False,
    )

    def clean(self):
        data = super().clean()
        pre_to, post_from = data.get("pre_to"), data.get("post_from")
        if pre_to and post_from and post_from <= pre_to:
            raise forms.ValidationError(
                _("Perioden etter må begynne etter at perioden før er slutt.")
            )
        return data


class FiguresForm(forms.Form):
    instrument = forms.ChoiceField(
        label=_("Virkemiddel"), choices=Instrument.choices, required=False
    )
    measure = forms.ChoiceField(label=_("Mål"), choices=Measure.choices, required=False)
    from_year = forms.TypedChoiceField(
        label=_("Fra år"), choices=YEAR_CHOICES, coerce=int, required=False
    )
    to_year = forms.TypedChoiceField(
        label=_("Til og med år"), choices=YEAR_CHOICES, coerce=int, required=False
    )


class SeriesForm(forms.Form):
    code = forms.RegexField(
        label=_("Kommunenummer"),
        regex=r"^\d{4}$",
        required=False,
        error_messages={"invalid": _("Kommunenummer må være fire siffer, for eksempel 3907.")},
    )
    instrument = forms.ChoiceField(
        label=_("Virkemiddel"), choices=Instrument.choices, required=False
    )
    measure = forms.ChoiceField(label=_("Mål"), choices=Measure.choices, required=False)
    from_year = forms.TypedChoiceField(
        label=_("Fra år"), choices=YEAR_CHOICES, coerce=int, required=False
    )
    to_year = forms.TypedChoiceField(
        label=_("Til og med år"), choices=YEAR_CHOICES, coerce=int, required=False
    )
    structure = forms.DateField(
        label=_("Kommunestruktur per dato"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def value(self, name, default):
        if self.is_bound and self.is_valid():
            value = self.cleaned_data.get(name)
            return default if value in (None, "") else value
        return default


class FrameForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = RegionalFrame
        fields = [
            "region",
            "instrument",
            "year",
            "amount",
            "programme_target_percent",
            "source_note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = GRANTS
        if self.instance.pk:
            for name in ("region", "instrument", "year"):
                self.fields[name].disabled = True

    def validate_unique(self):
        pass  # the service updates the existing frame for (region, instrument, year)


class ApplicationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = GrantApplication
        fields = ["participation", "instrument", "year", "amount_applied", "purpose"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, participations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = APPLIED
        if participations is not None:
            self.fields["participation"].queryset = participations
        if self.instance.pk:
            for name in ("participation", "instrument", "year"):
                self.fields[name].disabled = True

    def validate_unique(self):
        pass  # the service says which application already exists


class DecisionForm(VersionedFormMixin, forms.Form):
    granted = forms.TypedChoiceField(
        label=_("Vedtak"),
        choices=[("1", _("Innvilget")), ("0", _("Avslått"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    amount_granted = forms.DecimalField(
        label=_("Innvilget beløp (kr)"), required=False, min_value=0, decimal_places=0
    )
    commitment_letter_date = forms.DateField(
        label=_("Dato for tilsagnsbrev"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    conditions = forms.CharField(
        label=_("Vilkår"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    decision_note = forms.CharField(
        label=_("Begrunnelse"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Påkrevd ved avslag."),
    )


class SubmitForm(VersionedFormMixin, forms.Form):
    """Submitting carries the version the municipality saw (a later edit makes it stale)."""


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Hva bør kommunen endre?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class PaymentForm(forms.Form):
    paid_on = forms.DateField(
        label=_("Utbetalt dato"), widget=forms.DateInput(attrs={"type": "date"})
    )
    amount = forms.DecimalField(label=_("Beløp (kr)"), min_value=1, decimal_places=0)
    note = forms.CharField(label=_("Merknad"), required=False, max_length=300)


class FinalReportForm(forms.Form):
    final_report_status = forms.ChoiceField(
        label=_("Sluttrapport"), choices=FinalReportStatus.choices
    )
    final_report_date = forms.DateField(
        label=_("Sluttrapport datert"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ImportForm(forms.Form):
    KINDS = [
        ("figures", _("Virkemiddeltall (CSV eller Excel)")),
        ("population", _("Folketall fra SSB (JSON-stat 2.0 eller 1.0, tabell 07459)")),
        ("statistics", _("KOSTRA-nøkkeltall fra SSB (JSON-stat 2.0 eller 1.0)")),
    ]
    kind = forms.ChoiceField(
        label=_("Hva vil du importere?"), choices=KINDS, widget=forms.RadioSelect
    )
    file = forms.FileField(
        label=_("Fil"), help_text=_("CSV (UTF-8, semikolon eller komma), .xlsx eller .json.")
    )


class SsbFetchForm(forms.Form):
    """Fetch a table from SSB's PxWebApi v2 in the background (the same import as a file)."""

    kind = forms.ChoiceField(
        label=_("Hva vil du hente?"),
        choices=[
            ("population", _("Folketall (tabell 07459)")),
            ("statistics", _("KOSTRA-nøkkeltall")),
        ],
        widget=forms.RadioSelect,
    )
    table = forms.RegexField(
        label=_("Tabellnummer"),
        regex=r"^\d{5}$",
        max_length=5,
        initial="07459",
        error_messages={"invalid": _("Skriv SSBs tabellnummer med fem sifre, for eksempel 07459.")},
    )
    region_dimension = forms.ChoiceField(
        label=_("Tabellens regiondimensjon"),
        choices=[
            ("Region", _("Region (Statistikkbanken)")),
            ("KOKkommuneregion0000", _("KOKkommuneregion0000 (KOSTRA-tabeller)")),
        ],
        initial="Region",
        required=False,
        widget=forms.RadioSelect,
    )
    regions = forms.RegexField(
        label=_("Kommunenummer"),
        help_text=_("Firesifrede kommunenummer skilt med mellomrom, for eksempel 0602 0806."),
        regex=r"^\s*\d{4}(?:[\s,]+\d{4}){0,499}\s*$",
        max_length=3000,
        error_messages={"invalid": _("Skriv kommunenummer med fire sifre, skilt med mellomrom.")},
    )
    years = forms.RegexField(
        label=_("År"),
        help_text=_("Årstall skilt med mellomrom, for eksempel 2010 2011."),
        regex=r"^\s*\d{4}(?:[\s,]+\d{4}){0,49}\s*$",
        max_length=300,
        error_messages={"invalid": _("Skriv årstall med fire sifre, skilt med mellomrom.")},
    )

    def value_codes(self) -> dict[str, list[str]]:
        import re

        data = self.cleaned_data
        return {
            data.get("region_dimension") or "Region": re.findall(r"\d{4}", data["regions"]),
            "Tid": re.findall(r"\d{4}", data["years"]),
            "ContentsCode": ["Personer1"] if data["kind"] == "population" else ["*"],
        }
