"""The DHIS2 identifier table (indicator → dataElement UID, kommunenummer → orgUnit UID),
uploaded by an administrator as a CSV file and replaced whole, all or nothing.

The file has the columns `type`, `kode` and `uid` (comma or semicolon separated, UTF-8):

    type,kode,uid
    dataElement,homeless_persons,fbfJHSPpUQD
    orgUnit,0602,ImspTQPwCqd

`type` is `dataElement` (or `indikator`) or `orgUnit` (or `kommune`).
"""

import csv
import io
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from boligsosial.audit.models import Action
from boligsosial.audit.services import record
from boligsosial.core.uploads import check_size
from boligsosial.municipalities.models import Municipality
from boligsosial.reporting import access
from boligsosial.reporting.models import Dhis2Kind, Dhis2Mapping, Indicator

MAX_BYTES = 1024 * 1024
MAX_ROWS = 5000
MAX_ERRORS = 50
UID = re.compile(r"[A-Za-z][A-Za-z0-9]{10}")  # DHIS2's 11-character identifiers
KINDS = {
    "dataelement": Dhis2Kind.DATA_ELEMENT,
    "indikator": Dhis2Kind.DATA_ELEMENT,
    "orgunit": Dhis2Kind.ORG_UNIT,
    "kommune": Dhis2Kind.ORG_UNIT,
}
COLUMNS = ("type", "kode", "uid")


def _rows(data: bytes) -> list[list[str]]:
    check_size(data, what=_("Koblingsfilen"), limit=MAX_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("Koblingsfilen må være UTF-8.")) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:
        raise ValidationError(
            _("Koblingsfilen kan ikke leses som CSV (%(e)s).") % {"e": error}
        ) from None
    if len(rows) > MAX_ROWS + 1:
        raise ValidationError(_("Koblingsfilen har mer enn %(max)s rader.") % {"max": MAX_ROWS})
    return rows


def _header(rows: list[list[str]]) -> dict[str, int]:
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ValidationError(
            _("Koblingsfilen mangler kolonnen %(cols)s (første linje skal være type,kode,uid).")
            % {"cols": ", ".join(f"«{c}»" for c in missing)}
        )
    return {c: header.index(c) for c in COLUMNS}


def parse_mapping(data: bytes) -> list[Dhis2Mapping]:
    """The rows of a mapping file, each checked; ValidationError lists every bad line."""
    rows = _rows(data)
    where = _header(rows)
    indicators = set(Indicator.objects.values_list("code", flat=True))
    municipalities = set(Municipality.objects.values_list("code", flat=True))
    errors: list[str] = []
    seen: dict[tuple, int] = {}
    uids: dict[tuple, int] = {}
    result = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {c: (row[i].strip() if i < len(row) else "") for c, i in where.items()}
        problem = _problem(cells, indicators, municipalities)
        kind = KINDS.get(cells["type"].lower())
        if problem is None and kind is not None:
            key, uid_key = (kind, cells["kode"]), (kind, cells["uid"])
            if key in seen:
                problem = _("«%(code)s» står også på linje %(other)s.") % {
                    "code": cells["kode"],
                    "other": seen[key],
                }
            elif uid_key in uids:
                problem = _("UID-en «%(uid)s» er også brukt på linje %(other)s.") % {
                    "uid": cells["uid"],
                    "other": uids[uid_key],
                }
            seen.setdefault(key, line)
            uids.setdefault(uid_key, line)
        if problem is not None or kind is None:
            errors.append(_("Linje %(line)s: %(problem)s") % {"line": line, "problem": problem})
            continue
        result.append(Dhis2Mapping(kind=kind, code=cells["kode"], uid=cells["uid"]))
    if errors:
        raise ValidationError(errors[:MAX_ERRORS])
    if not result:
        raise ValidationError(_("Koblingsfilen har ingen koblinger."))
    return result


def _problem(cells: dict, indicators: set, municipalities: set) -> str | None:
    kind = KINDS.get(cells["type"].lower())
    if kind is None:
        return _("typen «%(t)s» er ukjent; bruk dataElement eller orgUnit.") % {
            "t": cells["type"][:40]
        }
    if not UID.fullmatch(cells["uid"]):
        return _(
            "«%(uid)s» er ikke en DHIS2-UID (11 tegn, bokstaver og sifre, første tegn en bokstav)."
        ) % {"uid": cells["uid"][:40]}
    if kind == Dhis2Kind.DATA_ELEMENT and cells["kode"] not in indicators:
        return _("indikatorkoden «%(code)s» finnes ikke i katalogen.") % {
            "code": cells["kode"][:60]
        }
    if kind == Dhis2Kind.ORG_UNIT and cells["kode"] not in municipalities:
        return _("kommunenummeret «%(code)s» finnes ikke i kommuneregisteret.") % {
            "code": cells["kode"][:60]
        }
    return None


@transaction.atomic
def dhis2_mapping_upload(*, user, data: bytes) -> dict[str, int]:
    """Replace the whole identifier table with the file's rows."""
    if not access.can_manage_reporting(user):
        raise PermissionDenied
    rows = parse_mapping(data)
    before = Dhis2Mapping.objects.count()
    Dhis2Mapping.objects.all().delete()
    created = Dhis2Mapping.objects.bulk_create(rows)
    counts = {
        "dataelementer": sum(1 for m in created if m.kind == Dhis2Kind.DATA_ELEMENT),
        "organisasjonsenheter": sum(1 for m in created if m.kind == Dhis2Kind.ORG_UNIT),
    }
    record(
        user=user,
        action=Action.IMPORT,
        target=created[0],
        before={"koblinger": before},
        after=counts,
    )
    return counts


def dhis2_uids() -> dict[str, dict[str, str]]:
    """{kind: {code: uid}} for the export."""
    table: dict[str, dict[str, str]] = {k.value: {} for k in Dhis2Kind}
    for kind, code, uid in Dhis2Mapping.objects.values_list("kind", "code", "uid"):
        table[kind][code] = uid
    return table
