from django.core.management.base import BaseCommand, CommandError

from boligsosial.core.asof import parse_date, today
from boligsosial.reporting.notifications import send_reminders


class Command(BaseCommand):
    help = (
        "Sender påminnelse om rapportfrist til kommuner som ikke har sendt inn rapporten, "
        "når fristen er nærmere enn programmets varslingsdager. Hver påminnelse sendes én gang. "
        "Kjør daglig (cron/systemd-timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Kjør som om dagen var denne datoen (ÅÅÅÅ-MM-DD).")

    def handle(self, *args, date=None, **opts):
        day = parse_date(date) if date else today()
        if day is None:
            raise CommandError(f"Datoen «{date}» er ikke gyldig. Skriv den som ÅÅÅÅ-MM-DD.")
        sent = send_reminders(today=day, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Sendte {sent} påminnelser."))
