"""Husbanken's regions: reading them, and the national administrator's writes.

A region has a name, an office, valid from–to, and the municipalities it serves, each with
its own valid from–to (a municipality moves to another region, or the region is closed).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext as _

from boligsosial.accounts.access import AnyUser, is_husbanken, is_husbanken_admin
from boligsosial.audit.models import Action
from boligsosial.audit.services import audited_update, record, snapshot
from boligsosial.core.asof import parse_date
from boligsosial.core.concurrency import bump_version
from boligsosial.core.models import DataSource
from boligsosial.core.validation import check_changes, check_fields
from boligsosial.municipalities.selectors import CodeError, check_code_format, load_code_history
from boligsosial.programmes.region_models import Region, RegionMunicipality, served_at

MAX_ROWS = 2000
ServedRow = tuple[str, dt.date | None, dt.date | None]


# --- access -------------------------------------------------------------------------------


def can_see_regions(user: AnyUser) -> bool:
    return is_husbanken(user)


def can_manage_regions(user: AnyUser) -> bool:
    return is_husbanken_admin(user)


def get_region_for_user(user: AnyUser, pk: int, *, for_edit: bool = False) -> Region:
    """The region, or 404 for anyone who may not see (or, for_edit, change) regions."""
    allowed = can_manage_regions(user) if for_edit else can_see_regions(user)
    region = Region.objects.filter(pk=pk).first() if allowed else None
    if region is None:
        raise Http404
    return region


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServedMunicipality:
    code: str
    name: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    current: bool


def regions_overview(at: dt.date) -> list[tuple[Region, int]]:
    """Every region with the number of municipalities it serves on `at` (one query)."""
    regions = Region.objects.annotate(
        served=Count(
            "municipalities",
            filter=Q(
                Q(municipalities__valid_from__isnull=True) | Q(municipalities__valid_from__lte=at),
                Q(municipalities__valid_to__isnull=True) | Q(municipalities__valid_to__gt=at),
            ),
        )
    )
    return [(region, region.served) for region in regions]


def served_municipalities(region: Region, at: dt.date) -> list[ServedMunicipality]:
    """The region's municipalities with their names at `at` (three queries)."""
    history = load_code_history()
    current = set(region.municipalities.filter(served_at(at)).values_list("pk", flat=True))
    return [
        ServedMunicipality(
            code=row.code,
            name=history.name_at(row.code, at),
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            current=row.pk in current,
        )
        for row in region.municipalities.order_by("code", "valid_from")
    ]


def served_as_text(region: Region) -> str:
    """The rows as the edit form shows them: `kode; fra; til` per line."""
    lines = []
    for row in region.municipalities.order_by("code", "valid_from"):
        parts = [row.code]
        if row.valid_from or row.valid_to:
            parts.append(row.valid_from.strftime("%d.%m.%Y") if row.valid_from else "")
        if row.valid_to:
            parts.append(row.valid_to.strftime("%d.%m.%Y"))
        lines.append("; ".join(parts))
    return "\n".join(lines)


# --- parsing the form's text --------------------------------------------------------------


def parse_served_text(text: str) -> list[ServedRow]:
    """Lines `kode[; fra[; til]]` (dates 31.12.2011 or 2011-12-31); errors name the line."""
    rows: list[ServedRow] = []
    problems: list[str] = []
    lines = [line for line in (text or "").splitlines() if line.strip()]
    if len(lines) > MAX_ROWS:
        raise ValidationError(
            {"municipalities": _("Høyst %(n)s linjer om gangen.") % {"n": MAX_ROWS}}
        )
    for number, line in enumerate(lines, start=1):
        parts = [part.strip() for part in line.replace(",", ";").split(";")]
        if len(parts) > 3:
            problems.append(_("Linje %(n)s: høyst tre felt (kode; fra; til).") % {"n": number})
            continue
        code, dates = parts[0], [*parts[1:], "", ""][:2]
        parsed = [parse_date(d) if d else None for d in dates]
        bad = [d for d, p in zip(dates, parsed, strict=True) if d and p is None]
        if bad:
            problems.append(
                _("Linje %(n)s: «%(value)s» er ikke en dato (skriv for eksempel 01.01.2020).")
                % {"n": number, "value": bad[0][:40]}
            )
            continue
        rows.append((code, parsed[0], parsed[1]))
    if problems:
        raise ValidationError({"municipalities": problems})
    return rows


# --- writes -------------------------------------------------------------------------------


def _require_manager(user: AnyUser | None) -> None:
    if user is not None and not can_manage_regions(user):
        raise PermissionDenied


@transaction.atomic
def region_save(
    *,
    user: AnyUser,
    region: Region | None,
    key: str,
    name: str,
    office: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    version: int | None = None,
) -> Region:
    """Create a region (region=None) or change one; the key of an existing region is kept."""
    _require_manager(user)
    if valid_from and valid_to and valid_to <= valid_from:
        raise ValidationError({"valid_to": _("«Gyldig til» må være etter «gyldig fra».")})
    changes = {"name": name, "office": office, "valid_from": valid_from, "valid_to": valid_to}
    others = Region.objects.exclude(pk=region.pk) if region else Region.objects.all()
    if others.filter(name=name).exists():
        raise ValidationError({"name": _("Det finnes alt en region som heter «%s».") % name})
    if region is not None:
        check_changes(region, changes)
        return audited_update(user=user, obj=region, version=version, changes=changes)
    if others.filter(key=key).exists():
        raise ValidationError({"key": _("Kortnavnet «%s» er i bruk.") % key[:40]})
    region = Region(key=key, data_source=DataSource.USER, **changes)
    check_fields(region)
    region.save()
    record(user=user, action=Action.CREATE, target=region, after=snapshot(region))
    return region


def _check_served_rows(rows: list[ServedRow]) -> list[ServedRow]:
    history = load_code_history()
    problems: list[str] = []
    seen: dict[str, list[tuple[dt.date | None, dt.date | None]]] = {}
    for number, (code, start, end) in enumerate(rows, start=1):
        try:
            check_code_format(code)
        except CodeError as error:
            problems.append(_("Linje %(n)s: %(e)s") % {"n": number, "e": error})
            continue
        if not history.knows(code):
            problems.append(
                _("Linje %(n)s: kommunenummer %(code)s finnes ikke i kommuneregisteret.")
                % {"n": number, "code": code}
            )
        if start and end and end <= start:
            problems.append(_("Linje %(n)s: «til» må være etter «fra».") % {"n": number})
        for other_start, other_end in seen.get(code, []):
            if (other_end is None or start is None or start < other_end) and (
                end is None or other_start is None or other_start < end
            ):
                problems.append(
                    _("Linje %(n)s: %(code)s står to ganger for samme tidsrom.")
                    % {"n": number, "code": code}
                )
                break
        seen.setdefault(code, []).append((start, end))
    if problems:
        raise ValidationError({"municipalities": problems})
    return rows


@transaction.atomic
def region_municipalities_set(
    *,
    user: AnyUser | None,
    region: Region,
    rows: list[ServedRow],
    version: int | None = None,
    data_source: str = DataSource.USER,
    source_note: str = "",
) -> int:
    """Replace the municipalities `region` serves with `rows` (all or nothing)."""
    _require_manager(user)
    rows = _check_served_rows(rows)
    before = served_as_text(region)
    if version is not None:
        bump_version(region, version)  # a stale list is refused; the entry below records it
    region.municipalities.all().delete()
    RegionMunicipality.objects.bulk_create(
        [
            RegionMunicipality(
                region=region,
                code=code,
                valid_from=start,
                valid_to=end,
                data_source=data_source,
                source_note=source_note,
            )
            for code, start, end in rows
        ]
    )
    if user is not None:
        record(
            user=user,
            action=Action.UPDATE,
            target=region,
            before={"kommuner": before},
            after={"kommuner": served_as_text(region)},
            comment=_("Kommunene %(region)s betjener") % {"region": region.name},
        )
    return len(rows)
