"""boligsosial load_synthetic --municipalities N --years Y

A national synthetic data set for scale tests and benchmarks (see boligsosial.ops.synthetic).
Refused with production settings.
"""

from django.core.management.base import BaseCommand, CommandError

from boligsosial.ops import synthetic


class Command(BaseCommand):
    help = (
        "Lager SYNTETISKE skaldata: ett program med N kommuner fra kommuneregisteret (om lag "
        "hver femte med sammenslåing eller nytt nummer underveis) og Y år med rapporter, "
        "virkemiddeltall, mål, tiltak og oppfølgingsmøter. Ikke for produksjon."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipalities", type=int, default=357)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--first-year", type=int, default=2010)
        parser.add_argument("--seed", type=int, default=2011)
        parser.add_argument(
            "--password", help="Passord for de syntetiske brukerne (ellers kan de ikke logge inn)."
        )
        parser.add_argument("--reset", action="store_true", help="Fjern tidligere syntetiske data.")

    def handle(self, *args, **opts):
        try:
            loaded = synthetic.load(
                municipalities=opts["municipalities"],
                years=opts["years"],
                first_year=opts["first_year"],
                seed=opts["seed"],
                password=opts["password"],
                do_reset=opts["reset"],
                stdout=self.stdout,
            )
        except synthetic.SyntheticRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Syntetiske skaldata lastet på {loaded.seconds:.0f} s: «{loaded.programme.name}», "
                f"{loaded.participations} kommuner ({loaded.changed} med kodeendring underveis), "
                f"{loaded.reports} rapporter, {loaded.values} verdier, {loaded.figures} "
                f"virkemiddeltall, {loaded.meetings} møter."
            )
        )
