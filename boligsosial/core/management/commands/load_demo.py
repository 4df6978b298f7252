from django.core.management.base import BaseCommand, CommandError

from boligsosial.core import demo


class Command(BaseCommand):
    help = (
        "Laster demonstrasjonsdata: Husbanken Region sørs boligsosiale utviklingsprogram med "
        "de seks kommunene slik underveisevalueringen (desember 2011) beskriver dem."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Fjern tidligere demodata først.")

    def handle(self, *args, reset=False, **opts):
        try:
            demo.load_all(do_reset=reset, stdout=self.stdout)
        except demo.DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("Demonstrasjonsdata er lastet."))
