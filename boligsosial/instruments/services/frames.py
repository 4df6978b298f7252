"""Regional frames and the municipalities of each Husbanken region."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from boligsosial.accounts.models import User
from boligsosial.audit.models import Action
from boligsosial.audit.services import audited_update, record, snapshot
from boligsosial.core.concurrency import require_version
from boligsosial.core.models import DataSource
from boligsosial.instruments import access
from boligsosial.instruments.bounds import (
    MAX_AMOUNT,
)
from boligsosial.instruments.models import (
    INSTRUMENT_INFO,
    RegionalFrame,
)
from boligsosial.instruments.services.checks import check_numbers, check_year, require
from boligsosial.programmes.models import Region
from boligsosial.programmes.regions import region_municipalities_set


@transaction.atomic
def frame_save(
    *,
    user: User,
    region: Region | str,
    instrument: str,
    year: int,
    amount: Decimal,
    programme_target_percent: Decimal | None = None,
    version: int | None = None,
    data_source: str = DataSource.USER,
    source_note: str = "",
    version_required: bool = False,
) -> RegionalFrame:
    """Create or update the frame for (region, instrument, year).

    `version_required=True` (the API) refuses an update without the version it is based on.
    """
    require(access.can_manage_data(user))
    if instrument not in INSTRUMENT_INFO or not INSTRUMENT_INFO[instrument].is_grant:
        raise ValidationError(
            {
                "instrument": _("Bare tilskudd har en regional ramme; %(name)s har ingen.")
                % {"name": instrument}
            }
        )
    check_year(year)
    check_numbers(amount=(amount, MAX_AMOUNT, False))
    region = _existing_region_key(region)
    frame = RegionalFrame.objects.filter(region_id=region, instrument=instrument, year=year).first()
    changes = {
        "amount": amount,
        "programme_target_percent": programme_target_percent,
        "data_source": data_source,
        "source_note": source_note,
    }
    if frame is not None:
        if version_required:
            require_version(version, frame)
        _check_frame(RegionalFrame(region_id=region, instrument=instrument, year=year, **changes))
        return audited_update(user=user, obj=frame, version=version, changes=changes)  # type: ignore[return-value]
    frame = RegionalFrame(region_id=region, instrument=instrument, year=year, **changes)
    _check_frame(frame)
    frame.save()
    record(user=user, action=Action.CREATE, target=frame, after=snapshot(frame))
    return frame


def _check_frame(frame: RegionalFrame) -> None:
    frame.full_clean(validate_constraints=False, validate_unique=False)


def _existing_region_key(region: Region | str) -> str:
    key = getattr(region, "key", region)
    if not isinstance(key, str) or not Region.objects.filter(key=key).exists():
        raise ValidationError({"region": _("Ukjent region «%(key)s».") % {"key": str(key)[:40]}})
    return key


@transaction.atomic
def region_members_set(
    *,
    user: User | None,
    region: str,
    codes: list[str],
    data_source: str = DataSource.OFFICIAL,
    source_note: str = "",
) -> int:
    """Set the municipalities a region serves, without dates (the API's PUT); the region
    pages set them with valid from–to (`programmes.regions.region_municipalities_set`)."""
    require(user is None or access.can_manage_data(user))
    region_obj = Region.objects.get(key=_existing_region_key(region))
    region_municipalities_set(
        user=user,
        region=region_obj,
        rows=[(code, None, None) for code in codes],
        data_source=data_source,
        source_note=source_note,
    )
    return len(codes)
