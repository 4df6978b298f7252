"""Writes of a report's values and answers: starting a report and saving it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from boligsosial.audit.models import Action
from boligsosial.audit.services import record
from boligsosial.core.concurrency import bump_version
from boligsosial.core.formatting import format_number
from boligsosial.reporting import access, privacy
from boligsosial.reporting.locking import lock_report
from boligsosial.reporting.models import (
    IN_REVIEW_STATUSES,
    NarrativeAnswer,
    Report,
    ReportEvent,
    ReportingPeriod,
    ReportStatus,
    ReportValue,
)
from boligsosial.reporting.selectors.entries import (
    MAX_ANSWER_LENGTH,
    Catalogue,
    ValueInput,
    complete_entries,
    display,
    history_for_outliers,
    stored_entries,
    warnings_for,
)
from boligsosial.reporting.validation import Entry

if TYPE_CHECKING:
    from boligsosial.accounts.models import User
    from boligsosial.programmes.models import Participation


@transaction.atomic
def report_start(*, user: User, participation: Participation, period: ReportingPeriod) -> Report:
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


def _check_editable(user: User, report: Report) -> None:
    # The status is read under the row lock: a submit or an import waits for this save.
    report.status = lock_report(report.pk).status
    if access.can_edit_report(user, report):
        return
    if report.is_locked:
        raise ValidationError(
            _("Rapporten er godkjent og låst. Den må gjenåpnes av Husbanken før den kan endres.")
        )
    if report.status in IN_REVIEW_STATUSES:
        raise ValidationError(
            _("Rapporten er sendt inn og kan ikke endres før Husbanken har returnert den.")
        )
    raise PermissionDenied


def _parse_values(
    catalogue: Catalogue,
    values: list[ValueInput],
    errors: dict[str, list[str]],
    free_text: dict[str, tuple[str, str]],
) -> dict[str, Entry]:
    """The inputs as entries; their problems go into `errors`, their texts into `free_text`."""
    parsed: dict[str, Entry] = {}
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
    return parsed


def _check_answers(
    questions: dict,
    answers: dict[str, str],
    errors: dict[str, list[str]],
    free_text: dict[str, tuple[str, str]],
) -> None:
    for code, text in answers.items():
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


def _save_answers(report: Report, questions: dict, answers: dict[str, str]) -> tuple[dict, dict]:
    """Store changed answers; (before, after) of those that changed, for the audit log."""
    answer_before, answer_after = {}, {}
    for code, text in answers.items():
        answer, _created = NarrativeAnswer.objects.get_or_create(
            report=report, question=questions[code]
        )
        if answer.text != text:
            answer_before[questions[code].text] = answer.text
            answer_after[questions[code].text] = text
            answer.text = text
            answer.save(update_fields=["text", "updated_at"])
    return answer_before, answer_after


@transaction.atomic
def report_save(
    *,
    user: User,
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
    _check_editable(user, report)
    answers = answers or {}
    catalogue = Catalogue(report.template)
    errors: dict[str, list[str]] = {}
    free_text: dict[str, tuple[str, str]] = {}
    parsed = _parse_values(catalogue, values, errors, free_text)
    questions = {q.code: q for q in report.template.questions.all()}
    _check_answers(questions, answers, errors, free_text)
    try:
        privacy.check_free_text(free_text)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key.removesuffix(".reason"), []).extend(messages)
    if errors:
        raise ValidationError(errors)

    bump_version(report, version)
    current = stored_entries(report)
    before = {e.label: display(e) for e in current.values()}
    merged = {**current, **parsed}
    history = history_for_outliers(
        [report.participation_id],
        list(catalogue.indicators),
        report.period.start,
        report.period.kind,
    )
    complete_entries(report, merged, catalogue, history)
    report.values.all().delete()
    ReportValue.objects.bulk_create(_value_rows(report, merged, source, source_note))
    answer_before, answer_after = _save_answers(report, questions, answers)
    after = {e.label: display(e) for e in merged.values() if not e.is_empty}
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
