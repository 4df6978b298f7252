"""boligsosial backup [ARCHIVE]

Writes the database and the private files (PRIVATE_MEDIA_ROOT) to one archive, consistent
with each other (see boligsosial.ops.backup). Default: var/backup/boligsosial-<time>.tar.gz.
Restore with `boligsosial restore ARCHIVE`.
"""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from boligsosial.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Ta sikkerhetskopi av databasen og de private filene til én arkivfil."

    def add_arguments(self, parser):
        parser.add_argument("archive", nargs="?", help="Arkivfilen som skal skrives (.tar.gz).")

    def handle(self, *args, **options):
        archive = Path(
            options["archive"]
            or Path(settings.VAR_DIR)
            / "backup"
            / f"boligsosial-{dt.datetime.now():%Y%m%d-%H%M%S}.tar.gz"
        )
        try:
            manifest = backup(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Sikkerhetskopi skrevet til {archive} ({manifest['engine']}, "
            f"{len(manifest['files'])} private filer)."
        )
