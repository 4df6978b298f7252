"""The long CSV import: every row checked, then all of it stored in one transaction — or none."""

from __future__ import annotations

import csv
import gc
import io
import itertools
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from boligsosial.core.formatting import format_number
from boligsosial.core.uploads import check_size
from boligsosial.reporting import access
from boligsosial.reporting.transfer.common import (
    COLUMNS,
    MAX_CSV_ROWS,
    REQUIRED_COLUMNS,
    ImportRefused,
    ImportResult,
    RowError,
    refused,
)
from boligsosial.reporting.transfer.csv_check import FileCheck
from boligsosial.reporting.transfer.store import _store
from boligsosial.reporting.validation import Entry


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refused(
            _("Filen er ikke UTF-8-tekst. Lagre den som «CSV UTF-8» og prøv igjen."),
            line=data.count(b"\n", 0, exc.start) + 1,
        ) from exc


def read_csv(data: bytes | str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV file; a file too large, not UTF-8 or not CSV is refused."""
    try:
        check_size(data if isinstance(data, bytes) else data.encode(), what=_("CSV-filen"))
    except ValidationError as exc:
        raise refused(exc.messages[0]) from exc
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        rows = list(itertools.islice(reader, MAX_CSV_ROWS + 2))
    except csv.Error as exc:
        too_long = "field larger than field limit" in str(exc)
        raise refused(
            _("Filen kan ikke leses som CSV: en celle er lengre enn %(limit)s tegn.")
            % {"limit": format_number(csv.field_size_limit())}
            if too_long
            else _(
                "Filen kan ikke leses som CSV: den inneholder tegn som ikke hører hjemme i en "
                "tekstfil (for eksempel NUL-tegn)."
            ),
            line=reader.line_num,
        ) from exc
    if len(rows) > MAX_CSV_ROWS + 1:
        raise refused(
            _("Filen har mer enn %(limit)s rader. Del den opp i flere filer.")
            % {"limit": format_number(MAX_CSV_ROWS)},
            line=MAX_CSV_ROWS + 2,
        )
    if not rows:
        return [], []
    return [h.strip().lower() for h in rows[0]], rows[1:]


def _require_columns(header: list[str]) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ImportRefused(
            [
                RowError(
                    1,
                    c,
                    _("Kolonnen mangler. Første linje må være: %(cols)s.")
                    % {"cols": ",".join(COLUMNS)},
                )
                for c in missing
            ]
        )


def import_rows(
    *, user, programme, header: list[str], rows: list[list[str]], source_note: str = ""
) -> ImportResult:
    """Validate every row, then store all of them in one transaction — or none."""
    if not access.can_import(user):
        raise PermissionDenied
    _require_columns(header)
    check = FileCheck(user=user, programme=programme, header=header)
    # Every distinct municipality-and-period is looked up first (a quick pass): the reports
    # the file needs are then known before any value is checked, so on PostgreSQL the
    # values go to the server while later rows are still being checked. All of it is one
    # transaction, rolled back if any row is refused.
    targets, lines_of = check.scan(rows)
    values: Iterable[tuple[tuple, Entry]] = check.accepted(rows)
    if connection.vendor != "postgresql" or check.refused_context:
        # SQLite works in this process, so there is nothing to overlap: every row is checked
        # before anything is written (interleaving the two was slower). The same when a row
        # is refused already (period, kommunenummer or access): check the rest and report,
        # without touching the database.
        values = list(values)
        if check.errors:
            raise ImportRefused(check.errors)
    return _store(
        user=user,
        programme=programme,
        targets=targets,
        accepted=values,
        errors=check.errors,
        reports=check.reports,
        periods={p.pk: p for p in check.periods.values()},
        catalogues=check.catalogues,
        source_note=source_note,
        lines_of=lines_of,
    )


def import_csv(*, user, programme, data: bytes | str, source_note: str = "") -> ImportResult:
    # A national file makes millions of short-lived objects; the cyclic garbage collector
    # would rescan them again and again (import time grew faster than the file). Nothing
    # here makes reference cycles, so it is paused for the import.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        header, rows = read_csv(data)
        return import_rows(
            user=user, programme=programme, header=header, rows=rows, source_note=source_note
        )
    finally:
        if gc_was_enabled:
            gc.enable()


# Export -------------------------------------------------------------------------------
