"""The programme table as the API's JSON text, written directly (issue 14).

django-ninja would validate the response against `ReportingTableOut` cell by cell (7 000
cells at national scale cost more than the query). The text here is exactly what that
schema and ninja's encoder give — keys in the schema's order, a value as its decimal
string or null, `json.dumps`'s separators and ASCII escapes — and each distinct cell of a
column is written once. `reporting/tests/test_api_table.py` holds the text to the schema.
"""

from __future__ import annotations

import json

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


def table_json(table: ProgrammeTable) -> str:
    """{"indicator": code, "rows": [{"municipality_code", "municipality_name", "cells":
    [{"period", "value", "not_available", "suppressed"}]}]} as text. A row's cells are written
    once for its content (`RowParts.json`, kept with the row), each distinct cell once."""
    periods = [f'{{"period": {json.dumps(code)}, ' for code, _label in table.columns]
    tails: dict[int, str] = {}  # id(cell) → its tail (rows share their cells)
    rows = []
    for row in table.rows:
        parts = row.parts
        if parts.json is None:
            for cell in row.cells:
                if id(cell) not in tails:
                    tails[id(cell)] = _cell_tail(cell)
            parts.json = ", ".join(
                [period + tails[id(cell)] for period, cell in zip(periods, row.cells, strict=True)]
            )
        rows.append(
            f'{{"municipality_code": {json.dumps(row.municipality_code)}, '
            f'"municipality_name": {json.dumps(row.municipality_name)}, '
            f'"cells": [{parts.json}]}}'
        )
    return f'{{"indicator": {json.dumps(table.indicator.code)}, "rows": [{", ".join(rows)}]}}'
