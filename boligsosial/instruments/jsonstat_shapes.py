"""The shapes SSB's real answers come in, brought to what the JSON-stat 2.0 reader expects.

Each rule here was found by importing an answer saved from SSB (the files and their sources
are in `tests/data/SOURCES.md`):

- SSB's older API answers JSON-stat 1.0 (`{"dataset": {...}}` with `id`, `size` and `role`
  inside `dimension`); it is turned into 2.0. A 1.0 `unit` may lack `decimals`, which 2.0
  requires: it gets 0, the number of decimals SSB's 1.0 answers show for counts (1106.json).
- PxWebApi v2 links each dimension to its KLASS classification with a `describedby` link that
  has no `href`, only an `extension` (12134, KOSTRA). JSON-stat 2.0 requires `href` in a link
  object; such links say nothing the import uses, so they are left out before validation.
- A table by quarter or month (`2014K3`, `2016M01`) cannot be stored as yearly key figures;
  the file is refused with one message naming its periods, not one message per cell.
"""

from __future__ import annotations

import math
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

MAX_VALUE = 10**12  # ContextStatistic.value holds 12 digits before the decimal point
YEAR = re.compile(r"^\d{4}$")
PERIOD_KINDS = (
    (re.compile(r"^\d{4}K\d$"), gettext_noop("kvartaler")),
    (re.compile(r"^\d{4}M\d{2}$"), gettext_noop("måneder")),
    (re.compile(r"^\d{4}U\d{2}$"), gettext_noop("uker")),
    (re.compile(r"^\d{4}H\d$"), gettext_noop("halvår")),
)


class JsonStatError(ValueError):
    """The file cannot be imported. `problems` lists every reason, for the user."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def version_2(data):
    """A JSON-stat 1.0 answer as 2.0; anything else is returned as it is."""
    if not isinstance(data, dict) or "version" in data:
        return data
    datasets = {k: v for k, v in data.items() if isinstance(v, dict) and "dimension" in v}
    if data.get("class") == "dataset" and "dimension" in data:
        dataset = data
    elif len(datasets) == 1 and len(data) == 1:
        dataset = next(iter(datasets.values()))
    elif len(datasets) > 1:
        raise JsonStatError(
            [
                _(
                    "Filen er et JSON-stat 1.0-svar med %(n)s datasett (%(names)s); importer "
                    "ett datasett om gangen."
                )
                % {"n": len(datasets), "names": ", ".join(list(datasets)[:5])}
            ]
        )
    else:
        return data
    dimension = dataset.get("dimension")
    if not isinstance(dimension, dict) or not isinstance(dimension.get("id"), list):
        return data
    converted = {k: v for k, v in dataset.items() if k != "dimension"}
    converted.update(version="2.0", **{"class": "dataset"})
    for key in ("id", "size", "role"):
        if key in dimension:
            converted[key] = dimension[key]
    converted["dimension"] = {k: v for k, v in dimension.items() if k not in ("id", "size", "role")}
    for item in converted["dimension"].values():
        _units_with_decimals(item)
    return converted


def _units_with_decimals(dimension) -> None:
    category = dimension.get("category") if isinstance(dimension, dict) else None
    units = category.get("unit") if isinstance(category, dict) else None
    if not isinstance(units, dict):
        return
    for unit in units.values():
        if isinstance(unit, dict) and "decimals" not in unit:
            unit["decimals"] = 0


def without_bare_links(data):
    """Leave out link objects without `href` (PxWebApi v2's KLASS `describedby` links)."""
    if not isinstance(data, dict):
        return data
    _drop_bare_links(data)
    dimensions = data.get("dimension")
    if isinstance(dimensions, dict):
        for dimension in dimensions.values():
            if isinstance(dimension, dict):
                _drop_bare_links(dimension)
    return data


def _drop_bare_links(holder: dict) -> None:
    link = holder.get("link")
    if not isinstance(link, dict):
        return
    for relation in list(link):
        items = link[relation]
        if isinstance(items, list):
            kept = [i for i in items if not (isinstance(i, dict) and "href" not in i)]
            if kept:
                link[relation] = kept
            else:
                del link[relation]
    if not link:
        del holder["link"]


def period_problem(name: str, codes: list[str]) -> str | None:
    """The one message for a time dimension whose codes are not years, else None."""
    others = [code for code in codes if not YEAR.match(code)]
    if not others:
        return None
    kind = next(
        (label for pattern, label in PERIOD_KINDS if all(pattern.match(c) for c in others)),
        "",
    )
    shown = ", ".join(c[:20] for c in others[:4]) + (" …" if len(others) > 4 else "")
    if kind:
        return _(
            "Tidsdimensjonen «%(name)s» har %(kind)s (%(codes)s; %(n)s i alt), ikke årstall. "
            "Boligsosial lagrer tallene per år: hent tabellen med år, for eksempel 2016."
        ) % {"name": name[:40], "kind": _(kind), "codes": shown, "n": len(others)}
    return _(
        "Tidsdimensjonen «%(name)s» har tidspunkter som ikke er årstall (%(codes)s; %(n)s i "
        "alt). Boligsosial lagrer tallene per år: hent tabellen med år, for eksempel 2016."
    ) % {"name": name[:40], "codes": shown, "n": len(others)}


def check_values(data: dict) -> list[str]:
    """The problems of `value`: its count against `size`, its keys (sparse form), its numbers."""
    sizes, values = data.get("size"), data.get("value")
    if isinstance(values, dict):  # JSON-stat's sparse form: {"cell number": value}
        cells = math.prod(sizes) if isinstance(sizes, list) and _whole_sizes(sizes) else 0
        bad = [
            str(k)[:20]
            for k in values
            if not (str(k).isdigit() and str(k).isascii() and int(k) < cells)
        ]
        if bad:
            return [
                _("Feltet «value» har nøkler som ikke er cellenumre i tabellen: %(keys)s.")
                % {"keys": ", ".join(bad[:5])}
            ]
        return _check_numbers(list(values.values()))
    if not (isinstance(sizes, list) and isinstance(values, list)):
        return [] if "value" in data else [_("Feltet «value» mangler.")]
    return _check_count(sizes, values) + _check_numbers(values)


def _whole_sizes(sizes: list) -> bool:
    return all(isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in sizes)


def _check_count(sizes: list, values: list) -> list[str]:
    if not _whole_sizes(sizes):
        return [_("Feltet «size» må være en liste med hele, ikke-negative tall.")]
    expected = math.prod(sizes)
    if expected == len(values):
        return []
    return [
        _("Antall verdier (%(n)s) stemmer ikke med dimensjonene (%(sizes)s gir %(expected)s).")
        % {
            "n": len(values),
            "sizes": " × ".join(str(s)[:20] for s in sizes[:20]),
            "expected": expected if expected < 10**15 else "> 10^15",
        }
    ]


def _check_numbers(values: list) -> list[str]:
    numbers = [(i, v) for i, v in enumerate(values) if v is not None]
    bad = [i for i, v in numbers if isinstance(v, bool) or not isinstance(v, (int, float))]
    huge = [i for i, v in numbers if i not in set(bad) and not _finite(v)]
    problems = []
    if bad:
        problems.append(
            _("Verdi nummer %(list)s er ikke et tall.")
            % {"list": ", ".join(str(i + 1) for i in bad[:10])}
        )
    if huge:
        problems.append(
            _("Verdi nummer %(list)s er ikke et endelig tall under 10^12.")
            % {"list": ", ".join(str(i + 1) for i in huge[:10])}
        )
    return problems


def _finite(value: int | float) -> bool:
    """Finite and below the stored bound (NaN and infinities compare false)."""
    return abs(value) < MAX_VALUE
