"""The programme table as the API's JSON text, written directly (issue 14).

django-ninja would validate the response against `ReportingTableOut` cell by cell (7 000
cells at national scale cost more than the query). The text here is exactly what that
schema and ninja's encoder give — keys in the schema's order, a value as its decimal
string or null, `json.dumps`'s separators and ASCII escapes — and each distinct cell of a
column is written once. `reporting/tests/test_api_table.py` holds the text to the schema.
"""

from __future__ import annotations

import json
from functools import lru_cache
from operator import add, attrgetter

from boligsosial.reporting.selectors.table import Cell, ProgrammeTable


def _cell_tail(cell: Cell) -> str:
    """A cell's JSON after its period: `"value": …, "not_available": …, "suppressed": …}`."""
    # A Decimal's text is digits, a point, a sign and an exponent: nothing JSON escapes.
    value = "null" if cell.suppressed or cell.value is None else f'"{cell.value}"'
    return (
        f'"value": {value}, '
        f'"not_available": {"true" if cell.not_available else "false"}, '
        f'"suppressed": {"true" if cell.suppressed else "false"}}}'
    )


@lru_cache(maxsize=4096)
def _row_head(code: str, name: str) -> str:
    """A row's JSON up to its cells (the same municipalities in every table)."""
    return (
        f'{{"municipality_code": {json.dumps(code)}, '
        f'"municipality_name": {json.dumps(name)}, "cells": ['
    )


_written_tail = attrgetter("json_tail")


def _tail(cell: Cell) -> str:
    """The cell's tail, written once (kept with the cell, which rows and tables share)."""
    if cell.json_tail is None:
        cell.json_tail = _cell_tail(cell)
    return cell.json_tail


def table_json(table: ProgrammeTable) -> str:
    """{"indicator": code, "rows": [{"municipality_code", "municipality_name", "cells":
    [{"period", "value", "not_available", "suppressed"}]}]} as text. A row's cells are written
    once for its content (`RowParts.json`, kept with the row), each distinct cell once
    (`Cell.json_tail`)."""
    periods = [f'{{"period": {json.dumps(code)}, ' for code, _label in table.columns]
    rows = []
    for row in table.rows:
        parts = row.parts
        if parts.json is None:
            tails = list(map(_written_tail, row.cells))
            if None in tails:  # a cell not written before
                tails = list(map(_tail, row.cells))
            parts.json = ", ".join(map(add, periods, tails))
        rows.append(f"{_row_head(row.municipality_code, row.municipality_name)}{parts.json}]}}")
    return f'{{"indicator": {json.dumps(table.indicator.code)}, "rows": [{", ".join(rows)}]}}'
