"""`boligsosial reindex_library`: rebuild the good-practice library's full-text index.

Run it after restoring a database with loaddata (the restore leaves SQLite's FTS5 table
empty). It rebuilds the whole index and can be run any number of times.
"""

from django.core.management.base import BaseCommand

from boligsosial.plans import services


class Command(BaseCommand):
    help = "Bygger fritekstindeksen til erfaringsbanken på nytt (trygt å kjøre flere ganger)."

    def handle(self, *args, **options) -> None:
        counts = services.reindex_library()
        lines = [
            f"Tiltak indeksert: {counts.measures}",
            f"Søketekster som var utdatert og er bygd på nytt: {counts.stale_texts}",
        ]
        if counts.index_rows_before is not None:
            lines.append(
                f"Rader i søketabellen før: {counts.index_rows_before}, etter: {counts.index_rows_after}"
            )
        for line in lines:
            self.stdout.write(line)
