"""SSB JSON-stat imports: population (to the registry) and KOSTRA key figures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boligsosial.accounts.models import User
from boligsosial.audit.models import Action
from boligsosial.audit.services import record
from boligsosial.core.models import DataSource
from boligsosial.instruments import access, jsonstat
from boligsosial.instruments.bounds import (
    ANALYSIS_MAX_YEAR,
    ANALYSIS_MIN_YEAR,
)
from boligsosial.instruments.models import (
    ContextStatistic,
    ImportBatch,
)
from boligsosial.instruments.services.checks import require
from boligsosial.instruments.services.codes import place_codes
from boligsosial.municipalities.models import Population, population_problem

POPULATION_TABLE = "07459"
POPULATION_CONTENTS = "Personer1"


@transaction.atomic
def population_import_jsonstat(
    *,
    user: User | None,
    content: bytes | str,
    file_name: str,
    data_source: str = DataSource.OFFICIAL,
    only_missing: bool = False,
    report: list[str] | None = None,
) -> ImportBatch:
    """Population (SSB table 07459 shape: Region, ContentsCode=Personer1, Tid) → Population.

    `report`, when given, receives what was read and what was left out (for the user)."""
    require(user is None or access.can_manage_data(user))
    table = place_codes(jsonstat.parse(content, file_name=file_name))
    cells = _population_cells(table)
    if report is not None:
        report.extend(table.summary())
    note = _source_note(table, file_name)
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.POPULATION,
        file_name=file_name[:255],
        source=note[:500],
        source_updated=table.updated,
        row_count=0,
        skipped=len(table.skipped_regions) + table.missing_values,
        imported_by=user if getattr(user, "pk", None) else None,
    )
    saved = _store_population(cells, data_source, note[:500], only_missing)
    batch.row_count = saved
    batch.save(update_fields=["row_count"])
    record(
        user=user,
        action=Action.IMPORT,
        target=batch,
        after={"fil": file_name, "folketall": saved, "lest": table.summary()},
    )
    return batch


def _population_cells(table: jsonstat.Table) -> list[jsonstat.Cell]:
    """The population cells of the table, each a plausible whole number, or JsonStatError."""
    contents = set(table.contents)
    if POPULATION_CONTENTS not in contents and len(contents) != 1:
        raise jsonstat.JsonStatError(
            [
                _(
                    "Filen har statistikkvariablene %(codes)s. For folketall må den ha "
                    "«Personer1» (SSB tabell 07459) eller bare én statistikkvariabel."
                )
                % {"codes": ", ".join(sorted(contents))}
            ]
        )
    chosen = POPULATION_CONTENTS if POPULATION_CONTENTS in contents else next(iter(contents))
    cells = [c for c in table.cells if c.contents_code == chosen]
    problems = [p for p in (_population_cell_problem(c) for c in cells) if p]
    if problems:
        raise jsonstat.JsonStatError(problems)
    return cells


def _population_cell_problem(cell: jsonstat.Cell) -> str | None:
    if cell.value < 0 or cell.value != cell.value.to_integral_value():
        return _(
            "Kommune %(code)s, år %(year)s: folketallet %(value)s er ikke et helt, positivt tall."
        ) % {"code": cell.code, "year": cell.year, "value": cell.value}
    problem = population_problem(cell.year, int(cell.value))
    if problem:
        return _("Kommune %(code)s, år %(year)s: %(problem)s") % {
            "code": cell.code,
            "year": cell.year,
            "problem": problem,
        }
    return None


def _store_population(
    cells: list[jsonstat.Cell], data_source: str, note: str, only_missing: bool
) -> int:
    """Create or update one Population row per cell (bulk); the number saved."""
    current = {
        (p.code, p.year): p for p in Population.objects.filter(code__in={c.code for c in cells})
    }
    to_create, to_update = [], []
    for cell in cells:
        row = current.get((cell.code, cell.year))
        if row is not None and only_missing:
            continue
        if row is None:
            row = Population(code=cell.code, year=cell.year)
            to_create.append(row)
        else:
            row.updated_at = timezone.now()
            to_update.append(row)
        row.value, row.data_source, row.source_note = int(cell.value), data_source, note
    Population.objects.bulk_create(to_create)
    Population.objects.bulk_update(to_update, ["value", "data_source", "source_note", "updated_at"])
    return len(to_create) + len(to_update)


@transaction.atomic
def statistics_import_jsonstat(
    *,
    user,
    content: bytes | str,
    file_name: str,
    data_source: str = DataSource.OFFICIAL,
    report: list[str] | None = None,
) -> ImportBatch:
    """KOSTRA key figures (any table with a municipality dimension, contents and year) →
    ContextStatistic. `report`, when given, receives what was read and what was left out."""
    require(user is None or access.can_manage_data(user))
    table = place_codes(jsonstat.parse(content, file_name=file_name))
    if not table.table_id:
        raise jsonstat.JsonStatError(
            [
                _(
                    "Filen sier ikke hvilken SSB-tabell den kommer fra "
                    "(extension.px.tableid eller tabellnummer først i «label»)."
                )
            ]
        )
    _check_statistic_years(table)
    if report is not None:
        report.extend(table.summary())
    note = _source_note(table, file_name)
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.STATISTICS,
        file_name=file_name[:255],
        source=note[:500],
        source_updated=table.updated,
        row_count=len(table.cells),
        skipped=len(table.skipped_regions) + table.missing_values,
        imported_by=user if getattr(user, "pk", None) else None,
    )
    current = {
        (s.contents_code, s.code, s.year): s
        for s in ContextStatistic.objects.filter(table_id=table.table_id)
    }
    to_create, to_update = [], []
    for cell in table.cells:
        info = table.contents.get(cell.contents_code, {})
        values = {
            "label": info.get("label", cell.contents_code)[:300],
            "unit": info.get("unit", "")[:60],
            "decimals": info.get("decimals", 0),
            "value": cell.value,
            "source_updated": table.updated,
            "batch": batch,
            "data_source": data_source,
            "source_note": note[:500],
        }
        row = current.get((cell.contents_code, cell.code, cell.year))
        if row is None:
            to_create.append(
                ContextStatistic(
                    table_id=table.table_id,
                    contents_code=cell.contents_code,
                    code=cell.code,
                    year=cell.year,
                    **values,
                )
            )
        else:
            for key, value in values.items():
                setattr(row, key, value)
            row.updated_at = timezone.now()
            to_update.append(row)
    ContextStatistic.objects.bulk_create(to_create)
    ContextStatistic.objects.bulk_update(
        to_update, [*values.keys(), "updated_at"] if to_update else ["value"]
    )
    record(
        user=user,
        action=Action.IMPORT,
        target=batch,
        after={"fil": file_name, "verdier": len(table.cells), "lest": table.summary()},
    )
    return batch


def _check_statistic_years(table: jsonstat.Table) -> None:
    problems = [
        _("Kommune %(code)s: året %(year)s er utenfor %(min)s–%(max)s.")
        % {"code": c.code, "year": c.year, "min": ANALYSIS_MIN_YEAR, "max": ANALYSIS_MAX_YEAR}
        for c in table.cells
        if not ANALYSIS_MIN_YEAR <= c.year <= ANALYSIS_MAX_YEAR
    ]
    if problems:
        raise jsonstat.JsonStatError(problems[:50])


def _source_note(table: jsonstat.Table, file_name: str) -> str:
    updated = table.updated.strftime("%d.%m.%Y") if table.updated else _("ukjent dato")
    return _("%(source)s, tabell %(table)s «%(label)s», oppdatert %(updated)s (fil %(file)s)") % {
        "source": table.source or "SSB",
        "table": table.table_id or "?",
        "label": table.label[:120],
        "updated": updated,
        "file": file_name,
    }


def fetch_and_import(
    *,
    user,
    kind: str,
    table_id: str,
    value_codes: dict[str, list[str]],
    opener: Callable[..., Any] | None = None,
    report: list[str] | None = None,
) -> ImportBatch:
    """Optional online import from SSB's PxWebApi v2 (the same import as a saved file)."""
    content = jsonstat.fetch(table_id, value_codes, opener=opener)
    name = jsonstat.pxweb_url(table_id, value_codes)
    if kind == ImportBatch.Kind.POPULATION:
        return population_import_jsonstat(user=user, content=content, file_name=name, report=report)
    return statistics_import_jsonstat(user=user, content=content, file_name=name, report=report)
