"""boligsosial clean_private_media [--days N] [--dry-run]

Removes private files that no row refers to any more: uploads left behind when the
transaction that stored them was rolled back, and generated report files. Generated
reports (finished or failed jobs) older than --days are deleted with their job rows; they
can be made again. Files younger than an hour are never touched: their upload may still be
in a transaction that has not committed. Each app that writes private files lists its
folder and its referenced files in settings.PRIVATE_FILE_OWNERS (`files.private_files`).
Run it daily from cron.
"""

import datetime as dt
from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

GRACE = dt.timedelta(hours=1)


class Command(BaseCommand):
    help = "Slett private filer som ingen rad viser til, og genererte rapporter eldre enn --days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=30, help="Behold genererte rapporter så mange dager."
        )
        parser.add_argument("--dry-run", action="store_true", help="Bare vis hva som ville gått.")

    def handle(self, *args, **options):
        now = timezone.now()
        young = (now - GRACE).timestamp()
        removed = 0
        with transaction.atomic():
            for dotted in settings.PRIVATE_FILE_OWNERS:
                owner = import_module(dotted)
                folder, kept = owner.private_files(
                    expire_before=now - dt.timedelta(days=options["days"])
                )
                if not folder.is_dir():
                    continue
                for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                    if path in kept or path.stat().st_mtime > young:
                        continue
                    removed += 1
                    self.stdout.write(
                        f"{'Ville slettet' if options['dry_run'] else 'Slettet'} {path}"
                    )
                    if not options["dry_run"]:
                        transaction.on_commit(lambda path=path: path.unlink(missing_ok=True))
            if options["dry_run"]:
                transaction.set_rollback(True)
        self.stdout.write(f"{removed} filer.")
