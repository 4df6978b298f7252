"""boligsosial clean_private_media [--days N] [--dry-run]

Removes private files that no row refers to any more: uploads left behind when the
transaction that stored them was rolled back, and generated report files. Generated
reports (finished or failed jobs) older than --days are deleted with their job rows; they
can be made again. Files younger than an hour are never touched: their upload may still be
in a transaction that has not committed. Each app that writes private files lists its
folder in the private storage and the names its rows refer to in
settings.PRIVATE_FILE_OWNERS (`files.private_files`). Works on any private storage (a
folder or object storage). Run it daily from cron.
"""

import datetime as dt
from collections.abc import Iterator
from importlib import import_module

from django.conf import settings
from django.core.files.storage import Storage
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from boligsosial.core.storage import private_storage

GRACE = dt.timedelta(hours=1)


def stored_files(storage: Storage, folder: str) -> Iterator[str]:
    """Every file's name under `folder`, depth first."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a folder nothing was written to yet (object stores have none)
        return
    for name in sorted(files):
        yield f"{folder}/{name}"
    for sub in sorted(folders):
        yield from stored_files(storage, f"{folder}/{sub}")


class Command(BaseCommand):
    help = "Slett private filer som ingen rad viser til, og genererte rapporter eldre enn --days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=30, help="Behold genererte rapporter så mange dager."
        )
        parser.add_argument("--dry-run", action="store_true", help="Bare vis hva som ville gått.")
        parser.add_argument(
            "--grace-hours",
            type=float,
            default=GRACE.total_seconds() / 3600,
            help="Rør aldri filer yngre enn dette (standard 1 time).",
        )

    def handle(self, *args, **options):
        now = timezone.now()
        storage = private_storage()
        young = now - dt.timedelta(hours=max(0.0, options["grace_hours"]))
        removed = 0
        with transaction.atomic():
            for dotted in settings.PRIVATE_FILE_OWNERS:
                owner = import_module(dotted)
                folder, kept = owner.private_files(
                    expire_before=now - dt.timedelta(days=options["days"])
                )
                for name in stored_files(storage, folder):
                    if name in kept or storage.get_modified_time(name) > young:
                        continue
                    removed += 1
                    self.stdout.write(
                        f"{'Ville slettet' if options['dry_run'] else 'Slettet'} {name}"
                    )
                    if not options["dry_run"]:
                        transaction.on_commit(lambda name=name: storage.delete(name))
            if options["dry_run"]:
                transaction.set_rollback(True)
        self.stdout.write(f"{removed} filer.")
