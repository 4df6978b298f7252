from django.core.management.base import BaseCommand, CommandError

from boligsosial.core.asof import parse_date, today
from boligsosial.municipalities.selectors import CodeError, map_code


class Command(BaseCommand):
    help = (
        "Viser hvilke kommunenummer en kode tilsvarer på en gitt dato (fram eller tilbake i tid)."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="Kommunenummer, for eksempel 0602")
        parser.add_argument("--at", help="Dato (ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ); standard er i dag")

    def handle(self, *args, code, at=None, **opts):
        date = parse_date(at) if at else today()
        if date is None:
            raise CommandError(f"«{at}» er ikke en gyldig dato. Bruk ÅÅÅÅ-MM-DD.")
        try:
            mapping = map_code(code, date)
        except CodeError as exc:
            raise CommandError(str(exc)) from exc
        if not mapping.codes:
            raise CommandError(
                " ".join(
                    filter(
                        None,
                        [
                            f"Kommunenummer {code} har ingen gyldig kode {date:%d.%m.%Y}.",
                            mapping.note,
                        ],
                    )
                )
            )
        self.stdout.write("\n".join(mapping.codes))
        if mapping.partial:
            self.stderr.write(mapping.note)
