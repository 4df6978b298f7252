"""Writes for reporting: periods, reports, values and the review workflow.

Every function is keyword-only and atomic, checks permission, validates, saves and records
the change in the audit log (scope: the participation). The pages and the API call these.

Workflow (one function per arrow):

    draft ──submit──▶ submitted ──return──▶ returned ──submit──▶ resubmitted
                         │                                          │
                         └────────────approve──▶ approved ◀──approve┘
    approved ──reopen (reason)──▶ returned
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boligsosial.audit.models import Action
from boligsosial.audit.services import record
from boligsosial.core.concurrency import bump_version
from boligsosial.core.formatting import format_date, format_number
from boligsosial.reporting import access, notifications, privacy, validation
from boligsosial.reporting.locking import lock_report
from boligsosial.reporting.models import (
    EDITABLE_STATUSES,
    IN_REVIEW_STATUSES,
    DimensionOption,
    Indicator,
    NarrativeAnswer,
    PeriodKind,
    ProgrammeReportingSettings,
    Report,
    ReportEvent,
    ReportingPeriod,
    ReportStatus,
    ReportTemplate,
    ReportValue,
    Unit,
)
from boligsosial.reporting.validation import Entry, key_for

# A comment or a reason longer than this is refused (a form, the API or a file alike).
MAX_TEXT_LENGTH = 2_000
MAX_ANSWER_LENGTH = 20_000

# Periods ---------------------------------------------------------------------------


def _period_end(kind: str, start: dt.date) -> dt.date:
    if kind == PeriodKind.YEAR:
        return dt.date(start.year, 12, 31)
    return dt.date(start.year, 6, 30) if start.month <= 6 else dt.date(start.year, 12, 31)


def programme_settings(programme) -> ProgrammeReportingSettings:
    settings_row, _created = ProgrammeReportingSettings.objects.get_or_create(programme=programme)
    return settings_row


@transaction.atomic
def period_create(
    *,
    user,
    programme,
    kind: str,
    year: int,
    half: int | None = None,
    deadline: dt.date | None = None,
    template: ReportTemplate | None = None,
) -> ReportingPeriod:
    if not access.can_manage_reporting(user):
        raise PermissionDenied
    if kind == PeriodKind.HALF_YEAR and half not in (1, 2):
        raise ValidationError({"half": _("Velg 1. eller 2. halvår.")})
    start = dt.date(year, 1, 1) if kind == PeriodKind.YEAR or half == 1 else dt.date(year, 7, 1)
    end = _period_end(kind, start)
    if deadline is None:
        days = programme_settings(programme)
        deadline = end + dt.timedelta(
            days=days.half_year_deadline_days
            if kind == PeriodKind.HALF_YEAR
            else days.annual_deadline_days
        )
    if deadline < end:
        raise ValidationError(
            {
                "deadline": _(
                    "Fristen (%(deadline)s) kan ikke være før perioden slutter (%(end)s)."
                )
                % {"deadline": format_date(deadline), "end": format_date(end)}
            }
        )
    if ReportingPeriod.objects.filter(programme=programme, kind=kind, start=start).exists():
        raise ValidationError({"year": _("Perioden finnes allerede i dette programmet.")})
    template = (
        template or ReportTemplate.objects.filter(is_current=True).order_by("-version").first()
    )
    period = ReportingPeriod.objects.create(
        programme=programme, kind=kind, start=start, end=end, deadline=deadline, template=template
    )
    record(
        user=user,
        action=Action.CREATE,
        target=period,
        scope=programme,
        after={_("Periode"): period.label, _("Frist"): format_date(deadline)},
    )
    return period


@transaction.atomic
def period_set_deadline(*, user, period: ReportingPeriod, deadline: dt.date) -> ReportingPeriod:
    if not access.can_manage_reporting(user):
        raise PermissionDenied
    if deadline < period.end:
        raise ValidationError(
            {
                "deadline": _(
                    "Fristen (%(deadline)s) kan ikke være før perioden slutter (%(end)s)."
                )
                % {"deadline": format_date(deadline), "end": format_date(period.end)}
            }
        )
    before = {_("Frist"): format_date(period.deadline)}
    period.deadline = deadline
    period.save(update_fields=["deadline", "updated_at"])
    record(
        user=user,
        action=Action.UPDATE,
        target=period,
        scope=period.programme,
        before=before,
        after={_("Frist"): format_date(deadline)},
    )
    return period


# Indicator versions ----------------------------------------------------------------

VERSIONED_FIELDS = (
    "name_nb",
    "name_en",
    "definition",
    "unit",
    "aggregation",
    "better",
    "source",
    "min_value",
    "max_value",
    "at_most_code",
    "counts_people",
)


@transaction.atomic
def indicator_new_version(
    *, user, indicator: Indicator, change_note: str, valid_from: dt.date, **changes
) -> Indicator:
    """A changed definition makes a new version; the old one and its data stay as they are.

    The current template gets the new version in place of the old; reports already
    started keep the template (and so the indicator version) they were created with.
    """
    if not access.can_manage_reporting(user):
        raise PermissionDenied
    if not change_note.strip():
        raise ValidationError(
            {
                "change_note": _("Skriv hva som er endret i definisjonen av «%(name)s».")
                % {"name": indicator.name}
            }
        )
    current = Indicator.objects.select_for_update().get(code=indicator.code, is_current=True)
    data = {f: changes.get(f, getattr(current, f)) for f in VERSIONED_FIELDS}
    Indicator.objects.filter(pk=current.pk).update(is_current=False)
    new = Indicator.objects.create(
        code=current.code,
        version=current.version + 1,
        group=current.group,
        order=current.order,
        numerator_code=current.numerator_code,
        denominator_code=current.denominator_code,
        valid_from=valid_from,
        change_note=change_note,
        is_current=True,
        **data,
    )
    new.dimensions.set(changes.get("dimensions", current.dimensions.all()))
    for template in ReportTemplate.objects.filter(
        is_current=True, template_indicators__indicator=current
    ):
        _template_swap(template, current, new)
    record(
        user=user,
        action=Action.CREATE,
        target=new,
        after={_("Indikator"): new.code, _("Versjon"): new.version, _("Endring"): change_note},
    )
    return new


def _template_swap(template: ReportTemplate, old: Indicator, new: Indicator) -> None:
    """New template version with `new` instead of `old` — unless no report uses it yet."""
    from boligsosial.reporting.models import TemplateIndicator

    if not template.reports.exists():
        TemplateIndicator.objects.filter(template=template, indicator=old).update(indicator=new)
        return
    successor = ReportTemplate.objects.create(
        name=template.name, version=template.version + 1, is_current=True, valid_from=new.valid_from
    )
    ReportTemplate.objects.filter(pk=template.pk).update(is_current=False)
    for row in template.template_indicators.all():
        TemplateIndicator.objects.create(
            template=successor,
            indicator=new if row.indicator_id == old.pk else row.indicator,
            order=row.order,
        )
    for question in template.questions.all():
        question.pk = None
        question.template = successor
        question.save()
    ReportingPeriod.objects.filter(template=template, reports__isnull=True).update(
        template=successor
    )


# Reports ---------------------------------------------------------------------------


@transaction.atomic
def report_start(*, user, participation, period: ReportingPeriod) -> Report:
    """The participation's report for the period; created as a draft the first time."""
    if not access.can_fill_in(user, participation):
        raise PermissionDenied
    if period.programme_id != participation.programme_id:
        raise ValidationError(_("Perioden hører til et annet program enn kommunen."))
    report, created = Report.objects.get_or_create(
        participation=participation, period=period, defaults={"template": period.template}
    )
    if created:
        ReportEvent.objects.create(
            report=report, user=user, to_status=ReportStatus.DRAFT, action="create"
        )
        record(
            user=user,
            action=Action.CREATE,
            target=report,
            scope=participation,
            after={_("Status"): report.get_status_display()},
        )
    return report


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


def stored_entries_of(report_ids) -> dict[int, dict[str, Entry]]:
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
    participation_ids, codes, before: dt.date, kind: str
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
        history.setdefault((participation_id, code), []).append(value)
    return history


def _derive_rates(entries: dict[str, Entry], catalogue: Catalogue) -> None:
    """Recompute derived rates in place."""
    totals = {e.indicator.code: e for e in entries.values() if e.option is None}
    for indicator in catalogue.derived:
        derived = validation.derive_rate(indicator, totals)
        if derived.is_empty:
            entries.pop(derived.key, None)
        else:
            entries[derived.key] = derived


def _outlier(entry: Entry, participation_id: int, history) -> bool:
    """The outlier flag of a total against the municipality's approved history."""
    past = history.get((participation_id, entry.indicator.code))
    # Fewer than two approved values is never an outlier (validation.is_outlier).
    return (
        bool(past)
        and len(past) >= 2
        and validation.is_outlier(entry.indicator, entry.value if entry.is_reported else None, past)
    )


def _complete_entries(
    report: Report, entries: dict[str, Entry], catalogue: Catalogue, history
) -> None:
    """Recompute derived rates and outlier flags in place."""
    _derive_rates(entries, catalogue)
    participation_id = report.participation_id
    for entry in entries.values():
        if entry.option is None:
            entry.is_outlier = _outlier(entry, participation_id, history)


def _display(entry: Entry) -> str:
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


def _value_rows(
    report: Report, entries: dict[str, Entry], source: str = "user", note: str = ""
) -> list[ReportValue]:
    return [
        ReportValue(
            report=report,
            indicator=e.indicator,
            option=e.option,
            value=e.value,
            date_value=e.date_value,
            not_available=e.not_available,
            not_available_reason=e.reason if e.not_available else "",
            comment=e.comment,
            is_outlier=e.is_outlier,
            data_source=source,
            source_note=note,
        )
        for e in entries.values()
        if not e.is_empty
    ]


@transaction.atomic
def report_save(
    *,
    user,
    report: Report,
    version: int | None,
    values: list[ValueInput],
    answers: dict[str, str] | None = None,
    source: str = "user",
    source_note: str = "",
) -> dict[str, list[str]]:
    """Store values and narrative answers of a draft or returned report.

    Values not in `values` are left as they are (so the API can send only some). An input
    that is empty (no number, not "not available", no comment) removes the stored value.
    Per-value rules and the privacy check refuse the save (ValidationError keyed by
    "<indicator>[.<option>]" or "answer.<question>"). Returns warnings — rules across values
    and outliers without a comment — which do not stop a draft but stop a submission.
    """
    # The status is read under the row lock: a submit or an import waits for this save.
    report.status = lock_report(report.pk).status
    if not access.can_edit_report(user, report):
        if report.is_locked:
            raise ValidationError(
                _(
                    "Rapporten er godkjent og låst. Den må gjenåpnes av Husbanken før den kan endres."
                )
            )
        if report.status in IN_REVIEW_STATUSES:
            raise ValidationError(
                _("Rapporten er sendt inn og kan ikke endres før Husbanken har returnert den.")
            )
        raise PermissionDenied
    catalogue = Catalogue(report.template)
    errors: dict[str, list[str]] = {}
    parsed: dict[str, Entry] = {}
    free_text: dict[str, tuple[str, str]] = {}
    for item in values:
        entry, problems = catalogue.entry(item)
        if problems:
            errors.setdefault(item.key, []).extend(problems)
        if entry is not None:
            parsed[entry.key] = entry
            free_text[f"{entry.key}"] = (
                _("Kommentar til %(what)s") % {"what": entry.label},
                entry.comment,
            )
            free_text[f"{entry.key}.reason"] = (
                _("Begrunnelse for «ikke tilgjengelig» i %(what)s") % {"what": entry.label},
                entry.reason,
            )
    questions = {q.code: q for q in report.template.questions.all()}
    for code, text in (answers or {}).items():
        if code not in questions:
            errors.setdefault(f"answer.{code}", []).append(
                _("Spørsmålet «%(code)s» finnes ikke i rapporteringsmalen.") % {"code": code}
            )
        elif len(text) > MAX_ANSWER_LENGTH:
            errors.setdefault(f"answer.{code}", []).append(
                _("Svaret på «%(question)s» er for langt (%(length)s tegn; høyst %(limit)s).")
                % {
                    "question": questions[code].text,
                    "length": format_number(len(text)),
                    "limit": format_number(MAX_ANSWER_LENGTH),
                }
            )
        else:
            free_text[f"answer.{code}"] = (questions[code].text, text)
    try:
        privacy.check_free_text(free_text)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key.removesuffix(".reason"), []).extend(messages)
    if errors:
        raise ValidationError(errors)

    bump_version(report, version)
    current = stored_entries(report)
    before = {e.label: _display(e) for e in current.values()}
    merged = {**current, **parsed}
    history = history_for_outliers(
        [report.participation_id],
        list(catalogue.indicators),
        report.period.start,
        report.period.kind,
    )
    _complete_entries(report, merged, catalogue, history)
    report.values.all().delete()
    ReportValue.objects.bulk_create(_value_rows(report, merged, source, source_note))
    answer_before, answer_after = {}, {}
    for code, text in (answers or {}).items():
        answer, _created = NarrativeAnswer.objects.get_or_create(
            report=report, question=questions[code]
        )
        if answer.text != text:
            answer_before[questions[code].text] = answer.text
            answer_after[questions[code].text] = text
            answer.text = text
            answer.save(update_fields=["text", "updated_at"])
    after = {e.label: _display(e) for e in merged.values() if not e.is_empty}
    report.save(update_fields=["updated_at"])
    record(
        user=user,
        action=Action.UPDATE,
        target=report,
        scope=report.participation,
        before={**before, **answer_before},
        after={**after, **answer_after},
    )
    return warnings_for(report, merged)


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


# Workflow --------------------------------------------------------------------------


def _transition(
    *, user, report: Report, to: str, action: str, comment: str = "", version: int | None = None
) -> Report:
    """Under the report's lock: the stale-version check, the new status, its event and audit."""
    old = report.status
    bump_version(report, version)
    report.status = to
    report.save()
    ReportEvent.objects.create(
        report=report, user=user, from_status=old, to_status=to, action=action, comment=comment
    )
    record(
        user=user,
        action=Action.TRANSITION,
        target=report,
        scope=report.participation,
        before={_("Status"): str(ReportStatus(old).label)},
        after={_("Status"): str(ReportStatus(to).label)},
        comment=comment,
    )
    transaction.on_commit(lambda: notifications.status_changed(report_id=report.pk, action=action))
    return report


def _lock(report: Report) -> Report:
    return lock_report(report.pk)


@transaction.atomic
def report_submit(*, user, report: Report, version: int | None = None) -> Report:
    report = _lock(report)
    if not access.can_submit(user, report.participation):
        raise PermissionDenied
    if report.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("Rapporten kan ikke sendes inn fra status «%(status)s».")
            % {"status": report.get_status_display()}
        )
    problems = submission_problems(report)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    to = (
        ReportStatus.RESUBMITTED
        if report.status == ReportStatus.RETURNED
        else ReportStatus.SUBMITTED
    )
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    return _transition(user=user, report=report, to=to, action="submit", version=version)


@transaction.atomic
def report_return(*, user, report: Report, comment: str, version: int | None = None) -> Report:
    report = _lock(report)
    if not access.can_review(user, report.participation):
        raise PermissionDenied
    if report.status not in IN_REVIEW_STATUSES:
        raise ValidationError(
            _("Bare innsendte rapporter kan returneres; denne har status «%(status)s».")
            % {"status": report.get_status_display()}
        )
    if not comment.strip():
        raise ValidationError(
            {"comment": _("Skriv en kommentar som forteller kommunen hva som må rettes.")}
        )
    privacy.check_free_text({"comment": (_("Kommentar til kommunen"), comment)})
    report.review_comment = comment.strip()
    return _transition(
        user=user,
        report=report,
        to=ReportStatus.RETURNED,
        action="return",
        comment=comment.strip(),
        version=version,
    )


@transaction.atomic
def report_approve(
    *, user, report: Report, comment: str = "", version: int | None = None
) -> Report:
    report = _lock(report)
    if not access.can_review(user, report.participation):
        raise PermissionDenied
    if report.status not in IN_REVIEW_STATUSES:
        raise ValidationError(
            _("Bare innsendte rapporter kan godkjennes; denne har status «%(status)s».")
            % {"status": report.get_status_display()}
        )
    privacy.check_free_text({"comment": (_("Kommentar"), comment)})
    report.approved_at, report.approved_by = timezone.now(), user
    return _transition(
        user=user,
        report=report,
        to=ReportStatus.APPROVED,
        action="approve",
        comment=comment.strip(),
        version=version,
    )


@transaction.atomic
def report_reopen(*, user, report: Report, reason: str, version: int | None = None) -> Report:
    report = _lock(report)
    if not access.can_review(user, report.participation):
        raise PermissionDenied
    if report.status != ReportStatus.APPROVED:
        raise ValidationError(_("Bare godkjente rapporter kan gjenåpnes."))
    if not reason.strip():
        raise ValidationError(
            {
                "reason": _(
                    "Skriv hvorfor den godkjente rapporten gjenåpnes; begrunnelsen lagres i historikken."
                )
            }
        )
    privacy.check_free_text({"reason": (_("Begrunnelse for gjenåpning"), reason)})
    report.approved_at, report.approved_by = None, None
    report.review_comment = reason.strip()
    return _transition(
        user=user,
        report=report,
        to=ReportStatus.RETURNED,
        action="reopen",
        comment=reason.strip(),
        version=version,
    )
