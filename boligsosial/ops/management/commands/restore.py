"""boligsosial restore ARCHIVE [--noinput]

Replaces the database and the private files with those in an archive from
`boligsosial backup` (same kind of database). Afterwards it rebuilds the library's search
index with `boligsosial reindex_library` where that command exists.
"""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from boligsosial.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "Gjenopprett databasen og de private filene fra en sikkerhetskopi."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Arkivfilen fra «boligsosial backup».")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Ikke spør før databasen og filene erstattes.",
        )

    def handle(self, *args, **options):
        archive = Path(options["archive"])
        if not archive.is_file():
            raise CommandError(f"Fant ikke sikkerhetskopien «{archive}».")
        if options["interactive"]:
            answer = input(
                "Dette erstatter hele databasen og alle private filer med innholdet i "
                f"«{archive}». Skriv «ja» for å fortsette: "
            )
            if answer.strip().lower() != "ja":
                raise CommandError("Avbrutt; ingenting er endret.")
        try:
            manifest = restore(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Gjenopprettet fra {archive} (tatt {manifest['created_at']}, "
            f"{len(manifest['files'])} private filer)."
        )
        try:
            call_command("reindex_library", stdout=self.stdout, stderr=self.stderr)
        except CommandError as exc:
            self.stdout.write(f"Søkeindeksen ble ikke bygd på nytt: {exc}")
