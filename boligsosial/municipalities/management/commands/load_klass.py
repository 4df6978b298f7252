import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from boligsosial.municipalities import klass, services


class Command(BaseCommand):
    help = (
        "Leser inn kommunenummer og kodeendringer fra SSB KLASS (klassifikasjon 131) – "
        "fra lagrede filer, eller fra KLASS-API-et med --fetch."
    )

    def add_arguments(self, parser):
        parser.add_argument("--codes", type=Path, help="JSON fra /classifications/131/codes")
        parser.add_argument("--changes", type=Path, help="JSON fra /classifications/131/changes")
        parser.add_argument("--counties", type=Path, help="JSON fra /classifications/104/codes")
        parser.add_argument("--shipped", action="store_true", help="Les filene som følger med.")
        parser.add_argument(
            "--fetch", action="store_true", help="Hent fra KLASS-API-et (krever nett)."
        )
        parser.add_argument("--from", dest="date_from", default="1977-01-01")
        parser.add_argument("--to", dest="date_to", default=dt.date.today().isoformat())
        parser.add_argument("--save-to", type=Path, default=Path("var/klass"))

    def handle(self, *args, **opts):
        try:
            if opts["fetch"]:
                counts = self._fetch_and_load(opts)
            elif opts["shipped"]:
                counts = services.load_shipped_registry()
            else:
                if not opts["codes"] or not opts["changes"]:
                    raise CommandError(
                        "Oppgi både --codes og --changes, eller --shipped eller --fetch."
                    )
                for key in ("codes", "changes", "counties"):
                    if opts[key] and not opts[key].exists():
                        raise CommandError(f"Finner ikke filen {opts[key]}.")
                counts = services.load_klass_files(
                    codes_path=opts["codes"],
                    changes_path=opts["changes"],
                    counties_path=opts["counties"],
                )
        except klass.KlassFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Lest inn {counts['municipalities']} kommunekoder, {counts['changes']} kodeendringer"
                f" og {counts['counties']} fylkeskoder."
            )
        )

    def _fetch_and_load(self, opts) -> dict:
        start = dt.date.fromisoformat(opts["date_from"])
        end = dt.date.fromisoformat(opts["date_to"])
        folder: Path = opts["save_to"]
        folder.mkdir(parents=True, exist_ok=True)
        paths = {}
        for name, classification, kind in (
            ("codes", klass.MUNICIPALITY_CLASSIFICATION, "codes"),
            ("changes", klass.MUNICIPALITY_CLASSIFICATION, "changes"),
            ("counties", klass.COUNTY_CLASSIFICATION, "codes"),
        ):
            try:
                raw = klass.fetch(classification, kind, start, end)
            except OSError as exc:
                raise CommandError(f"Fikk ikke kontakt med KLASS-API-et: {exc}") from exc
            path = folder / f"{classification}_{kind}.json"
            path.write_bytes(raw)
            paths[name] = path
        return services.load_klass_files(
            codes_path=paths["codes"],
            changes_path=paths["changes"],
            counties_path=paths["counties"],
        )
