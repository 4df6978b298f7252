"""Writes to the registry. All-or-nothing: a file with one bad entry saves nothing."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from boligsosial.core.models import DataSource
from boligsosial.core.uploads import load_json
from boligsosial.municipalities import klass, selectors
from boligsosial.municipalities.models import (
    CodeChange,
    County,
    Municipality,
    Population,
    population_problem,
)
from boligsosial.municipalities.population import load_national_population


def _overlaps(a_from, a_to, b_from, b_to) -> bool:
    return (a_to is None or b_from < a_to) and (b_to is None or a_from < b_to)


def _reconcile(model, spans: list[klass.CodeSpan], defaults) -> int:
    """Make the table hold exactly these spans for the codes they cover, keeping row ids.

    An existing row of the same code whose interval overlaps a new span (same name first)
    is updated in place, so participations and users that point at it keep pointing at the
    same municipality; other spans are inserted; rows the new data no longer has are
    removed when nothing refers to them (a referenced one is kept and reported by the
    caller's integrity check).
    """
    existing: dict[str, list] = {}
    for row in model.objects.filter(code__in={s.code for s in spans}):
        existing.setdefault(row.code, []).append(row)
    to_create, to_update, matched = [], [], set()
    for span in spans:
        candidates = [
            r
            for r in existing.get(span.code, [])
            if r.pk not in matched
            and _overlaps(r.valid_from, r.valid_to, span.valid_from, span.valid_to)
        ]
        candidates.sort(
            key=lambda r: (r.name != span.name, abs((r.valid_from - span.valid_from).days))
        )
        values = {"name": span.name, "valid_from": span.valid_from, "valid_to": span.valid_to}
        values.update(defaults)
        if candidates:
            row = candidates[0]
            matched.add(row.pk)
            if any(getattr(row, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(row, key, value)
                to_update.append(row)
        else:
            to_create.append(model(code=span.code, **values))
    stale = [r.pk for rows in existing.values() for r in rows if r.pk not in matched]
    if stale:
        model.objects.filter(pk__in=stale).delete()
    if to_update:
        fields = ["name", "valid_from", "valid_to", *defaults]
        model.objects.bulk_update(to_update, fields, batch_size=500)
    model.objects.bulk_create(to_create, batch_size=500)
    return len(spans)


@transaction.atomic
def registry_load_klass(
    *,
    codes: list[klass.CodeSpan],
    changes: list[klass.Change],
    counties: list[klass.CodeSpan] | None = None,
    source_note: str = "SSB KLASS 131",
) -> dict:
    """Load code spans, changes and counties in a few statements (seconds for the country)."""
    counts = {"municipalities": 0, "changes": 0, "counties": 0}
    if counties:
        counts["counties"] = _reconcile(County, counties, {})
    counts["municipalities"] = _reconcile(
        Municipality,
        codes,
        {"data_source": DataSource.OFFICIAL, "source_note": source_note},
    )
    known = {
        (old, new, on): pk
        for pk, old, new, on in CodeChange.objects.values_list(
            "pk", "old_code", "new_code", "changed_on"
        )
    }
    fresh = []
    for change in changes:
        key = (change.old_code, change.new_code, change.changed_on)
        if key in known:
            CodeChange.objects.filter(pk=known[key]).exclude(
                old_name=change.old_name, new_name=change.new_name
            ).update(old_name=change.old_name, new_name=change.new_name)
        else:
            fresh.append(
                CodeChange(
                    old_code=change.old_code,
                    old_name=change.old_name,
                    new_code=change.new_code,
                    new_name=change.new_name,
                    changed_on=change.changed_on,
                )
            )
    CodeChange.objects.bulk_create(fresh, batch_size=500)
    counts["changes"] = len(changes)
    selectors.forget_code_history()  # bulk writes send no signals
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
    """Load the KLASS files shipped with Boligsosial: every municipality and county since 1977."""
    counts = load_klass_files(
        codes_path=DATA_DIR / "131_codes.json",
        changes_path=DATA_DIR / "131_changes.json",
        counties_path=DATA_DIR / "104_codes.json",
    )
    population = DATA_DIR / "population.json"
    if population.exists():
        counts["population"] = population_load_file(population)
    counts["population_national"] = load_national_population()
    return counts
