"""Population for every municipality: SSB table 07459 on 2020 borders, placed on the codes
that were valid each year wherever the registry shows the same territory.

The shipped file (`data/population/ssb_07459_b2020.csv`, see `data/klass/SOURCES.md`) holds
the population on 1 January 2005–2022 of the 356 municipalities of 2020, added up over the
municipal structure of 2020. A code valid in an earlier year gets that year's figure only when
the registry maps it to exactly one 2020 code and that 2020 code back to it alone (renamed or
renumbered, not merged or split): the sum of a later merger is never shown as the population
of one of its parts. Codes without such a match keep "missing" — never zero.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from boligsosial.core.models import DataSource
from boligsosial.municipalities.models import Population, population_problem
from boligsosial.municipalities.selectors import CodeHistory, load_code_history, map_code

NATIONAL_FILE = Path(__file__).resolve().parent / "data" / "population" / "ssb_07459_b2020.csv"
BORDERS_OF = dt.date(2020, 1, 1)
SOURCE_NOTE = "SSB tabell 07459 (2020-grenser, via FHI csdata)"


class NationalPopulationError(ValueError):
    """The national population file is damaged; the message names the line."""


@dataclass(frozen=True)
class NationalFigure:
    year: int
    code_2020: str
    value: int


def read_national_file(path: Path = NATIONAL_FILE) -> list[NationalFigure]:
    """The file's rows, checked: a header `year,code,pop` and plausible numbers on every line."""
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    if reader.fieldnames != ["year", "code", "pop"]:
        raise NationalPopulationError(
            _("Folketallsfilen må ha kolonnene year, code, pop (fant %(found)s).")
            % {"found": ", ".join(reader.fieldnames or [])}
        )
    figures = []
    for line, row in enumerate(reader, start=2):
        code = row["code"] or ""
        try:
            year, value = int(row["year"]), int(row["pop"])
        except (TypeError, ValueError):
            year, value = -1, -1
        problem = population_problem(year, value)
        if len(code) != 4 or not code.isdigit() or problem:
            raise NationalPopulationError(
                _("Linje %(line)s i folketallsfilen er ugyldig: %(problem)s")
                % {"line": line, "problem": problem or _("kommunenummer «%s»") % code}
            )
        figures.append(NationalFigure(year=year, code_2020=code, value=value))
    return figures


def code_with_same_territory(code_2020: str, year: int, history: CodeHistory) -> str | None:
    """The code valid on 1 January `year` that covers exactly what `code_2020` covered in 2020."""
    if not history.knows(code_2020):
        return None
    back = map_code(code_2020, dt.date(year, 1, 1), history=history)
    if back.partial or len(back.codes) != 1:
        return None
    forward = map_code(back.codes[0], BORDERS_OF, history=history)
    if forward.partial or forward.codes != [code_2020]:
        return None
    return back.codes[0]


@transaction.atomic
def load_national_population(path: Path = NATIONAL_FILE) -> int:
    """Add SSB's figure for every (code, year) the registry can place; keeps figures already
    stored (the report's own figures and the transcribed SSB values). Returns rows added."""
    history = load_code_history()
    existing = set(Population.objects.values_list("code", "year"))
    rows = []
    for figure in read_national_file(path):
        code = code_with_same_territory(figure.code_2020, figure.year, history)
        if code is None or (code, figure.year) in existing:
            continue
        existing.add((code, figure.year))
        rows.append(
            Population(
                code=code,
                year=figure.year,
                value=figure.value,
                data_source=DataSource.OFFICIAL,
                source_note=SOURCE_NOTE,
            )
        )
    Population.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
