"""Export cells that are safe to open in a spreadsheet (OWASP's CSV-injection rule).

A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a
formula by Excel, LibreOffice and Google Sheets. Every such text from user data is written
with a leading apostrophe, which spreadsheets show as text. Numbers stay numbers.
"""

import decimal
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """The text with a leading `'` when a spreadsheet would take it for a formula."""
    if value and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_cell(value: Any) -> Any:
    """A value for a CSV field or an openpyxl cell: text made inert, numbers and dates kept."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, (int, float, decimal.Decimal)) or value is None:
        return value
    return value


def safe_row(values) -> list:
    return [safe_cell(v) for v in values]


def write_text_cell(cell, value: str) -> None:
    """Set an openpyxl cell to text that never becomes a formula (data type 's')."""
    cell.value = safe_text(value)
    cell.data_type = "s"
