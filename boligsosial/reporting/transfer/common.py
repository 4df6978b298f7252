"""Columns, bounds and refusals shared by every import and export format."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from boligsosial.core.spreadsheet import FORMULA_TRIGGERS, safe_row
from boligsosial.reporting.models import (
    ReportingPeriod,
)

COLUMNS = [
    "kommunenummer",
    "periode",
    "indikator",
    "disaggregering",
    "verdi",
    "kommentar",
    "ikke_tilgjengelig",
]
REQUIRED_COLUMNS = COLUMNS[:5]
# Bounds on what an import may cost before it is refused (a national file has ~300 000 rows).
MAX_CSV_ROWS = 2_000_000
MAX_EXCEL_ROWS = 5_000
MAX_EXCEL_COLUMNS = 30


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Linje %(line)s, kolonne «%(column)s»: %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


class ImportRefused(Exception):
    """Nothing was stored; `errors` lists every bad row."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(
            _("Filen er ikke importert: %(n)s rader har feil. Ingenting er lagret.")
            % {"n": len({e.line for e in errors})}
        )


@dataclass
class ImportResult:
    values: int = 0
    reports_created: int = 0
    reports_updated: int = 0
    warnings: list[str] = field(default_factory=list)


def period_code_to_key(text: str) -> tuple[str, int, int | None] | None:
    """'2010S1', '2010H1', '2010-1', '2010 1. halvår' → ('half_year', 2010, 1); '2010' → ('year', 2010, None)."""
    text = (text or "").strip().upper()
    if re.fullmatch(r"\d{4}", text):
        return ("year", int(text), None)
    match = re.fullmatch(r"(\d{4})\s*[-\s]?(?:S|H)?\s*([12])(?:\.\s*HALVÅR)?", text)
    if match:
        return ("half_year", int(match.group(1)), int(match.group(2)))
    return None


def unescape_text(text: str) -> str:
    """A text as it was before an export made it inert (`'=…` → `=…`): a round trip keeps it."""
    if text[:1] == "'" and text[1:2] and text[1:2] in FORMULA_TRIGGERS:
        return text[1:]
    return text


def _sheet_row(values) -> list:
    """A worksheet row: formula-like text made inert, and the control characters a
    worksheet cannot hold (a pasted comment may have them) left out."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return [
        ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
        for value in safe_row(values)
    ]


def _period_key(period: ReportingPeriod) -> tuple[str, int, int | None]:
    return (
        period.kind,
        period.start.year,
        None if period.kind == "year" else (1 if period.start.month <= 6 else 2),
    )


# Import -------------------------------------------------------------------------------


def refused(message: str, *, line: int = 1, column: str = "-") -> ImportRefused:
    return ImportRefused([RowError(line, column, message)])
