"""Import SSB statistics (JSON-stat 2.0 or 1.0) from a saved file or, when online, from
PxWebApi v2. A saved file's region dimension is found by its codes (KOSTRA calls it
KOKkommuneregion0000); a fetch names it with --region-dimension.

boligsosial import_ssb population 07459.json
boligsosial import_ssb statistics kostra-12262.json
boligsosial import_ssb population --fetch 07459 --region 0602 0806 --year 2010 2011
boligsosial import_ssb statistics --fetch 12262 --region-dimension KOKkommuneregion0000 \
    --region 0602 --year 2011 --contents KOSTRAbolig
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from boligsosial.instruments import services
from boligsosial.instruments.jsonstat import JsonStatError
from boligsosial.instruments.models import ImportBatch


class Command(BaseCommand):
    help = (
        "Importerer folketall eller KOSTRA-nøkkeltall fra SSB (JSON-stat 2.0 eller 1.0, fil eller "
        "PxWebApi v2)."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["population", "statistics"])
        parser.add_argument("file", nargs="?", help="Lagret JSON-stat-fil (2.0 eller 1.0).")
        parser.add_argument(
            "--fetch", metavar="TABELL", help="Hent tabellen fra SSBs PxWebApi v2 i stedet."
        )
        parser.add_argument("--region", nargs="+", default=[], help="Kommunenummer.")
        parser.add_argument(
            "--region-dimension",
            default="Region",
            help="Regiondimensjonen i tabellen: Region, eller KOKkommuneregion0000 i KOSTRA.",
        )
        parser.add_argument("--year", nargs="+", default=[], help="År (Tid).")
        parser.add_argument(
            "--contents",
            nargs="+",
            default=None,
            help="Statistikkvariabler (ContentsCode); for folketall Personer1.",
        )

    def handle(self, *args, kind, file=None, fetch=None, region=(), year=(), contents=None, **opts):
        report: list[str] = []
        try:
            if fetch:
                codes = {
                    opts.get("region_dimension") or "Region": list(region) or ["*"],
                    "Tid": list(year) or ["*"],
                    "ContentsCode": contents or (["Personer1"] if kind == "population" else ["*"]),
                }
                batch = services.fetch_and_import(
                    user=None, kind=kind, table_id=fetch, value_codes=codes, report=report
                )
            elif file:
                path = Path(file)
                if not path.exists():
                    raise CommandError(f"Fant ikke filen {path}.")
                importer = (
                    services.population_import_jsonstat
                    if kind == ImportBatch.Kind.POPULATION
                    else services.statistics_import_jsonstat
                )
                batch = importer(
                    user=None, content=path.read_bytes(), file_name=path.name, report=report
                )
            else:
                raise CommandError("Oppgi en fil eller --fetch TABELL.")
        except JsonStatError as error:
            raise CommandError(
                "Ikke importert, ingenting er lagret:\n" + "\n".join(error.problems)
            ) from error
        self.stdout.write(
            self.style.SUCCESS(f"Importert {batch.row_count} verdier fra {batch.file_name}.")
        )
        for line in report:
            self.stdout.write(line)
