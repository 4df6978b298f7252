"""A report's values as entries: parsed, stored, completed and checked. Reads only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from boligsosial.core.formatting import format_date, format_number
from boligsosial.reporting import validation
from boligsosial.reporting.models import (
    DimensionOption,
    Indicator,
    Report,
    ReportStatus,
    ReportTemplate,
    ReportValue,
    Unit,
)
from boligsosial.reporting.validation import Entry, key_for

# A comment or a reason longer than this is refused (a form, the API or a file alike).
MAX_TEXT_LENGTH = 2_000
MAX_ANSWER_LENGTH = 20_000


@dataclass
class ValueInput:
    """One value as it comes from a form, the API or an Excel file: text, not yet parsed."""

    indicator_code: str
    option_code: str | None = None
    raw: str = ""
    not_available: bool = False
    reason: str = ""
    comment: str = ""

    @property
    def key(self) -> str:
        return key_for(self.indicator_code, self.option_code)


class Catalogue:
    """The indicator versions and options a template asks for, keyed for quick lookup."""

    def __init__(self, template: ReportTemplate):
        self.indicators: dict[str, Indicator] = {}
        self.options: dict[str, dict[str, DimensionOption]] = {}
        rows = (
            template.template_indicators.select_related("indicator")
            .prefetch_related("indicator__dimensions__options")
            .order_by("order")
        )
        for indicator in (row.indicator for row in rows):
            self.indicators[indicator.code] = indicator
            self.options[indicator.code] = {
                o.code: o for d in indicator.dimensions.all() for o in d.options.all()
            }
        self.derived = [i for i in self.indicators.values() if i.is_derived]

    def entry(self, item: ValueInput) -> tuple[Entry | None, list[str]]:
        indicator = self.indicators.get(item.indicator_code)
        if indicator is None:
            return None, [
                _("Indikatoren «%(code)s» finnes ikke i rapporteringsmalen for denne rapporten.")
                % {"code": item.indicator_code}
            ]
        option = None
        if item.option_code:
            option = self.options[indicator.code].get(item.option_code)
            if option is None:
                allowed = ", ".join(self.options[indicator.code]) or _("ingen")
                return None, [
                    _(
                        "«%(name)s» kan ikke fordeles på «%(option)s». Tillatte kategorier: %(allowed)s."
                    )
                    % {"name": indicator.name, "option": item.option_code, "allowed": allowed}
                ]
        entry = Entry(
            indicator=indicator,
            option=option,
            not_available=item.not_available,
            reason=(item.reason or "").strip(),
            comment=(item.comment or "").strip(),
        )
        too_long = [
            text for text in (entry.comment, entry.reason, item.raw) if len(text) > MAX_TEXT_LENGTH
        ]
        if too_long:
            return entry, [
                _("%(what)s: teksten er for lang (%(length)s tegn; høyst %(limit)s).")
                % {
                    "what": entry.label,
                    "length": format_number(len(too_long[0])),
                    "limit": format_number(MAX_TEXT_LENGTH),
                }
            ]
        raw = (item.raw or "").strip()
        if raw and not raw.isdigit() and raw.lower() in validation.NOT_AVAILABLE_WORDS:
            entry.not_available, raw = True, ""
        errors = validation.parse_into(entry, raw)
        if not errors:
            errors = validation.check_entry(entry)
        return entry, errors


def stored_entries(report: Report) -> dict[str, Entry]:
    return stored_entries_of([report.pk]).get(report.pk, {})


def stored_entries_of(report_ids: list[int]) -> dict[int, dict[str, Entry]]:
    """{report id: {key: Entry}} for many reports in one query (reports without values are absent)."""
    entries: dict[int, dict[str, Entry]] = {}
    rows = ReportValue.objects.filter(report_id__in=report_ids).select_related(
        "indicator", "option"
    )
    for row in rows:
        entry = Entry(
            indicator=row.indicator,
            option=row.option,
            value=row.value,
            date_value=row.date_value,
            not_available=row.not_available,
            reason=row.not_available_reason,
            comment=row.comment,
            is_outlier=row.is_outlier,
        )
        entries.setdefault(row.report_id, {})[entry.key] = entry
    return entries


def history_for_outliers(
    participation_ids: list[int], codes: list[str], before: dt.date, kind: str
) -> dict[tuple[int, str], list[Decimal]]:
    """{(participation id, indicator code): [approved totals, oldest first]} before a date."""
    rows = (
        ReportValue.objects.filter(
            report__participation_id__in=participation_ids,
            report__status=ReportStatus.APPROVED,
            report__period__start__lt=before,
            report__period__kind=kind,
            indicator__code__in=codes,
            option__isnull=True,
            not_available=False,
            value__isnull=False,
        )
        .order_by("report__period__start")
        .values_list("report__participation_id", "indicator__code", "value")
    )
    history: dict[tuple[int, str], list[Decimal]] = {}
    for participation_id, code, value in rows:
        if value is not None:  # filtered above; for the type checker
            history.setdefault((participation_id, code), []).append(value)
    return history


def derive_rates(entries: dict[str, Entry], catalogue: Catalogue) -> None:
    """Recompute derived rates in place."""
    totals = {e.indicator.code: e for e in entries.values() if e.option is None}
    for indicator in catalogue.derived:
        derived = validation.derive_rate(indicator, totals)
        if derived.is_empty:
            entries.pop(derived.key, None)
        else:
            entries[derived.key] = derived


def is_outlier_for(
    entry: Entry, participation_id: int, history: dict[tuple[int, str], list[Decimal]]
) -> bool:
    """The outlier flag of a total against the municipality's approved history."""
    past = history.get((participation_id, entry.indicator.code))
    # Fewer than two approved values is never an outlier (validation.is_outlier).
    return (
        past is not None
        and len(past) >= 2
        and validation.is_outlier(entry.indicator, entry.value if entry.is_reported else None, past)
    )


def complete_entries(
    report: Report,
    entries: dict[str, Entry],
    catalogue: Catalogue,
    history: dict[tuple[int, str], list[Decimal]],
) -> None:
    """Recompute derived rates and outlier flags in place."""
    derive_rates(entries, catalogue)
    participation_id = report.participation_id
    for entry in entries.values():
        if entry.option is None:
            entry.is_outlier = is_outlier_for(entry, participation_id, history)


def display(entry: Entry) -> str:
    if entry.not_available:
        return _("ikke tilgjengelig (%(reason)s)") % {"reason": entry.reason}
    if entry.date_value:
        return format_date(entry.date_value)
    if entry.value is None:
        return "–"
    if entry.indicator.unit == Unit.YES_NO:
        return _("Ja") if entry.value else _("Nei")
    text = format_number(entry.value)
    return f"{text} ({entry.comment})" if entry.comment else text


def warnings_for(report: Report, entries: dict[str, Entry] | None = None) -> dict[str, list[str]]:
    """Cross-value problems and outliers without comment (stop a submission, not a draft)."""
    entries = stored_entries(report) if entries is None else entries
    problems = validation.check_across(entries)
    history = None
    for entry in entries.values():
        if entry.is_outlier and not entry.comment.strip():
            if history is None:
                history = history_for_outliers(
                    [report.participation_id],
                    [e.indicator.code for e in entries.values()],
                    report.period.start,
                    report.period.kind,
                )
            problems.setdefault(entry.key, []).append(
                validation.outlier_message(
                    entry, history.get((report.participation_id, entry.indicator.code), [])
                )
            )
    return problems


def submission_problems(report: Report) -> dict[str, list[str]]:
    """Everything that stops a submission, keyed like report_save's errors."""
    entries = stored_entries(report)
    problems = warnings_for(report, entries)
    for indicator in Catalogue(report.template).indicators.values():
        if indicator.is_derived:
            continue
        entry = entries.get(indicator.code)
        if entry is None or not (entry.is_reported or entry.not_available):
            problems.setdefault(indicator.code, []).append(
                _(
                    "«%(name)s» mangler. Fyll inn et tall, eller kryss av for «ikke tilgjengelig» og skriv hvorfor "
                    "(regel: alle indikatorer i malen må besvares)."
                )
                % {"name": indicator.name}
            )
    answered = {a.question_id: a.text.strip() for a in report.answers.all()}
    for question in report.template.questions.all():
        if question.required and not answered.get(question.pk):
            problems.setdefault(f"answer.{question.code}", []).append(
                _("Svar på spørsmålet «%(question)s» før du sender inn.")
                % {"question": question.text}
            )
    return problems
