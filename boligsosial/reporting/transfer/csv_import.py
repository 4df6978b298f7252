"""The long CSV import: every row checked, then all of it stored in one transaction — or none."""

from __future__ import annotations

import collections
import csv
import gc
import io
import itertools
from collections.abc import Generator, Iterable, Iterator
from typing import IO

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


def _binary_stream(data) -> IO[bytes]:
    """A seekable binary stream of the file: bytes and text are wrapped, an uploaded file
    (Django's File, a temporary file) is read where it lies."""
    if isinstance(data, str):
        return io.BytesIO(data.encode())
    if isinstance(data, (bytes, bytearray, memoryview)):
        return io.BytesIO(data)
    while not isinstance(data, io.IOBase) and hasattr(data, "file"):
        data = data.file
    return data


def _size(stream: IO[bytes]) -> int:
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


def _bad_line(stream: IO[bytes]) -> int:
    """The first line that is not UTF-8 (only read when decoding failed)."""
    stream.seek(0)
    number = 0
    for number, raw in enumerate(stream, start=1):  # noqa: B007 (the last number is wanted)
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            return number
    return max(number, 1)


def _not_utf8(stream: IO[bytes]) -> ImportRefused:
    return refused(
        _("Filen er ikke UTF-8-tekst. Lagre den som «CSV UTF-8» og prøv igjen."),
        line=_bad_line(stream),
    )


class CsvRows:
    """The data rows of a CSV file, read again from the start on every iteration.

    Neither the file's text nor its rows are ever all in memory: an import reads the file
    twice (a quick pass for the municipalities and periods, then the checks), a row at a
    time. A file that is not UTF-8 or not CSV, or has too many rows, is refused while it is
    read — in the first pass, before anything is stored."""

    def __init__(self, stream: IO[bytes], delimiter: str):
        self.stream = stream
        self.delimiter = delimiter

    def _reader(self, text):
        return csv.reader(text, delimiter=self.delimiter)

    def with_header(self) -> Generator[list[str], None, None]:
        self.stream.seek(0)
        # newline="": the csv module splits the records itself (quoted line breaks kept).
        text = io.TextIOWrapper(self.stream, encoding="utf-8-sig", newline="")  # type: ignore[type-var]
        reader = self._reader(text)
        try:
            yield from itertools.islice(reader, MAX_CSV_ROWS + 1)
            if next(reader, None) is not None:
                raise refused(
                    _("Filen har mer enn %(limit)s rader. Del den opp i flere filer.")
                    % {"limit": format_number(MAX_CSV_ROWS)},
                    line=MAX_CSV_ROWS + 2,
                )
        except UnicodeDecodeError as exc:
            raise _not_utf8(self.stream) from exc
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
        finally:
            text.detach()  # the stream stays open for the next pass

    def __iter__(self) -> Iterator[list[str]]:
        rows = self.with_header()
        next(rows, None)  # the header
        return rows


def read_csv(data) -> tuple[list[str], CsvRows]:
    """Header and rows of a CSV file (bytes, text or a binary file object); a file too
    large, not UTF-8 or not CSV is refused. The rows are read lazily (CsvRows)."""
    stream = _binary_stream(data)
    try:
        check_size(_size(stream), what=_("CSV-filen"))
    except ValidationError as exc:
        raise refused(exc.messages[0]) from exc
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")  # type: ignore[type-var]
    try:
        first_line = text.readline(1_000_000)
    except UnicodeDecodeError as exc:
        raise _not_utf8(stream) from exc
    finally:
        text.detach()
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = CsvRows(stream, delimiter)
    first = rows.with_header()
    header = next(first, None)
    first.close()
    if header is None:
        return [], rows
    return [h.strip().lower() for h in header], rows


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
    *, user, programme, header: list[str], rows: Iterable[list[str]], source_note: str = ""
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
        collections.deque(values, maxlen=0)  # every row checked; nothing kept but the entries
        if check.errors:
            raise ImportRefused(check.errors)
        values = check.stored_later(targets)
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


def import_csv(
    *, user, programme, data: bytes | str | IO[bytes], source_note: str = ""
) -> ImportResult:
    """Import a long CSV file: bytes, text, or a seekable binary file object (an uploaded
    file is best passed as it is: it is then read from disk twice, never held in memory)."""
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
