"""Writes to the registry. All-or-nothing: a file with one bad entry saves nothing."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from boligsosial.core.models import DataSource
from boligsosial.core.uploads import load_json
from boligsosial.municipalities import klass
from boligsosial.municipalities.models import (
    CodeChange,
    County,
    Municipality,
    Population,
    population_problem,
)


@transaction.atomic
def registry_load_klass(
    *,
    codes: list[klass.CodeSpan],
    changes: list[klass.Change],
    counties: list[klass.CodeSpan] | None = None,
    source_note: str = "SSB KLASS 131",
) -> dict:
    counts = {"municipalities": 0, "changes": 0, "counties": 0}
    for span in counties or []:
        County.objects.update_or_create(
            code=span.code,
            valid_from=span.valid_from,
            defaults={"name": span.name, "valid_to": span.valid_to},
        )
        counts["counties"] += 1
    for span in codes:
        Municipality.objects.update_or_create(
            code=span.code,
            valid_from=span.valid_from,
            defaults={
                "name": span.name,
                "valid_to": span.valid_to,
                "data_source": DataSource.OFFICIAL,
                "source_note": source_note,
            },
        )
        counts["municipalities"] += 1
    for change in changes:
        CodeChange.objects.update_or_create(
            old_code=change.old_code,
            new_code=change.new_code,
            changed_on=change.changed_on,
            defaults={"old_name": change.old_name, "new_name": change.new_name},
        )
        counts["changes"] += 1
    return counts


def load_klass_files(
    *, codes_path: Path, changes_path: Path, counties_path: Path | None = None
) -> dict:
    """Parse every file first (collecting all problems), then save in one transaction."""
    codes = klass.parse_codes(codes_path.read_bytes(), codes_path.name)
    changes = klass.parse_changes(changes_path.read_bytes(), changes_path.name)
    counties = (
        klass.parse_codes(counties_path.read_bytes(), counties_path.name, digits=2)
        if counties_path
        else None
    )
    return registry_load_klass(codes=codes, changes=changes, counties=counties)


class PopulationFileError(ValueError):
    pass


@transaction.atomic
def population_load_file(path: Path) -> int:
    """Load population.json: {"values": [{"code", "year", "value", "source", ...}]}."""
    try:
        data = load_json(path.read_bytes(), what=path.name)
    except ValidationError as error:
        raise PopulationFileError("\n".join(error.messages)) from error
    entries = data.get("values", []) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise PopulationFileError(_("Fant ikke listen «values» på øverste nivå."))
    problems = []
    rows = []
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.append(_("Rad %(n)s er ikke et objekt.") % {"n": index})
            continue
        code, year, value = str(entry.get("code", "")), entry.get("year"), entry.get("value")
        if len(code) != 4 or not code.isdigit():
            problems.append(
                _("Rad %(n)s: kommunenummer «%(code)s» er ugyldig.") % {"n": index, "code": code}
            )
            continue
        problem = population_problem(year, value)
        if problem:
            problems.append(
                _("Rad %(n)s (kommune %(code)s): %(problem)s")
                % {"n": index, "code": code, "problem": problem}
            )
            continue
        rows.append(entry)
    if problems:
        raise PopulationFileError("\n".join(problems))
    for entry in rows:
        source = entry.get("source", "")
        Population.objects.update_or_create(
            code=str(entry["code"]),
            year=entry["year"],
            defaults={
                "value": entry["value"],
                "data_source": DataSource.REPORT if source == "report" else DataSource.OFFICIAL,
                "source_note": source if source != "report" else _("Rapporten kap. 5"),
            },
        )
    return len(rows)


DATA_DIR = Path(__file__).resolve().parent / "data" / "klass"


def load_shipped_registry() -> dict:
    """Load the KLASS files shipped with Boligsosial (Region sør 2008–2025 and successors)."""
    counts = load_klass_files(
        codes_path=DATA_DIR / "131_codes.json",
        changes_path=DATA_DIR / "131_changes.json",
        counties_path=DATA_DIR / "104_codes.json",
    )
    population = DATA_DIR / "population.json"
    if population.exists():
        counts["population"] = population_load_file(population)
    return counts
