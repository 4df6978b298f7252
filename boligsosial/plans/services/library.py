"""The good-practice library's full-text index, kept in step with measures and rebuilt on demand.

PostgreSQL searches `search_text` with the norwegian configuration (GIN index); SQLite keeps
the FTS5 table `plans_measure_fts` (rowid = measure id) in step here.
"""

from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F

from boligsosial.plans.models import (
    Measure,
)


def _search_text(measure: Measure) -> str:
    participation = measure.participation
    parts = [
        measure.name,
        measure.description,
        participation.municipality.name,
        measure.leader,
        measure.partners,
        " ".join(measure.target_group_labels()),
        " ".join(measure.method_labels()),
        measure.get_status_display(),
    ]
    parts += [r.text + " " + (r.value_label or "") for r in measure.results.all()]
    return "\n".join(p for p in parts if p)


def reindex_measure(measure: Measure) -> None:
    text = _search_text(measure)
    Measure.objects.filter(pk=measure.pk).update(search_text=text)
    measure.search_text = text
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM plans_measure_fts WHERE rowid = %s", [measure.pk])
            cursor.execute(
                "INSERT INTO plans_measure_fts(rowid, search_text) VALUES (%s, %s)",
                [measure.pk, text],
            )


def delete_from_index(pk: int) -> None:
    """Remove a deleted measure from the SQLite index (PostgreSQL indexes the row itself)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM plans_measure_fts WHERE rowid = %s", [pk])


@dataclass
class ReindexCounts:
    measures: int
    stale_texts: int
    index_rows_before: int | None
    index_rows_after: int | None


PG_SEARCH_INDEX = (
    "CREATE INDEX IF NOT EXISTS plans_measure_search_gin ON plans_measure "
    "USING gin (to_tsvector('norwegian'::regconfig, COALESCE(search_text, '')))"
)


def _fts_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM plans_measure_fts")
        return cursor.fetchone()[0]


@transaction.atomic
def reindex_library() -> ReindexCounts:
    """Rebuild the whole full-text index of the good-practice library; safe to run again.

    Every measure's search text is rebuilt from its current content. SQLite: the FTS5 table
    is emptied and filled from those texts (a restore with loaddata leaves it empty).
    PostgreSQL: the GIN index on the texts is created if a restore left it out.
    """
    measures = list(
        Measure.objects.select_related("participation__municipality").prefetch_related(
            "target_groups", "methods", "results"
        )
    )
    stale = []
    for measure in measures:
        text = _search_text(measure)
        if text != measure.search_text:
            measure.search_text = text
            stale.append(measure)
    Measure.objects.bulk_update(stale, ["search_text"], batch_size=500)
    before = after = None
    if connection.vendor == "sqlite":
        before = _fts_count()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM plans_measure_fts")
            cursor.executemany(
                "INSERT INTO plans_measure_fts(rowid, search_text) VALUES (%s, %s)",
                [(m.pk, m.search_text) for m in measures],
            )
        after = _fts_count()
        _record_a_change(measures)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'plans_measure_search_gin'")
            if cursor.fetchone() is None:
                cursor.execute(PG_SEARCH_INDEX)
    return ReindexCounts(
        measures=len(measures),
        stale_texts=len(stale),
        index_rows_before=before,
        index_rows_after=after,
    )


def _record_a_change(measures: list[Measure]) -> None:
    """The library page is stored under the change log's fingerprint of the measures' table
    (`plans.views.library`); SQLite's FTS5 index lives beside it, so a rebuilt index is
    recorded as a change of that table: one row rewritten as it is. (PostgreSQL searches the
    measures' own column: a rebuilt text is a written row, a created index changes no hit.)"""
    if measures:
        Measure.objects.filter(pk=measures[0].pk).update(search_text=F("search_text"))
