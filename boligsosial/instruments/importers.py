"""Parsing instrument figures from CSV or Excel. Every bad row is listed; nothing is saved
unless the whole file is good (the service saves in one transaction).

Columns (header row, Norwegian names, any order; case and spaces ignored):

    kommunenummer  år  måned (valgfri)  virkemiddel  beløp  antall  kilde (valgfri)

`virkemiddel` is a code (start_loan …) or the Norwegian name (Startlån …). `beløp` and
`antall` may be empty (missing) but not both. Numbers may be written 1 234 567 or 1234567,5.

Bounds (issue 11): at most 20 MB, 300 000 rows, 30 columns and 500 characters a cell; an
.xlsx is checked as a zip archive (declared sizes, compression ratio) before openpyxl
opens it; amounts and counts within `bounds.MAX_AMOUNT`/`MAX_COUNT`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from boligsosial.core.formatting import parse_norwegian_number
from boligsosial.core.uploads import check_size, check_zip_archive
from boligsosial.instruments.bounds import (
    FIGURE_MAX_YEAR,
    FIGURE_MIN_YEAR,
    MAX_AMOUNT,
    MAX_COUNT,
    number_problem,
)
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
REQUIRED_LABELS = {"code": "kommunenummer", "year": "år", "instrument": "virkemiddel"}

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 300_000
MAX_COLUMNS = 30
MAX_CELL_CHARS = 500


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
    try:
        check_size(content, what=_("Filen «%(name)s»") % {"name": file_name}, limit=MAX_FILE_BYTES)
    except ValidationError as error:
        raise ImportRefused(error.messages) from error
    name = file_name.lower()
    if name.endswith(".xlsx"):
        rows = _read_xlsx(file_name, content)
    elif name.endswith(".csv") or name.endswith(".txt"):
        rows = _read_csv(file_name, content)
    else:
        raise ImportRefused([_("Filen «%(name)s» må være .csv eller .xlsx.") % {"name": file_name}])
    _check_cells(rows)
    return rows


def _too_many_rows() -> ImportRefused:
    return ImportRefused(
        [_("Filen har flere enn %(max)s rader; del den opp i flere filer.") % {"max": MAX_ROWS}]
    )


def _read_xlsx(file_name: str, content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        check_zip_archive(content, what=_("Excel-filen «%(name)s»") % {"name": file_name})
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows: list[list[str]] = []
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            if len(rows) > MAX_ROWS:
                raise _too_many_rows()
            cells = ["" if c is None else _cell_text(c) for c in row]
            while cells and cells[-1] == "":
                cells.pop()  # read-only sheets pad rows to `max_col`
            rows.append(cells)
        workbook.close()
    except ImportRefused:
        raise
    except ValidationError as error:
        raise ImportRefused(error.messages) from error
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ImportRefused(
            [
                _("Excel-filen «%(name)s» kan ikke leses: %(error)s.")
                % {"name": file_name, "error": str(exc)[:200]}
            ]
        ) from exc
    return rows


def _read_csv(file_name: str, content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(
            [
                _("CSV-filen «%(name)s» er ikke UTF-8. Lagre den som «CSV UTF-8» og prøv igjen.")
                % {"name": file_name}
            ]
        ) from None
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if len(rows) > MAX_ROWS:
                raise _too_many_rows()
            rows.append(row)
    except csv.Error as exc:
        raise ImportRefused(
            [
                _(
                    "Rad %(row)s: CSV-filen «%(name)s» kan ikke leses her (en celle er lengre "
                    "enn %(max)s tegn, eller et anførselstegn er ikke lukket)."
                )
                % {"name": file_name, "row": len(rows) + 1, "max": MAX_CELL_CHARS}
            ]
        ) from exc
    return rows


def _check_cells(rows: list[list[str]]) -> None:
    for number, row in enumerate(rows, start=1):
        if len(row) > MAX_COLUMNS:
            raise ImportRefused(
                [
                    _("Rad %(row)s har %(n)s kolonner; høyst %(max)s er tillatt.")
                    % {"row": number, "n": len(row), "max": MAX_COLUMNS}
                ]
            )
        for column, cell in enumerate(row, start=1):
            if len(cell) > MAX_CELL_CHARS:
                raise ImportRefused(
                    [
                        _(
                            "Rad %(row)s, kolonne %(column)s: cellen har %(n)s tegn; "
                            "høyst %(max)s er tillatt."
                        )
                        % {"row": number, "column": column, "n": len(cell), "max": MAX_CELL_CHARS}
                    ]
                )


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_figures(file_name: str, content: bytes) -> list[FigureRow]:
    """Every row of the file as a FigureRow, or ImportRefused listing every problem."""
    table = [row for row in read_table(file_name, content) if any(str(c).strip() for c in row)]
    if not table:
        raise ImportRefused([_("Filen er tom.")])
    columns = _columns(table[0])
    parser = _RowParser(columns)
    for number, raw in enumerate(table[1:], start=2):
        parser.parse(number, raw)
    if parser.problems:
        raise ImportRefused(parser.problems)
    if not parser.rows:
        raise ImportRefused([_("Filen har ingen rader med tall under overskriftsraden.")])
    return parser.rows


def _columns(first_row: list[str]) -> dict[str, int]:
    """{field: column index} from the header row; ImportRefused naming every bad column."""
    header = [str(c).strip().lower() for c in first_row]
    columns: dict[str, int] = {}
    problems = []
    for index, name in enumerate(header):
        key = COLUMNS.get(name)
        if key is None:
            problems.append(
                _(
                    "Rad 1, kolonne «%(name)s»: ukjent kolonne. Bruk kommunenummer, år, måned, "
                    "virkemiddel, beløp, antall og kilde."
                )
                % {"name": first_row[index]}
            )
        elif key in columns:
            problems.append(
                _("Rad 1, kolonne «%(name)s»: kolonnen finnes to ganger.")
                % {"name": first_row[index]}
            )
        else:
            columns[key] = index
    for key in REQUIRED:
        if key not in columns:
            problems.append(
                _("Rad 1: kolonnen «%(name)s» mangler.") % {"name": REQUIRED_LABELS[key]}
            )
    if "amount" not in columns and "count" not in columns:
        problems.append(_("Rad 1: filen må ha kolonnen «beløp» eller «antall» (eller begge)."))
    if problems:
        raise ImportRefused(problems)
    return columns


class _RowParser:
    """Checks one data row at a time, collecting rows and every problem with its place."""

    def __init__(self, columns: dict[str, int]):
        self.columns = columns
        self.known = _known_codes()
        self.instruments = _instrument_lookup()
        self.rows: list[FigureRow] = []
        self.problems: list[str] = []
        self.seen: dict[tuple, int] = {}

    def parse(self, number: int, raw: list[str]) -> None:
        cells = {
            key: (str(raw[i]).strip() if i < len(raw) else "") for key, i in self.columns.items()
        }
        problems: list[str] = []
        code = self._code(number, cells["code"], problems)
        year = self._year(number, cells["year"], problems)
        month = self._month(number, cells.get("month", ""), problems)
        instrument = self.instruments.get(cells["instrument"].lower())
        if instrument is None:
            problems.append(
                _("Rad %(row)s, kolonne «virkemiddel»: «%(value)s» er ikke et kjent virkemiddel.")
                % {"row": number, "value": cells["instrument"]}
            )
        before = len(problems)
        amount = _number(cells.get("amount", ""), number, "beløp", problems, MAX_AMOUNT)
        count = _number(cells.get("count", ""), number, "antall", problems, MAX_COUNT, True)
        if amount is None and count is None and len(problems) == before:
            problems.append(
                _("Rad %(row)s: både beløp og antall mangler; fyll ut minst ett av dem.")
                % {"row": number}
            )
        if not problems:
            self._check_duplicate(number, (instrument, code, year, month), problems)
        if problems:
            self.problems.extend(problems)
            return
        self.rows.append(
            FigureRow(
                number,
                instrument,  # type: ignore[arg-type]
                code,
                year,  # type: ignore[arg-type]
                month,
                amount,
                int(count) if count is not None else None,
                cells.get("source_note", ""),
            )
        )

    def _code(self, number: int, raw: str, problems: list[str]) -> str:
        code = "0" + raw if len(raw) == 3 and raw.isdigit() else raw  # Excel drops the 0 of 0602
        if not (len(code) == 4 and code.isdigit()):
            problems.append(
                _("Rad %(row)s, kolonne «kommunenummer»: «%(value)s» er ikke fire siffer.")
                % {"row": number, "value": raw}
            )
        elif code not in self.known:
            problems.append(
                _(
                    "Rad %(row)s, kolonne «kommunenummer»: %(value)s finnes ikke i "
                    "kommuneregisteret."
                )
                % {"row": number, "value": code}
            )
        return code

    def _year(self, number: int, raw: str, problems: list[str]) -> int | None:
        year = _int(raw)
        if year is None or not FIGURE_MIN_YEAR <= year <= FIGURE_MAX_YEAR:
            problems.append(
                _("Rad %(row)s, kolonne «år»: «%(value)s» er ikke et årstall.")
                % {"row": number, "value": raw}
            )
        return year

    def _month(self, number: int, raw: str, problems: list[str]) -> int | None:
        if not raw:
            return None
        month = _int(raw)
        if month is None or not 1 <= month <= 12:
            problems.append(
                _("Rad %(row)s, kolonne «måned»: «%(value)s» må være et tall fra 1 til 12.")
                % {"row": number, "value": raw}
            )
        return month

    def _check_duplicate(self, number: int, key: tuple, problems: list[str]) -> None:
        if key in self.seen:
            problems.append(
                _("Rad %(row)s: samme virkemiddel, kommune og periode som rad %(other)s.")
                % {"row": number, "other": self.seen[key]}
            )
        self.seen[key] = number


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
    if not value.is_finite() or abs(value) > 10**6:
        return None
    return int(value) if value == value.to_integral_value() else None


def _number(
    text: str,
    row: int,
    column: str,
    problems: list[str],
    maximum: Decimal | int,
    integer: bool = False,
) -> Decimal | None:
    if text in ("", "–", "-", "."):
        return None
    try:
        value = parse_norwegian_number(text)
    except ValueError:
        value = None
    problem = (
        _("«%(value)s» er ikke et tall.") % {"value": text}
        if value is None
        else number_problem(value, maximum=maximum, integer=integer)
    )
    if problem:
        problems.append(
            _("Rad %(row)s, kolonne «%(column)s»: %(problem)s")
            % {"row": row, "column": column, "problem": problem}
        )
        return None
    return value
