from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

from boligsosial.core.formatting import format_date, format_exact
from boligsosial.core.forms import VersionedFormMixin
from boligsosial.reporting.models import (
    DimensionOption,
    Indicator,
    IndicatorGroup,
    NarrativeQuestion,
    PeriodKind,
    Unit,
)
from boligsosial.reporting.selectors.entries import Catalogue, ValueInput, stored_entries
from boligsosial.reporting.transfer import previous_report
from boligsosial.reporting.validation import Entry


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def input_text(entry: Entry | None) -> str:
    """A stored value as a person would type it: 1234, 12,5, ja, 31.12.2011."""
    if entry is None or entry.not_available:
        return ""
    if entry.date_value:
        return format_date(entry.date_value)
    if entry.value is None:
        return ""
    if entry.indicator.unit == Unit.YES_NO:
        return "ja" if entry.value else "nei"
    text = format(entry.value.normalize(), "f")
    return text.replace(".", ",")


@dataclass
class ValueRow:
    index: int
    indicator: Indicator
    option: DimensionOption | None
    value: str = ""
    not_available: bool = False
    reason: str = ""
    comment: str = ""
    previous: Entry | None = None
    stored: Entry | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return (
            self.indicator.code
            if self.option is None
            else f"{self.indicator.code}.{self.option.code}"
        )

    @property
    def label(self) -> str:
        return self.indicator.name if self.option is None else str(self.option)

    @property
    def field_id(self) -> str:
        return f"value-{self.index}"

    @property
    def open_details(self) -> bool:
        return bool(
            self.not_available or self.reason or self.comment or self.errors or self.warnings
        )

    @property
    def previous_text(self) -> str:
        if self.previous is None:
            return "–"
        if self.previous.not_available:
            return str(_("ikke tilgjengelig"))
        if self.previous.value is not None and self.indicator.unit not in (Unit.YES_NO,):
            return format_exact(self.previous.value)  # read, not typed: 1 119 000
        return input_text(self.previous) or "–"


@dataclass
class AnswerRow:
    question: NarrativeQuestion
    text: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def field_id(self) -> str:
        return f"answer-{self.question.code}"


class ReportForm:
    """The report's values and narrative answers, as rows the template renders by hand.

    Not a Django Form: the fields follow the template's indicators and disaggregations.
    Field names are v-<n>, na-<n>, r-<n>, c-<n> and q-<question code>; errors come back from
    the service keyed by indicator code (and option) and are attached to their row.
    """

    def __init__(self, report, data=None):
        self.report = report
        self.catalogue = Catalogue(report.template)
        stored = stored_entries(report)
        previous = previous_report(report)
        earlier = stored_entries(previous) if previous else {}
        self.previous_label = previous.period.label if previous else None
        self.rows: list[ValueRow] = []
        for indicator in self.catalogue.indicators.values():
            for option in [None, *self.catalogue.options[indicator.code].values()]:
                row = ValueRow(index=len(self.rows), indicator=indicator, option=option)
                row.stored = stored.get(row.key)
                row.previous = earlier.get(row.key)
                if row.stored:
                    row.value = input_text(row.stored)
                    row.not_available = row.stored.not_available
                    row.reason = row.stored.reason
                    row.comment = row.stored.comment
                self.rows.append(row)
        answers = {a.question_id: a.text for a in report.answers.all()}
        self.answers = [
            AnswerRow(question=q, text=answers.get(q.pk, ""))
            for q in report.template.questions.all()
        ]
        self.version = report.version
        self.non_field_errors: list[str] = []
        self.warnings: list[str] = []
        if data is not None:
            self.version = _int(data.get("version"))
            for row in self.rows:
                if row.indicator.is_derived:
                    continue
                row.value = data.get(f"v-{row.index}", "").strip()
                row.not_available = data.get(f"na-{row.index}") == "on"
                row.reason = data.get(f"r-{row.index}", "").strip()
                row.comment = data.get(f"c-{row.index}", "").strip()
            for answer in self.answers:
                answer.text = data.get(f"q-{answer.question.code}", "")

    def inputs(self) -> list[ValueInput]:
        return [
            ValueInput(
                indicator_code=row.indicator.code,
                option_code=row.option.code if row.option else None,
                raw=row.value,
                not_available=row.not_available,
                reason=row.reason,
                comment=row.comment,
            )
            for row in self.rows
            if not row.indicator.is_derived
        ]

    def answer_data(self) -> dict[str, str]:
        return {a.question.code: a.text for a in self.answers}

    def attach(self, problems: dict[str, list[str]], *, as_warnings: bool = False) -> None:
        by_key = {row.key: row for row in self.rows}
        by_answer = {f"answer.{a.question.code}": a for a in self.answers}
        for key, messages in problems.items():
            if key in by_key:
                target = by_key[key].warnings if as_warnings else by_key[key].errors
                target.extend(messages)
            elif key in by_answer:
                by_answer[key].errors.extend(messages)
            elif as_warnings:
                self.warnings.extend(messages)
            else:
                self.non_field_errors.extend(messages)

    @property
    def has_errors(self) -> bool:
        return bool(
            self.non_field_errors
            or any(r.errors for r in self.rows)
            or any(a.errors for a in self.answers)
        )

    def error_links(self) -> list[tuple[str, str]]:
        links = [(f"#{row.field_id}", message) for row in self.rows for message in row.errors]
        links += [(f"#{a.field_id}", message) for a in self.answers for message in a.errors]
        return links

    def warning_links(self) -> list[tuple[str, str]]:
        # To the comment that explains the number: what the warning asks the user to write.
        return [
            (f"#{row.field_id}-comment", message) for row in self.rows for message in row.warnings
        ]

    def groups(self) -> list[tuple[str, list[ValueRow]]]:
        result: dict[str, list[ValueRow]] = {}
        for row in self.rows:
            result.setdefault(row.indicator.group, []).append(row)
        return [(str(IndicatorGroup(group).label), rows) for group, rows in result.items()]


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Kommentar til kommunen"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Forklar hva som må rettes. Kommunen får kommentaren på e-post."),
    )


class ApproveForm(forms.Form):
    approve_comment = forms.CharField(
        label=_("Kommentar (valgfri)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrunnelse for å gjenåpne"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Begrunnelsen lagres i historikken og sendes til kommunen."),
    )


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type periode"), choices=PeriodKind.choices)
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(
        label=_("Halvår"),
        choices=[("", "–"), (1, _("1. halvår")), (2, _("2. halvår"))],
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Bare for halvårsperioder."),
    )
    deadline = forms.DateField(
        label=_("Frist"),
        required=False,
        widget=DateInput(),
        help_text=_("Tom: programmets standardfrist etter periodens slutt."),
    )


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label=_("Ny frist"), widget=DateInput())


class CsvImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-fil"),
        help_text=_(
            "Kolonner: kommunenummer, periode, indikator, disaggregering, verdi, kommentar, ikke_tilgjengelig. "
            "Komma eller semikolon som skilletegn, UTF-8."
        ),
    )


class ExcelImportForm(VersionedFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Excel-fil (.xlsx)"), help_text=_("Bruk filen du lastet ned fra denne rapporten.")
    )


class IndicatorVersionForm(forms.Form):
    name_nb = forms.CharField(label=_("Navn (bokmål)"), max_length=200)
    name_en = forms.CharField(label=_("Navn (engelsk)"), max_length=200)
    definition = forms.CharField(label=_("Definisjon"), widget=forms.Textarea(attrs={"rows": 4}))
    change_note = forms.CharField(
        label=_("Hva er endret, og hvorfor"), widget=forms.Textarea(attrs={"rows": 3})
    )
    valid_from = forms.DateField(label=_("Gjelder fra"), widget=DateInput(), initial=dt.date.today)
