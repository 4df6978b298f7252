"""Queue again the background jobs whose worker died mid-job (run before starting workers).

boligsosial recover_jobs                 jobs with no progress for JOBS_STALE_AFTER_SECONDS
boligsosial recover_jobs --stale-after 0 every running job (no worker runs anywhere)
"""

import datetime as dt

from django.core.management.base import BaseCommand

from boligsosial.jobs.runner import recover_stale


class Command(BaseCommand):
    help = "Setter jobber som stoppet med arbeideren (ingen fremdrift på en stund) i kø igjen."

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale-after",
            type=int,
            default=None,
            metavar="SEKUNDER",
            help="Hvor lenge en jobb kan stå uten fremdrift (standard: JOBS_STALE_AFTER_SECONDS).",
        )

    def handle(self, *args, stale_after=None, **options):
        after = None if stale_after is None else dt.timedelta(seconds=max(0, stale_after))
        recovered = recover_stale(stale_after=after)
        self.stdout.write(f"Satt i kø igjen: {len(recovered)} jobb(er).")
