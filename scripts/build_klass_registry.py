#!/usr/bin/env python3
"""Build the shipped KLASS files (boligsosial/municipalities/data/klass/) from saved KLASS answers.

Input: a folder of untouched SSB KLASS API answers, as saved by `load_klass --fetch
--save-to DIR` or by the R package opisthokonta/kommuneendringer (`data-raw/`):
  131.json                       GET /classifications/131 (the list of versions)
  Kommuneinndeling YYYY.json     GET /versions/{id} for every version (its classificationItems)
  changetables.json              GET /classifications/131/changes?from=…&to=…

Output, in the shape the KLASS API answers `codes` and `changes` with (what `klass.py` reads):
  131_codes.json    every kommunenummer valid on or after FROM (default 1977-01-01): one entry
                    per unbroken span with one name (consecutive versions joined)
  131_changes.json  every change on or after FROM
  104_codes.json    the counties (fylker) valid in the same versions, derived from the first
                    two digits of the municipality codes in each version, with SSB's names
  manifest.json     where it came from and when

9999 «Uoppgitt» (unknown municipality) is a KLASS code but not a municipality; it is left out.

Usage: scripts/build_klass_registry.py SOURCE_DIR [--from 1977-01-01]
"""

import argparse
import datetime as dt
import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "boligsosial" / "municipalities" / "data" / "klass"
NOT_MUNICIPALITIES = {"9999"}
RANGE_FLOOR = dt.date(1977, 1, 1)
# SSB's county names (KLASS 104) for the county numbers that occur since 1977.
COUNTY_NAMES = {
    "01": "Østfold", "02": "Akershus", "03": "Oslo", "04": "Hedmark", "05": "Oppland",
    "06": "Buskerud", "07": "Vestfold", "08": "Telemark", "09": "Aust-Agder",
    "10": "Vest-Agder", "11": "Rogaland", "12": "Hordaland", "13": "Bergen", "14": "Sogn og Fjordane",
    "15": "Møre og Romsdal", "16": "Sør-Trøndelag", "17": "Nord-Trøndelag", "18": "Nordland",
    "19": "Troms", "20": "Finnmark", "30": "Viken", "31": "Østfold", "32": "Akershus",
    "33": "Buskerud", "34": "Innlandet", "38": "Vestfold og Telemark", "39": "Vestfold",
    "40": "Telemark", "42": "Agder", "46": "Vestland", "50": "Trøndelag",
    "54": "Troms og Finnmark", "55": "Troms", "56": "Finnmark",
}  # fmt: skip


def versions(source: Path, start: dt.date) -> list[dict]:
    listing = json.loads((source / "131.json").read_text(encoding="utf-8"))["versions"]
    chosen = []
    for v in listing:
        valid_from = dt.date.fromisoformat(v["validFrom"])
        valid_to = dt.date.fromisoformat(v["validTo"]) if v.get("validTo") else None
        if valid_to is not None and valid_to <= start:
            continue
        path = source / f"{v['name']}.json"
        if not path.exists() and valid_to is not None and valid_to <= RANGE_FLOOR:
            continue  # older versions only tell when a code began; not saved, not needed
        items = json.loads(path.read_text(encoding="utf-8"))
        chosen.append(
            {
                "name": v["name"],
                "from": valid_from,
                "to": valid_to,
                "last_modified": items.get("lastModified"),
                "items": items["classificationItems"],
            }
        )
    chosen.sort(key=lambda v: v["from"])
    for earlier, later in zip(chosen, chosen[1:], strict=False):
        assert earlier["to"] == later["from"], f"gap between {earlier['name']} and {later['name']}"
    return chosen


def spans(entries: list[tuple[str, str, dt.date, dt.date | None]]):
    """Join consecutive (code, name) entries whose validity touches."""
    joined: list[list] = []
    for code, name, start, end in sorted(entries, key=lambda e: (e[0], e[2])):
        last = joined[-1] if joined else None
        if last and last[0] == code and last[1] == name and last[3] == start:
            last[3] = end
        else:
            joined.append([code, name, start, end])
    return joined


def code_entry(code, name, start, end, range_start, first_version_start):
    # A start before the requested range is not the code's real start either (older versions
    # are not read), so, like the API's validFromInRequestedRange, the range start is given.
    known_start = start if start >= range_start and start > first_version_start else None
    return {
        "code": code,
        "parentCode": None,
        "level": "1",
        "name": name,
        "shortName": "",
        "presentationName": "",
        "validFrom": known_start.isoformat() if known_start else None,
        "validTo": end.isoformat() if end else None,
        "validFromInRequestedRange": max(start, range_start).isoformat(),
        "validToInRequestedRange": end.isoformat() if end else None,
        "notes": "",
    }


def _entries(all_versions: list[dict]) -> tuple[list, list]:
    """(code, name, from, to) per municipality and per county, one per version."""
    municipality_entries, county_entries = [], []
    for v in all_versions:
        counties = set()
        for item in v["items"]:
            if item["code"] in NOT_MUNICIPALITIES:
                continue
            municipality_entries.append((item["code"], item["name"].strip(), v["from"], v["to"]))
            counties.add(item["code"][:2])
        for county in counties:
            county_entries.append((county, COUNTY_NAMES[county], v["from"], v["to"]))
    return municipality_entries, county_entries


def _changes(source: Path, range_start: dt.date) -> list[dict]:
    changes_all = json.loads((source / "changetables.json").read_text(encoding="utf-8"))
    changes = [
        {
            **c,
            "oldShortName": c.get("oldShortName") or "",
            "newShortName": c.get("newShortName") or "",
        }
        for c in changes_all["codeChanges"]
        if dt.date.fromisoformat(c["changeOccurred"]) >= range_start
        and c["oldCode"] not in NOT_MUNICIPALITIES
        and c["newCode"] not in NOT_MUNICIPALITIES
    ]
    return sorted(changes, key=lambda c: (c["changeOccurred"], c["oldCode"], c["newCode"]))


def _in_range(entries: list, range_start: dt.date, first_start: dt.date) -> list[dict]:
    return [
        code_entry(c, n, s, e, range_start, first_start)
        for c, n, s, e in spans(entries)
        if e is None or e > range_start
    ]


def build(source: Path, range_start: dt.date) -> dict:
    all_versions = versions(source, dt.date(1900, 1, 1))
    first_start = all_versions[0]["from"]
    in_range = [v for v in all_versions if v["to"] is None or v["to"] > range_start]
    municipality_entries, county_entries = _entries(all_versions)
    return {
        "codes": _in_range(municipality_entries, range_start, first_start),
        "counties": _in_range(county_entries, range_start, first_start),
        "changes": _changes(source, range_start),
        "versions": [
            {"name": v["name"], "validFrom": v["from"].isoformat(),
             "validTo": v["to"].isoformat() if v["to"] else None,
             "lastModified": v["last_modified"], "codes": len(v["items"])}
            for v in in_range
        ],
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--from", dest="start", default="1977-01-01")
    parser.add_argument(
        "--retrieved", required=True, help="when the answers were saved (YYYY-MM-DD)"
    )
    parser.add_argument("--origin", required=True, help="where the answers came from")
    args = parser.parse_args()
    start = dt.date.fromisoformat(args.start)
    built = build(args.source, start)
    dump = {"ensure_ascii": False, "indent": 1}
    (OUT / "131_codes.json").write_text(json.dumps({"codes": built["codes"]}, **dump) + "\n")
    (OUT / "104_codes.json").write_text(json.dumps({"codes": built["counties"]}, **dump) + "\n")
    (OUT / "131_changes.json").write_text(
        json.dumps({"codeChanges": built["changes"]}, **dump) + "\n"
    )
    manifest = {
        "classification": "SSB KLASS 131 Standard for kommuneinndeling; 104 Standard for fylkesinndeling (derived)",
        "range_from": start.isoformat(),
        "retrieved": args.retrieved,
        "origin": args.origin,
        "licence": "SSB's data: Norsk lisens for offentlige data (NLOD) 2.0 / CC BY 4.0; source: Statistisk sentralbyrå",
        "versions": built["versions"],
        "counts": {k: len(built[k]) for k in ("codes", "counties", "changes")},
    }
    (OUT / "manifest.json").write_text(json.dumps(manifest, **dump) + "\n")
    print(json.dumps(manifest["counts"]))


if __name__ == "__main__":
    main()
