"""The Excel workbook per report: written pre-filled, read back through report_save."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from boligsosial.core.formatting import format_number
from boligsosial.core.uploads import check_size, check_zip_archive
from boligsosial.reporting.models import (
    Report,
    Unit,
)
from boligsosial.reporting.selectors.entries import (
    Catalogue,
    ValueInput,
    stored_entries,
)
from boligsosial.reporting.services.values import report_save
from boligsosial.reporting.transfer.common import (
    MAX_EXCEL_COLUMNS,
    MAX_EXCEL_ROWS,
    ImportRefused,
    RowError,
    _sheet_row,
    refused,
    unescape_text,
)
from boligsosial.reporting.validation import Entry

EXCEL_HEADER = [
    "indikator",
    "disaggregering",
    "navn",
    "enhet",
    "forrige_periode",
    "verdi",
    "ikke_tilgjengelig",
    "kommentar",
]


def previous_report(report: Report) -> Report | None:
    return (
        Report.objects.filter(
            participation=report.participation,
            period__kind=report.period.kind,
            period__start__lt=report.period.start,
        )
        .order_by("-period__start")
        .first()
    )


def _value_row(indicator, option, entry: Entry | None, old: Entry | None) -> list:
    reported = entry is not None and not entry.not_available
    return _sheet_row(
        [
            indicator.code,
            option.code if option else "",
            indicator.name + (f" – {option}" if option else ""),
            indicator.get_unit_display(),
            _entry_cell(old),
            _entry_cell(entry) if reported else "",
            entry.reason if entry and entry.not_available else "",
            entry.comment if entry else "",
        ]
    )


def _values_sheet(sheet, catalogue: Catalogue, current: dict, before: dict) -> None:
    """One row per value the template asks for (derived rates are computed, not asked)."""
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet.title = "Verdier"
    sheet.append(EXCEL_HEADER)
    for c in sheet[1]:
        c.font = Font(bold=True)
    for indicator in catalogue.indicators.values():
        if indicator.is_derived:
            continue
        for option in [None, *catalogue.options[indicator.code].values()]:
            key = indicator.code if option is None else f"{indicator.code}.{option.code}"
            sheet.append(_value_row(indicator, option, current.get(key), before.get(key)))
    yes_no = DataValidation(type="list", formula1='"ja,nei"', allow_blank=True)
    sheet.add_data_validation(yes_no)
    for row in sheet.iter_rows(min_row=2):
        if row[0].value and catalogue.indicators[row[0].value].unit == Unit.YES_NO:
            yes_no.add(row[5])
    for letter, width in zip("ABCDEFGH", (28, 18, 60, 12, 16, 14, 30, 40), strict=True):
        sheet.column_dimensions[letter].width = width


def report_workbook(report: Report) -> bytes:
    from openpyxl import Workbook

    previous = previous_report(report)
    workbook = Workbook()
    _values_sheet(
        workbook.active,
        Catalogue(report.template),
        stored_entries(report),
        stored_entries(previous) if previous else {},
    )
    text = workbook.create_sheet("Tekst")
    text.append(["sporsmal", "tekst", "svar"])
    answers = {a.question_id: a.text for a in report.answers.all()}
    for question in report.template.questions.all():
        text.append(_sheet_row([question.code, question.text, answers.get(question.pk, "")]))
    about = workbook.create_sheet("Om")
    for pair in (
        ("rapport_id", report.pk),
        ("kommunenummer", report.participation.municipality.code),
        ("kommune", report.participation.municipality.name),
        ("periode", report.period.code),
        ("versjon", report.version),
        ("forrige_periode", previous.period.code if previous else ""),
    ):
        about.append(_sheet_row(pair))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _entry_cell(entry: Entry | None):
    if entry is None:
        return ""
    if entry.not_available:
        return "ikke tilgjengelig"
    if entry.date_value:
        return entry.date_value.strftime("%d.%m.%Y")
    if entry.value is None:
        return ""
    if entry.indicator.unit == Unit.YES_NO:
        return "ja" if entry.value else "nei"
    return (
        int(entry.value) if entry.value == entry.value.to_integral_value() else float(entry.value)
    )


def _open_workbook(data: bytes):
    """The workbook, read only — after its size and its zip archive are checked (a small
    .xlsx can expand to gigabytes)."""
    from openpyxl import load_workbook

    what = _("Excel-filen")
    try:
        check_size(data, what=what)
        check_zip_archive(data, what=what)
    except ValidationError as exc:
        raise refused(exc.messages[0]) from exc
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a non-Excel file
        raise refused(_("Filen kan ikke leses som en Excel-fil (.xlsx).")) from exc


def _sheet_rows(workbook, name: str, *, limit: int | None = None) -> list[tuple]:
    limit = MAX_EXCEL_ROWS if limit is None else limit
    rows = list(
        itertools.islice(
            workbook[name].iter_rows(values_only=True, max_col=MAX_EXCEL_COLUMNS), limit + 1
        )
    )
    if len(rows) > limit:
        raise refused(
            _("Arket «%(sheet)s» har mer enn %(limit)s rader. Bruk Excel-filen fra rapporten.")
            % {"sheet": name, "limit": format_number(limit)},
            line=limit + 1,
        )
    return rows


def _check_workbook_belongs_to(workbook, report: Report) -> None:
    if "Verdier" not in workbook.sheetnames:
        raise refused(_("Arket «Verdier» mangler. Bruk Excel-filen som lastes ned fra rapporten."))
    about = (
        {str(r[0]): r[1] for r in _sheet_rows(workbook, "Om", limit=50) if r and r[0]}
        if "Om" in workbook.sheetnames
        else {}
    )
    if about.get("rapport_id") not in (None, report.pk):
        raise refused(
            _("Filen hører til en annen rapport (%(other)s).")
            % {"other": about.get("kommune", about.get("rapport_id"))}
        )


def _excel_text(value) -> str:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else unescape_text(str(value).strip())


def _excel_input(cell) -> ValueInput:
    """One row of the Verdier sheet as a ValueInput (a decimal point read as a comma)."""
    raw, reason = cell("verdi"), cell("ikke_tilgjengelig")
    item = ValueInput(
        indicator_code=cell("indikator"),
        option_code=cell("disaggregering") or None,
        raw=raw.replace(".", ",") if re.fullmatch(r"-?\d+\.\d+", raw) else raw,
        not_available=bool(reason) or raw.lower() == "ikke tilgjengelig",
        reason=reason,
        comment=cell("kommentar"),
    )
    if item.raw.lower() == "ikke tilgjengelig":
        item.raw = ""
    return item


def _read_values(workbook) -> tuple[list[ValueInput], dict[str, int]]:
    """The values of the Verdier sheet, and the line each came from (by value key)."""
    rows = _sheet_rows(workbook, "Verdier")
    header = [str(h or "").strip().lower() for h in rows[0]] if rows else []
    if "indikator" not in header or "verdi" not in header:
        raise refused(
            _("Første rad må være overskriftene: %(cols)s.") % {"cols": ", ".join(EXCEL_HEADER)},
            column="indikator",
        )
    col = {name: header.index(name) for name in EXCEL_HEADER if name in header}
    inputs, lines = [], {}
    for line, row in enumerate(rows[1:], start=2):

        def cell(name, row=row):
            index = col.get(name)
            return _excel_text(row[index] if index is not None and index < len(row) else None)

        if not cell("indikator"):
            continue
        item = _excel_input(cell)
        inputs.append(item)
        lines[item.key] = line
    return inputs, lines


def _read_answers(workbook) -> dict[str, str]:
    answers = {}
    if "Tekst" in workbook.sheetnames:
        for row in _sheet_rows(workbook, "Tekst")[1:]:
            if row and row[0]:
                answers[str(row[0])] = (
                    "" if len(row) < 3 or row[2] is None else unescape_text(str(row[2]))
                )
    return answers


def _refusal_of(exc: ValidationError, lines: dict[str, int]) -> ImportRefused:
    """report_save's refusal (keyed by value) as rows of the workbook."""
    errors = []
    for key, messages in (
        exc.message_dict.items() if hasattr(exc, "error_dict") else [("-", exc.messages)]
    ):
        line = lines.get(key.removesuffix(".reason"), 1)
        for message in messages:
            errors.append(RowError(line, "verdi" if key in lines else key, message))
    return ImportRefused(sorted(errors, key=lambda e: e.line))


def import_report_workbook(
    *, user, report: Report, data: bytes, version: int | None
) -> dict[str, list[str]]:
    """Read a workbook from `report_workbook` and save it through report_save (same rules)."""
    workbook = _open_workbook(data)
    try:
        _check_workbook_belongs_to(workbook, report)
        inputs, lines = _read_values(workbook)
        answers = _read_answers(workbook)
    except ImportRefused:
        raise
    except Exception as exc:  # a damaged sheet fails only when its rows are read
        raise refused(_("Filen kan ikke leses som en Excel-fil (.xlsx).")) from exc
    finally:
        workbook.close()
    try:
        return report_save(
            user=user,
            report=report,
            version=version,
            values=inputs,
            answers=answers,
            source="import",
            source_note=_("Excel-fil"),
        )
    except ValidationError as exc:
        raise _refusal_of(exc, lines) from exc
