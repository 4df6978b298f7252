"""Reading SSB statistics in JSON-stat 2.0 (saved files or PxWebApi v2 answers).

A PxWebApi v2 data request looks like

    https://data.ssb.no/api/pxwebapi/v2/tables/07459/data?lang=no&outputFormat=json-stat2
        &valueCodes[Region]=0602,0806&valueCodes[ContentsCode]=Personer1&valueCodes[Tid]=2010,2011

and answers one JSON-stat 2.0 dataset: `version` "2.0", `class` "dataset", `id` (e.g.
["Region", "ContentsCode", "Tid"]), `size`, `dimension` (category index and labels; the
ContentsCode categories carry `unit`), `value` in row-major order (null for missing),
`updated`, `source`, `role` and `extension.px.tableid`.

Dimensions are found by what they hold, not by their names: the region dimension is the one
whose codes are kommunenummer (with or without SSB's `K-` and KOSTRA's `EAK-` prefixes), so
KOSTRA's `KOKkommuneregion0000` is read like StatBank's `Region`; where the file gives roles,
`geo`, `metric` and `time` name the region, contents and time dimensions. A JSON-stat 1.0
answer (SSB's older API: `{"dataset": {...}}` with `id`/`size`/`role` inside `dimension`) is
turned into 2.0 first; a 1.0 bundle of several datasets is refused naming its version. The
rules for the shapes of SSB's real answers are in `jsonstat_shapes`.

The file is parsed with `core.uploads.load_json` (size, depth, no NaN/Infinity), validated
with `jsonstat-validator` and read with `pyjstat`; then every cell is checked (finite,
below 10^12). Problems are collected, never raised one at a time, so the user sees all of them.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from boligsosial.core.uploads import check_size, load_json
from boligsosial.instruments.jsonstat_shapes import (
    MAX_VALUE,
    check_values,
    period_problem,
    version_2,
    without_bare_links,
)
from boligsosial.instruments.jsonstat_shapes import JsonStatError as JsonStatError

PXWEB_V2 = "https://data.ssb.no/api/pxwebapi/v2/tables/{table}/data"
REQUIRED_DIMENSIONS = ("Region", "ContentsCode", "Tid")  # StatBank's names, used when no roles
REGION_PREFIXES = ("K-", "EAK-")  # SSB's aggregation prefix and KOSTRA's
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass
class Cell:
    code: str
    year: int
    contents_code: str
    value: Decimal


@dataclass
class Roles:
    """Which dimension holds the municipalities, the statistics variable and the year."""

    region: str = "Region"
    contents: str = "ContentsCode"
    time: str = "Tid"


@dataclass
class Table:
    table_id: str
    label: str
    source: str
    updated: dt.datetime | None
    contents: dict[str, dict]  # code -> {"label", "unit", "decimals"}
    cells: list[Cell]
    skipped_regions: list[str] = field(default_factory=list)
    skipped_labels: dict[str, str] = field(default_factory=dict)
    missing_values: int = 0
    region_labels: dict[str, str] = field(default_factory=dict)  # kommunenummer -> label
    not_in_force: dict[str, list[int]] = field(default_factory=dict)  # code -> years left out
    renumbered: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (file, stored)

    @property
    def municipalities(self) -> list[str]:
        """The kommunenummer the imported values are for."""
        return sorted({cell.code for cell in self.cells})

    def summary(self) -> list[str]:
        """What was read and what was left out, with the reasons, for the user."""
        lines = [
            _("%(values)s verdier for %(n)s kommuner.")
            % {"values": len(self.cells), "n": len(self.municipalities)}
        ]
        if self.skipped_regions:
            named = ", ".join(
                f"{code} «{self.skipped_labels[code]}»" if code in self.skipped_labels else code
                for code in self.skipped_regions[:12]
            )
            more = " …" if len(self.skipped_regions) > 12 else ""
            lines.append(
                _(
                    "Hoppet over %(n)s regioner som ikke er kommuner (landet, fylker, "
                    "KOSTRA-grupper): %(named)s%(more)s."
                )
                % {"n": len(self.skipped_regions), "named": named, "more": more}
            )
        if self.not_in_force:
            named = ", ".join(
                f"{self._named(code)} ({', '.join(str(y) for y in years[:4])}"
                f"{' …' if len(years) > 4 else ''})"
                for code, years in sorted(self.not_in_force.items())[:12]
            )
            lines.append(
                _(
                    "Hoppet over verdier for %(n)s kommunenummer som ikke gjaldt i året de er "
                    "oppgitt for (ifølge kommuneregisterets kodehistorikk): %(named)s."
                )
                % {"n": len(self.not_in_force), "named": named}
            )
        if self.renumbered:
            named = ", ".join(
                f"{self._named(old)} → {new} ({', '.join(str(y) for y in years[:4])}"
                f"{' …' if len(years) > 4 else ''})"
                for (old, new), years in sorted(self.renumbered.items())[:12]
            )
            lines.append(
                _(
                    "Verdier for %(n)s kommunenummer som ikke gjaldt i året, er lagret under "
                    "nummeret den samme kommunen hadde da (kodehistorikken): %(named)s."
                )
                % {"n": len(self.renumbered), "named": named}
            )
        if self.missing_values:
            lines.append(
                _("%(n)s celler uten tall i filen (SSBs «.» eller «..») er ikke lagret.")
                % {"n": self.missing_values}
            )
        return lines

    def _named(self, code: str) -> str:
        label = self.region_labels.get(code)
        return f"{code} «{label}»" if label else code


def _region_code(raw: str) -> str | None:
    """'0602', 'K-0602' (SSB's aggregation prefix) or 'EAK-0602' → '0602'; counties, the
    country and KOSTRA groups (EAK, EKG13, …) → None."""
    code = raw
    for prefix in REGION_PREFIXES:
        if raw.upper().startswith(prefix):
            code = raw[len(prefix) :]
            break
    return code if len(code) == 4 and code.isdigit() else None


def parse(content: bytes | str, *, file_name: str = "") -> Table:
    """Read one JSON-stat 2.0 dataset; JsonStatError lists every problem found."""
    data = without_bare_links(version_2(_load(content, file_name)))
    problems = _check_shape(data)
    if problems:
        raise JsonStatError(problems)
    roles = _roles(data)
    problems = _check_dimensions(data, data["id"], roles)
    if problems:
        raise JsonStatError(problems)
    problem = period_problem(roles.time, _categories(data, roles.time))
    if problem:
        raise JsonStatError([problem])
    _validate(data)
    table = _table(data, roles)
    problems = _read_cells(data, table, roles)
    if problems:
        raise JsonStatError(problems)
    if not table.cells:
        raise JsonStatError(
            [_("Filen inneholder ingen verdier for kommuner (firesifrede regionkoder).")]
        )
    return table


def _load(content: bytes | str, file_name: str) -> dict:
    what = _("Filen «%(name)s»") % {"name": file_name}
    try:
        check_size(
            content.encode() if isinstance(content, str) else content,
            what=what,
            limit=MAX_FILE_BYTES,
        )
        return load_json(content, what=what)
    except ValidationError as error:
        raise JsonStatError(error.messages) from error


def _validate(data: dict) -> None:
    from jsonstat_validator import validate_jsonstat

    try:
        validate_jsonstat(data)
    except Exception as exc:  # JSONStatValidationError and pydantic errors
        raise JsonStatError(
            [_("Filen følger ikke JSON-stat 2.0: %(error)s") % {"error": str(exc)[:500]}]
        ) from exc


def _text(value, limit: int) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _updated(data: dict) -> dt.datetime | None:
    try:
        return parse_datetime(data["updated"]) if isinstance(data.get("updated"), str) else None
    except ValueError:
        return None


def _table(data: dict, roles: Roles) -> Table:
    category = data["dimension"][roles.contents]["category"]
    contents = {}
    for code, label in (category.get("label") or {}).items():
        unit = (category.get("unit") or {}).get(code) or {}
        try:
            decimals = min(max(int(unit.get("decimals", 0) or 0), 0), 10)
        except (TypeError, ValueError):
            decimals = 0
        contents[code] = {
            "label": _text(label, 300) or code,
            "unit": _text(unit.get("base", ""), 60),
            "decimals": decimals,
        }
    px = data.get("extension") or {}
    px = px.get("px") if isinstance(px, dict) else None
    table_id = px.get("tableid", "") if isinstance(px, dict) else ""
    return Table(
        table_id=_text(str(table_id or _table_from_label(data)), 20),
        label=_text(data.get("label", ""), 300),
        source=_text(data.get("source", ""), 200),
        updated=_updated(data),
        contents=contents,
        cells=[],
    )


def _read_cells(data: dict, table: Table, roles: Roles) -> list[str]:
    """Fill `table.cells` from the dataset; return the problems with their cells."""
    from pyjstat import pyjstat

    frame = pyjstat.Dataset.read(json.dumps(data)).write("dataframe", naming="id")
    problems: list[str] = []
    skipped: set[str] = set()
    for index, row in enumerate(frame.itertuples(index=False), start=1):
        record = row._asdict()
        raw_region, raw_year = str(record[roles.region]), str(record[roles.time])
        value = record["value"]
        code = _region_code(raw_region)
        if code is None:
            skipped.add(raw_region)
            continue
        if value is None or (isinstance(value, float) and math.isnan(value)):
            table.missing_values += 1
            continue
        number = Decimal(str(value))
        if not number.is_finite() or abs(number) >= MAX_VALUE:
            problems.append(
                _(
                    "Celle %(n)s (kommune %(code)s, år %(year)s): verdien %(value)s er ikke et "
                    "endelig tall under 10^12."
                )
                % {"n": index, "code": code, "year": raw_year, "value": value}
            )
            continue
        table.cells.append(Cell(code, int(raw_year), str(record[roles.contents]), number))
    table.skipped_regions = sorted(skipped)
    labels = (data["dimension"][roles.region].get("category") or {}).get("label") or {}
    labels = labels if isinstance(labels, dict) else {}
    table.skipped_labels = {c: _text(labels.get(c), 120) for c in skipped if labels.get(c)}
    for raw, label in labels.items():
        code = _region_code(str(raw))
        if code and isinstance(label, str):
            table.region_labels.setdefault(code, label[:120])
    return problems


def _table_from_label(data: dict) -> str:
    label = data.get("label", "")
    head = label.split(":", 1)[0].strip()
    return head if head.isdigit() else ""


def _check_shape(data) -> list[str]:
    if not isinstance(data, dict):
        return [
            _(
                "Filen må inneholde ett JSON-stat-datasett (et objekt), ikke en liste eller en verdi."
            )
        ]
    problems = _check_header(data)
    ids = data.get("id")
    if not isinstance(ids, list):
        problems.append(_("Feltet «id» (listen over dimensjoner) mangler."))
        return problems
    problems += check_values(data)
    return problems


def _check_header(data: dict) -> list[str]:
    problems = []
    if data.get("version") != "2.0":
        problems.append(
            _(
                "Feltet «version» må være «2.0» (JSON-stat 2.0) eller filen må være et "
                "JSON-stat 1.0-svar; filen har versjon «%(v)s»."
            )
            % {"v": str(data.get("version", _("(ingen)")))[:40]}
        )
    if data.get("class") != "dataset":
        problems.append(
            _("Feltet «class» må være «dataset»; filen har «%(v)s».")
            % {"v": str(data.get("class"))[:40]}
        )
    return problems


def _categories(data: dict, name) -> list[str]:
    try:
        index = data["dimension"][name]["category"]["index"]
    except (KeyError, TypeError):
        return []
    if isinstance(index, dict):
        return [str(code) for code in index]
    return [str(code) for code in index] if isinstance(index, list) else []


def _role(data: dict, role: str, ids: list) -> str | None:
    roles = data.get("role")
    named = roles.get(role) if isinstance(roles, dict) else None
    if isinstance(named, list) and len(named) == 1 and named[0] in ids:
        return named[0]
    return None


def _looks_like_regions(codes: list[str]) -> bool:
    """Most codes are kommunenummer (the rest: the country, counties, KOSTRA groups)."""
    municipal = sum(1 for code in codes if _region_code(code) is not None)
    return municipal > 0 and municipal * 2 >= len(codes) - 3


def _roles(data: dict) -> Roles:
    """The region, contents and time dimensions: by role where the file gives roles, else
    contents and time by StatBank's names and the region by its codes."""
    ids = [i for i in data["id"] if isinstance(i, str)]
    time = _role(data, "time", ids) or ("Tid" if "Tid" in ids else "")
    contents = _role(data, "metric", ids) or ("ContentsCode" if "ContentsCode" in ids else "")
    region = _role(data, "geo", ids)
    if region is None:
        candidates = [
            i
            for i in ids
            if i not in (time, contents) and _looks_like_regions(_categories(data, i))
        ]
        if len(candidates) == 1:
            region = candidates[0]
        elif "Region" in candidates:
            region = "Region"
    return Roles(region=region or "", contents=contents, time=time)


def _check_dimensions(data: dict, ids: list, roles: Roles) -> list[str]:
    problems = []
    names = ", ".join(str(i)[:40] for i in ids[:20])
    if not roles.region:
        problems.append(
            _(
                "Filen har ingen dimensjon med kommunenummer (firesifrede regionkoder, også med "
                "K- eller EAK- foran); dimensjonene er %(ids)s. Hent tabellen med kommuner."
            )
            % {"ids": names}
        )
    if not roles.contents:
        problems.append(
            _(
                "Dimensjonen «ContentsCode» mangler (og filen gir ingen dimensjon rollen "
                "«metric»); dimensjonene er %(ids)s."
            )
            % {"ids": names}
        )
    if not roles.time:
        problems.append(
            _(
                "Dimensjonen «Tid» mangler (og filen gir ingen dimensjon rollen «time»); "
                "dimensjonene er %(ids)s."
            )
            % {"ids": names}
        )
    used = (roles.region, roles.contents, roles.time)
    for name in [d for d in ids if d not in used]:
        size = _dimension_size(data, name)
        if size != 1:
            problems.append(
                _(
                    "Dimensjonen «%(name)s» har %(n)s verdier; velg én verdi (eller la SSB summere "
                    "den) slik at hver celle gjelder én kommune, ett år og én statistikkvariabel."
                )
                % {"name": str(name)[:40], "n": size}
            )
    return problems


def _dimension_size(data: dict, name: str) -> int:
    try:
        return len(data["dimension"][name]["category"]["index"])
    except (KeyError, TypeError):
        return 0


def pxweb_url(table_id: str, value_codes: dict[str, list[str]], lang: str = "no") -> str:
    params = {"lang": lang, "outputFormat": "json-stat2"}
    for dimension, codes in value_codes.items():
        params[f"valueCodes[{dimension}]"] = ",".join(codes)
    from django.conf import settings

    base = getattr(settings, "SSB_PXWEB_V2_URL", "") or PXWEB_V2
    return (
        base.format(table=urllib.parse.quote(table_id))
        + "?"
        + urllib.parse.urlencode(params, safe="[],*")
    )


def fetch(
    table_id: str, value_codes: dict[str, list[str]], *, opener=None, timeout: float = 30
) -> bytes:
    """Fetch a table from SSB's PxWebApi v2 (optional; needs network). `opener` is for tests."""
    url = pxweb_url(table_id, value_codes)
    opener = opener or urllib.request.urlopen
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with opener(request, timeout=timeout) as response:
            return response.read()
    except OSError as exc:
        raise JsonStatError(
            [
                _("Kunne ikke hente tabell %(table)s fra SSB (%(url)s): %(error)s")
                % {"table": table_id, "url": url, "error": exc}
            ]
        ) from exc
