"""boligsosial compact_change_log

Keeps the change log (core.changes) small on PostgreSQL: every watched table's rows are
replaced by one new marker row, so no fingerprint taken afterwards equals one taken before
(stored computations are computed once more, nothing is lost). Safe while the application
runs: writers only append, and rows of transactions not yet committed are left. Stored
computations also compact the log when it has grown past core.changes.COMPACT_ABOVE rows;
run this daily from cron where imports and edits are many. On SQLite it does nothing (the
log is one counter row per table).
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from boligsosial.core import changes


class Command(BaseCommand):
    help = "Compacts the change log behind the stored computations (PostgreSQL)."

    def handle(self, *args, **options) -> None:
        before = changes.log_size()
        removed = changes.compact()
        self.stdout.write(
            _("Endringsloggen: %(removed)s av %(before)s rader fjernet, %(now)s igjen.")
            % {"removed": removed, "before": before, "now": changes.log_size()}
        )
