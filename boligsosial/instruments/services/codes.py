"""The kommunenummer of an imported value against the registry's code history (KLASS 131).

SSB keeps ended codes in its tables (1106 and 01222 list «1901 Harstad (-2012)» for
2014–2016, with «.» in one and zeros in the other), and series on today's borders give a
value for an earlier year under today's code. A value is stored under the code that was in
force in its year: its own code when it was; the code the same municipality had then when
the registry shows only a new number (renamed or renumbered, not merged or split); otherwise
it is left out and named. Codes the registry does not know, and years before it begins, are
kept as the file gives them: there is nothing to check them against.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from boligsosial.instruments import jsonstat
from boligsosial.municipalities.selectors import CodeHistory, load_code_history


def place_codes(table: jsonstat.Table) -> jsonstat.Table:
    """Store each cell under the code in force in its year, or leave it out (named)."""
    history = load_code_history()
    present = {(c.code, c.year, c.contents_code) for c in table.cells}
    places: dict[tuple[str, int], str | None] = {}  # one look-up per code and year
    kept: list[jsonstat.Cell] = []
    left_out: dict[str, set[int]] = {}
    moved: dict[tuple[str, str], set[int]] = {}
    for cell in table.cells:
        key = (cell.code, cell.year)
        if key not in places:
            places[key] = _place(history, cell.code, cell.year)
        code = places[key]
        if code is None or (code != cell.code and (code, cell.year, cell.contents_code) in present):
            left_out.setdefault(cell.code, set()).add(cell.year)  # the file has code's own value
        elif code != cell.code:
            moved.setdefault((cell.code, code), set()).add(cell.year)
            kept.append(dataclasses.replace(cell, code=code))
        else:
            kept.append(cell)
    table.cells = kept
    table.not_in_force = {code: sorted(years) for code, years in left_out.items()}
    table.renumbered = {pair: sorted(years) for pair, years in moved.items()}
    return table


def _place(history: CodeHistory, code: str, year: int) -> str | None:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    start = history.earliest()
    if start is None or last < start or not history.knows(code):
        return code
    if history.valid_at(code, first) or history.valid_at(code, last):
        return code
    return _same_territory(history, code, first)


def _same_territory(history: CodeHistory, code: str, at: dt.date, depth: int = 0) -> str | None:
    """The code in force at `at` for exactly the territory `code` had: followed only through
    changes that give one municipality a new number (one old code, one new code, neither
    absorbing another); a merger or a split on the way gives None."""
    spans = history.spans.get(code) or []
    if history.valid_at(code, at):
        return code
    if not spans or depth > 20:
        return None
    began, ended = spans[0][0], spans[-1][1]
    if at < began:
        olds = _renumbered(history.backward[code], history.forward, code, began)
        absorbed = any(on > began for on, _old in history.backward[code] if on > at)
        return None if absorbed or olds is None else _same_territory(history, olds, at, depth + 1)
    if ended is not None and at >= ended:
        new = _renumbered(history.forward[code], history.backward, code, ended)
        new_spans = history.spans.get(new or "") or []
        if new is None or not new_spans or new_spans[0][0] != ended:
            return None  # a merger into a code that already existed, or a split
        return _same_territory(history, new, at, depth + 1)
    return None


def _renumbered(
    edges: list[tuple[dt.date, str]],
    reverse: dict[str, list[tuple[dt.date, str]]],
    code: str,
    on: dt.date,
) -> str | None:
    """The one code on the other side of `code`'s change on `on`, if that change touched only
    the two of them."""
    others = [other for when, other in edges if when == on]
    if len(others) != 1:
        return None
    back = [c for when, c in reverse[others[0]] if when == on]
    return others[0] if back == [code] else None
