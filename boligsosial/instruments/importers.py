"""Parsing instrument figures from CSV or Excel. Every bad row is listed; nothing is saved
unless the whole file is good (the service saves in one transaction).

Columns (header row, Norwegian names, any order; case and spaces ignored):

    kommunenummer  år  måned (valgfri)  virkemiddel  beløp  antall  kilde (valgfri)

`virkemiddel` is a code (start_loan …) or the Norwegian name (Startlån …). `beløp` and
`antall` may be empty (missing) but not both. Numbers may be written 1 234 567 or 1234567,5.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from boligsosial.core.formatting import parse_norwegian_number
from boligsosial.instruments.models import Instrument

COLUMNS = {
    "kommunenummer": "code",
    "kommunenr": "code",
    "kommune": "code",
    "år": "year",
    "aar": "year",
    "måned": "month",
    "maaned": "month",
    "virkemiddel": "instrument",
    "beløp": "amount",
    "belop": "amount",
    "beløp (kr)": "amount",
    "antall": "count",
    "kilde": "source_note",
}
REQUIRED = ("code", "year", "instrument")


class ImportRefused(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class FigureRow:
    row: int
    instrument: str
    code: str
    year: int
    month: int | None
    amount: Decimal | None
    count: int | None
    source_note: str


def _instrument_lookup() -> dict[str, str]:
    lookup = {}
    for value, label in Instrument.choices:
        lookup[value.lower()] = value
        lookup[str(label).lower()] = value
    return lookup


def read_table(file_name: str, content: bytes) -> list[list[str]]:
    """Rows of cell texts from .csv (semicolon or comma, UTF-8) or .xlsx."""
    name = file_name.lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:
            raise ImportRefused(
                [
                    _("Excel-filen «%(name)s» kan ikke leses: %(error)s.")
                    % {"name": file_name, "error": exc}
                ]
            ) from exc
        sheet = workbook.worksheets[0]
        return [
            ["" if c is None else _cell_text(c) for c in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    if name.endswith(".csv") or name.endswith(".txt"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportRefused(
                [
                    _(
                        "CSV-filen «%(name)s» er ikke UTF-8. Lagre den som «CSV UTF-8» og prøv igjen."
                    )
                    % {"name": file_name}
                ]
            ) from None
        first = text.splitlines()[0] if text else ""
        delimiter = ";" if first.count(";") >= first.count(",") else ","
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    raise ImportRefused([_("Filen «%(name)s» må være .csv eller .xlsx.") % {"name": file_name}])


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_figures(file_name: str, content: bytes) -> list[FigureRow]:
    table = [row for row in read_table(file_name, content) if any(str(c).strip() for c in row)]
    if not table:
        raise ImportRefused([_("Filen er tom.")])
    header = [str(c).strip().lower() for c in table[0]]
    columns = {}
    problems = []
    for index, name in enumerate(header):
        key = COLUMNS.get(name)
        if key is None:
            problems.append(
                _(
                    "Rad 1, kolonne «%(name)s»: ukjent kolonne. Bruk kommunenummer, år, måned, virkemiddel, "
                    "beløp, antall og kilde."
                )
                % {"name": table[0][index]}
            )
        elif key in columns:
            problems.append(
                _("Rad 1, kolonne «%(name)s»: kolonnen finnes to ganger.")
                % {"name": table[0][index]}
            )
        else:
            columns[key] = index
    for key in REQUIRED:
        if key not in columns:
            label = {"code": "kommunenummer", "year": "år", "instrument": "virkemiddel"}[key]
            problems.append(_("Rad 1: kolonnen «%(name)s» mangler.") % {"name": label})
    if "amount" not in columns and "count" not in columns:
        problems.append(_("Rad 1: filen må ha kolonnen «beløp» eller «antall» (eller begge)."))
    if problems:
        raise ImportRefused(problems)

    known = _known_codes()
    instruments = _instrument_lookup()
    rows: list[FigureRow] = []
    seen: dict[tuple, int] = {}
    for number, raw in enumerate(table[1:], start=2):
        cells = {key: (str(raw[i]).strip() if i < len(raw) else "") for key, i in columns.items()}
        row_problems = []
        code = cells["code"]
        if len(code) == 3 and code.isdigit():
            code = "0" + code  # Excel drops the leading zero of 0602
        if not (len(code) == 4 and code.isdigit()):
            row_problems.append(
                _("Rad %(row)s, kolonne «kommunenummer»: «%(value)s» er ikke fire siffer.")
                % {"row": number, "value": cells["code"]}
            )
        elif code not in known:
            row_problems.append(
                _(
                    "Rad %(row)s, kolonne «kommunenummer»: %(value)s finnes ikke i kommuneregisteret."
                )
                % {"row": number, "value": code}
            )
        year = _int(cells["year"])
        if year is None or not 1990 <= year <= 2100:
            row_problems.append(
                _("Rad %(row)s, kolonne «år»: «%(value)s» er ikke et årstall.")
                % {"row": number, "value": cells["year"]}
            )
        month = None
        if cells.get("month"):
            month = _int(cells["month"])
            if month is None or not 1 <= month <= 12:
                row_problems.append(
                    _("Rad %(row)s, kolonne «måned»: «%(value)s» må være et tall fra 1 til 12.")
                    % {"row": number, "value": cells["month"]}
                )
        instrument = instruments.get(cells["instrument"].lower())
        if instrument is None:
            row_problems.append(
                _("Rad %(row)s, kolonne «virkemiddel»: «%(value)s» er ikke et kjent virkemiddel.")
                % {"row": number, "value": cells["instrument"]}
            )
        amount = _number(cells.get("amount", ""), number, "beløp", row_problems)
        count = _number(cells.get("count", ""), number, "antall", row_problems)
        if count is not None and count != count.to_integral_value():
            row_problems.append(
                _("Rad %(row)s, kolonne «antall»: antall må være et helt tall.") % {"row": number}
            )
        if (
            amount is None
            and count is None
            and not any("beløp" in p or "antall" in p for p in row_problems)
        ):
            row_problems.append(
                _("Rad %(row)s: både beløp og antall mangler; fyll ut minst ett av dem.")
                % {"row": number}
            )
        if not row_problems:
            key = (instrument, code, year, month)
            if key in seen:
                row_problems.append(
                    _("Rad %(row)s: samme virkemiddel, kommune og periode som rad %(other)s.")
                    % {"row": number, "other": seen[key]}
                )
            seen[key] = number
        if row_problems:
            problems.extend(row_problems)
            continue
        rows.append(
            FigureRow(
                number,
                instrument,
                code,
                year,
                month,
                amount,
                int(count) if count is not None else None,
                cells.get("source_note", ""),
            )
        )
    if problems:
        raise ImportRefused(problems)
    if not rows:
        raise ImportRefused([_("Filen har ingen rader med tall under overskriftsraden.")])
    return rows


def _known_codes() -> set[str]:
    from boligsosial.municipalities.models import CodeChange, Municipality

    codes = set(Municipality.objects.values_list("code", flat=True))
    for old, new in CodeChange.objects.values_list("old_code", "new_code"):
        codes.update((old, new))
    return codes


def _int(text: str) -> int | None:
    try:
        value = parse_norwegian_number(text)
    except ValueError:
        return None
    return int(value) if value == value.to_integral_value() else None


def _number(text: str, row: int, column: str, problems: list[str]) -> Decimal | None:
    if text in ("", "–", "-", "."):
        return None
    try:
        value = parse_norwegian_number(text)
    except ValueError:
        problems.append(
            _("Rad %(row)s, kolonne «%(column)s»: «%(value)s» er ikke et tall.")
            % {"row": row, "column": column, "value": text}
        )
        return None
    if value < 0:
        problems.append(
            _("Rad %(row)s, kolonne «%(column)s»: tallet kan ikke være negativt.")
            % {"row": row, "column": column}
        )
        return None
    return value
