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
    RegionMember,
)
from boligsosial.instruments.services.checks import check_numbers, check_year, require


@transaction.atomic
def frame_save(
    *,
    user: User,
    region: str,
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
    frame = RegionalFrame.objects.filter(region=region, instrument=instrument, year=year).first()
    changes = {
        "amount": amount,
        "programme_target_percent": programme_target_percent,
        "data_source": data_source,
        "source_note": source_note,
    }
    if frame is not None:
        if version_required:
            require_version(version, frame)
        _check_frame(RegionalFrame(region=region, instrument=instrument, year=year, **changes))
        return audited_update(user=user, obj=frame, version=version, changes=changes)  # type: ignore[return-value]
    frame = RegionalFrame(region=region, instrument=instrument, year=year, **changes)
    _check_frame(frame)
    frame.save()
    record(user=user, action=Action.CREATE, target=frame, after=snapshot(frame))
    return frame


def _check_frame(frame: RegionalFrame) -> None:
    frame.full_clean(validate_constraints=False, validate_unique=False)


@transaction.atomic
def region_members_set(
    *,
    user: User | None,
    region: str,
    codes: list[str],
    data_source: str = DataSource.OFFICIAL,
    source_note: str = "",
) -> int:
    require(user is None or access.can_manage_data(user))
    RegionMember.objects.filter(region=region).exclude(code__in=codes).delete()
    existing = set(RegionMember.objects.filter(region=region).values_list("code", flat=True))
    RegionMember.objects.filter(region=region, code__in=existing).update(
        data_source=data_source, source_note=source_note
    )
    RegionMember.objects.bulk_create(
        [
            RegionMember(region=region, code=code, data_source=data_source, source_note=source_note)
            for code in codes
            if code not in existing
        ]
    )
    if user is not None:
        record(
            user=user,
            action=Action.UPDATE,
            target=user,
            comment=_("Kommunene i %(region)s: %(codes)s")
            % {"region": region, "codes": ", ".join(codes)},
        )
    return len(codes)
