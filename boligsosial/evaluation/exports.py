"""Results as CSV and Excel: one row per question, answer option and municipality."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from boligsosial.core.spreadsheet import safe_cell, write_text_cell
from boligsosial.evaluation import selectors

OVERALL = "Alle kommuner"


def result_rows(evaluation) -> tuple[list[list], list[list]]:
    """Header + rows: questionnaire, section, question, municipality, answer, count, share, n."""
    rows: list[list] = [
        [
            _("Skjema"),
            _("Del"),
            _("Spørsmål"),
            _("Kommune"),
            _("Svar"),
            _("Antall"),
            _("Andel"),
            _("Antall svar på spørsmålet"),
        ]
    ]
    comments: list[list] = [
        [
            _("Skjema"),
            _("Spørsmål"),
            _("Kommune"),
            _("Rolle"),
            _("Svar"),
            _("Kommentar eller tekstsvar"),
        ]
    ]
    for question in selectors.question_shares(evaluation):
        base = [question["questionnaire"], question["section"], question["label"]]
        if question["options"]:
            for option in question["options"]:
                rows.append(
                    [
                        *base,
                        _(OVERALL),
                        option["label"],
                        option["count"],
                        round(option["share"], 4) if option["share"] is not None else None,
                        question["n"],
                    ]
                )
            for municipality in question["by_municipality"]:
                for option in municipality["options"]:
                    rows.append(
                        [
                            *base,
                            municipality["municipality"],
                            option["label"],
                            option["count"],
                            round(option["share"], 4) if option["share"] is not None else None,
                            municipality["n"],
                        ]
                    )
        elif question["numbers"]:
            numbers = question["numbers"]
            rows.append([*base, _(OVERALL), _("gjennomsnitt"), numbers["mean"], None, numbers["n"]])
        for item in question["comments"]:
            comments.append(
                [
                    question["questionnaire"],
                    question["label"],
                    item["municipality"],
                    item["role"],
                    item["value_label"],
                    item["text"],
                ]
            )
        for item in question["texts"]:
            comments.append(
                [
                    question["questionnaire"],
                    question["label"],
                    item["municipality"],
                    item["role"],
                    "",
                    item["text"],
                ]
            )
    return rows, comments


def append_row(sheet, values) -> None:
    """Append a row in which every text is a text cell (never a formula); numbers stay numbers."""
    values = list(values)
    sheet.append([None if isinstance(v, str) else v for v in values])
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            write_text_cell(sheet.cell(row=row, column=column), value)


def results_csv(evaluation) -> str:
    rows, comments = result_rows(evaluation)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")  # Norwegian Excel opens ;-separated files directly
    for row in rows:
        writer.writerow(
            [
                "" if v is None else (str(v).replace(".", ",") if isinstance(v, float) else v)
                for v in (safe_cell(v) for v in row)
            ]
        )
    writer.writerow([])
    for row in comments:
        writer.writerow([safe_cell(v) for v in row])
    return "\ufeff" + buffer.getvalue()


def results_xlsx(evaluation) -> bytes:
    rows, comments = result_rows(evaluation)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Resultater")
    for row in rows:
        append_row(sheet, row)
    for row in sheet.iter_rows(min_row=2, min_col=7, max_col=7):
        for cell in row:
            cell.number_format = "0.0%"
    comment_sheet = workbook.create_sheet(_("Kommentarer"))
    for row in comments:
        append_row(comment_sheet, row)
    for ws in (sheet, comment_sheet):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
