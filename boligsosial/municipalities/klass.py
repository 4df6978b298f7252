"""Reading SSB KLASS files (classification 131 kommuner, 104 fylker).

The files are the JSON the KLASS API returns for
  /classifications/131/codes?from=…&to=…   {"codes": [{"code", "name", "validFrom"…}]}
  /classifications/131/changes?from=…&to=… {"codeChanges": [{"oldCode", "oldName",
                                             "newCode", "newName", "changeOccurred"}]}
Parsing checks every entry and collects every problem before anything is saved.
"""

import datetime as dt
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from boligsosial.core.uploads import load_json

KLASS_API = "https://data.ssb.no/api/klass/v1"
MUNICIPALITY_CLASSIFICATION = 131
COUNTY_CLASSIFICATION = 104


class KlassFileError(ValueError):
    """A KLASS file that cannot be used. `problems` lists every fault with its place."""

    def __init__(self, filename: str, problems: list[str]):
        self.filename = filename
        self.problems = problems
        head = _("Filen %(file)s kan ikke leses inn, og ingenting er lagret:") % {"file": filename}
        super().__init__("\n".join([head, *[f" – {p}" for p in problems]]))


@dataclass(frozen=True)
class CodeSpan:
    code: str
    name: str
    valid_from: dt.date
    valid_to: dt.date | None


@dataclass(frozen=True)
class Change:
    old_code: str
    old_name: str
    new_code: str
    new_name: str
    changed_on: dt.date


def _load_json(raw: bytes | str, filename: str):
    """Parse with `core.uploads.load_json` (depth limit, no NaN/Infinity)."""
    try:
        return load_json(raw, what=_("Filen"))
    except ValidationError as error:
        raise KlassFileError(filename, error.messages) from error


def _date(value, where: str, field: str, problems: list[str], *, required: bool) -> dt.date | None:
    if value in (None, ""):
        if required:
            problems.append(
                _("%(where)s: feltet «%(field)s» mangler.") % {"where": where, "field": field}
            )
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        problems.append(
            _("%(where)s: «%(field)s» har verdien «%(value)s», som ikke er en dato (ÅÅÅÅ-MM-DD).")
            % {"where": where, "field": field, "value": value}
        )
        return None


def _code(value, where: str, field: str, digits: int, problems: list[str]) -> str | None:
    text = "" if value is None else str(value).strip()
    if len(text) != digits or not text.isdigit():
        problems.append(
            _("%(where)s: «%(field)s» er «%(value)s», men må være %(digits)s siffer.")
            % {"where": where, "field": field, "value": text, "digits": digits}
        )
        return None
    return text


def _name(value, where: str, field: str, problems: list[str]) -> str | None:
    text = "" if value is None else str(value).strip()
    if not text:
        problems.append(
            _("%(where)s: feltet «%(field)s» mangler.") % {"where": where, "field": field}
        )
        return None
    return text


def parse_codes(raw: bytes | str, filename: str, *, digits: int = 4) -> list[CodeSpan]:
    data = _load_json(raw, filename)
    if not isinstance(data, dict) or not isinstance(data.get("codes"), list):
        raise KlassFileError(filename, [_("Fant ikke listen «codes» på øverste nivå.")])
    problems: list[str] = []
    spans: list[CodeSpan] = []
    for index, entry in enumerate(data["codes"], start=1):
        where = _("Element %(n)s") % {"n": index}
        if not isinstance(entry, dict):
            problems.append(_("%(where)s er ikke et objekt.") % {"where": where})
            continue
        if entry.get("code"):
            where = _("Element %(n)s (kode %(code)s)") % {"n": index, "code": entry.get("code")}
        code = _code(entry.get("code"), where, "code", digits, problems)
        name = _name(entry.get("name"), where, "name", problems)
        start = _date(
            entry.get("validFrom") or entry.get("validFromInRequestedRange"),
            where,
            "validFrom",
            problems,
            required=True,
        )
        end = _date(
            entry.get("validTo") or entry.get("validToInRequestedRange"),
            where,
            "validTo",
            problems,
            required=False,
        )
        if start and end and end <= start:
            problems.append(
                _("%(where)s: sluttdatoen %(end)s er ikke etter startdatoen %(start)s.")
                % {"where": where, "end": end, "start": start}
            )
            continue
        if code and name and start:
            spans.append(CodeSpan(code, name, start, end))
    if problems:
        raise KlassFileError(filename, problems)
    return _merge_adjacent(spans)


def _merge_adjacent(spans: list[CodeSpan]) -> list[CodeSpan]:
    """KLASS lists one entry per classification version; join the ones that touch."""
    merged: list[CodeSpan] = []
    for span in sorted(spans, key=lambda s: (s.code, s.valid_from)):
        last = merged[-1] if merged else None
        if (
            last
            and last.code == span.code
            and last.name == span.name
            and last.valid_to == span.valid_from
        ):
            merged[-1] = CodeSpan(span.code, span.name, last.valid_from, span.valid_to)
        elif last and last.code == span.code and last.valid_from == span.valid_from:
            continue
        else:
            merged.append(span)
    return merged


def parse_changes(raw: bytes | str, filename: str) -> list[Change]:
    data = _load_json(raw, filename)
    if not isinstance(data, dict) or not isinstance(data.get("codeChanges"), list):
        raise KlassFileError(filename, [_("Fant ikke listen «codeChanges» på øverste nivå.")])
    problems: list[str] = []
    changes: list[Change] = []
    for index, entry in enumerate(data["codeChanges"], start=1):
        where = _("Endring %(n)s") % {"n": index}
        if not isinstance(entry, dict):
            problems.append(_("%(where)s er ikke et objekt.") % {"where": where})
            continue
        old = _code(entry.get("oldCode"), where, "oldCode", 4, problems)
        new = _code(entry.get("newCode"), where, "newCode", 4, problems)
        old_name = _name(entry.get("oldName"), where, "oldName", problems)
        new_name = _name(entry.get("newName"), where, "newName", problems)
        on = _date(entry.get("changeOccurred"), where, "changeOccurred", problems, required=True)
        if old and new and old_name and new_name and on:
            changes.append(Change(old, old_name, new, new_name, on))
    if problems:
        raise KlassFileError(filename, problems)
    return changes


def fetch(
    classification: int, kind: str, date_from: dt.date, date_to: dt.date, *, opener=None
) -> bytes:
    """Ask the KLASS API for `codes` or `changes` (only when online; tests pass an opener)."""
    from django.conf import settings

    query = urllib.parse.urlencode({"from": date_from.isoformat(), "to": date_to.isoformat()})
    base = getattr(settings, "KLASS_API_URL", KLASS_API).rstrip("/")
    url = f"{base}/classifications/{classification}/{kind}.json?{query}"
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    open_url = opener or urllib.request.urlopen
    with open_url(request, timeout=30) as response:
        return response.read()
