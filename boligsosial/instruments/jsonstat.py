"""Reading SSB statistics in JSON-stat 2.0 (saved files or PxWebApi v2 answers).

A PxWebApi v2 data request looks like

    https://data.ssb.no/api/pxwebapi/v2/tables/07459/data?lang=no&outputFormat=json-stat2
        &valueCodes[Region]=0602,0806&valueCodes[ContentsCode]=Personer1&valueCodes[Tid]=2010,2011

and answers one JSON-stat 2.0 dataset: `version` "2.0", `class` "dataset", `id` (e.g.
["Region", "ContentsCode", "Tid"]), `size`, `dimension` (category index and labels; the
ContentsCode categories carry `unit`), `value` in row-major order (null for missing),
`updated`, `source`, `role` and `extension.px.tableid`.

The file is validated with `jsonstat-validator` and read with `pyjstat`; then every cell is
checked. Problems are collected, never raised one at a time, so the user sees all of them.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

PXWEB_V2 = "https://data.ssb.no/api/pxwebapi/v2/tables/{table}/data"
REQUIRED_DIMENSIONS = ("Region", "ContentsCode", "Tid")


class JsonStatError(ValueError):
    """The file cannot be imported. `problems` lists every reason, for the user."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Cell:
    code: str
    year: int
    contents_code: str
    value: Decimal


@dataclass
class Table:
    table_id: str
    label: str
    source: str
    updated: dt.datetime | None
    contents: dict[str, dict]  # code -> {"label", "unit", "decimals"}
    cells: list[Cell]
    skipped_regions: list[str] = field(default_factory=list)
    missing_values: int = 0


def _region_code(raw: str) -> str | None:
    """'0602' or 'K-0602' (SSB's aggregation prefix) → '0602'; counties and the country → None."""
    code = raw.split("-", 1)[1] if raw.startswith(("K-", "k-")) else raw
    return code if len(code) == 4 and code.isdigit() else None


def parse(content: bytes | str, *, file_name: str = "") -> Table:
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise JsonStatError(
            [
                _("Filen «%(name)s» er ikke gyldig JSON: %(error)s.")
                % {"name": file_name, "error": exc}
            ]
        ) from exc
    problems = _check_shape(data)
    if problems:
        raise JsonStatError(problems)
    from jsonstat_validator import validate_jsonstat

    try:
        validate_jsonstat(data)
    except Exception as exc:  # JSONStatValidationError and pydantic errors
        raise JsonStatError(
            [_("Filen følger ikke JSON-stat 2.0: %(error)s") % {"error": str(exc)[:500]}]
        ) from exc
    from pyjstat import pyjstat

    frame = pyjstat.Dataset.read(json.dumps(data)).write("dataframe", naming="id")
    contents = {}
    for code, label in data["dimension"]["ContentsCode"]["category"].get("label", {}).items():
        unit = data["dimension"]["ContentsCode"]["category"].get("unit", {}).get(code, {})
        contents[code] = {
            "label": label,
            "unit": unit.get("base", ""),
            "decimals": int(unit.get("decimals", 0) or 0),
        }
    table = Table(
        table_id=str(
            data.get("extension", {}).get("px", {}).get("tableid", "") or _table_from_label(data)
        ),
        label=data.get("label", ""),
        source=data.get("source", ""),
        updated=parse_datetime(data["updated"]) if data.get("updated") else None,
        contents=contents,
        cells=[],
    )
    skipped: set[str] = set()
    for index, row in enumerate(frame.itertuples(index=False), start=1):
        record = row._asdict()
        raw_region, raw_year, value = str(record["Region"]), str(record["Tid"]), record["value"]
        code = _region_code(raw_region)
        if code is None:
            skipped.add(raw_region)
            continue
        if not (len(raw_year) == 4 and raw_year.isdigit()):
            problems.append(
                _(
                    "Celle %(n)s: tidspunktet «%(tid)s» er ikke et årstall (Tid må være for eksempel 2011)."
                )
                % {"n": index, "tid": raw_year}
            )
            continue
        if value is None or (isinstance(value, float) and math.isnan(value)):
            table.missing_values += 1
            continue
        table.cells.append(
            Cell(code, int(raw_year), str(record["ContentsCode"]), Decimal(str(value)))
        )
    if problems:
        raise JsonStatError(problems)
    table.skipped_regions = sorted(skipped)
    if not table.cells:
        raise JsonStatError(
            [_("Filen inneholder ingen verdier for kommuner (firesifrede regionkoder).")]
        )
    return table


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
    problems = []
    if data.get("version") != "2.0":
        problems.append(
            _("Feltet «version» må være «2.0» (JSON-stat 2.0); filen har «%(v)s».")
            % {"v": data.get("version")}
        )
    if data.get("class") != "dataset":
        problems.append(
            _("Feltet «class» må være «dataset»; filen har «%(v)s».") % {"v": data.get("class")}
        )
    ids = data.get("id")
    if not isinstance(ids, list):
        problems.append(_("Feltet «id» (listen over dimensjoner) mangler."))
        return problems
    for name in REQUIRED_DIMENSIONS:
        if name not in ids:
            problems.append(
                _(
                    "Dimensjonen «%(name)s» mangler; filen har %(ids)s. Hent tabellen med Region, "
                    "ContentsCode og Tid."
                )
                % {"name": name, "ids": ", ".join(map(str, ids))}
            )
    extra = [d for d in ids if d not in REQUIRED_DIMENSIONS]
    for name in extra:
        size = _dimension_size(data, name)
        if size != 1:
            problems.append(
                _(
                    "Dimensjonen «%(name)s» har %(n)s verdier; velg én verdi (eller la SSB summere den) "
                    "slik at hver celle gjelder én kommune, ett år og én statistikkvariabel."
                )
                % {"name": name, "n": size}
            )
    sizes = data.get("size")
    values = data.get("value")
    if isinstance(sizes, list) and isinstance(values, list):
        expected = (
            math.prod(int(s) for s in sizes) if all(isinstance(s, int) for s in sizes) else None
        )
        if expected is not None and expected != len(values):
            problems.append(
                _(
                    "Antall verdier (%(n)s) stemmer ikke med dimensjonene (%(sizes)s gir %(expected)s)."
                )
                % {"n": len(values), "sizes": " × ".join(map(str, sizes)), "expected": expected}
            )
        bad = [i for i, v in enumerate(values) if v is not None and not isinstance(v, (int, float))]
        if bad:
            problems.append(
                _("Verdi nummer %(list)s er ikke et tall.")
                % {"list": ", ".join(str(i + 1) for i in bad[:10])}
            )
    elif "value" not in data:
        problems.append(_("Feltet «value» mangler."))
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
    return (
        PXWEB_V2.format(table=urllib.parse.quote(table_id))
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
