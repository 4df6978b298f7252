"""Routes for regional frames with their commitments."""

from __future__ import annotations

from django.http import Http404

from boligsosial.instruments import selectors, services
from boligsosial.instruments.api.router import require_user, router
from boligsosial.instruments.api.schemas import (
    FrameIn,
    FrameOut,
)
from boligsosial.instruments.models import (
    RegionalFrame,
)

FRAME_FIELDS = (
    "id",
    "region",
    "instrument",
    "year",
    "amount",
    "programme_target_percent",
    "version",
    "data_source",
)


def _frame_row(frame):
    """The frame's overview row (committed, applied, remaining)."""
    return next(
        r
        for r in selectors.frame_overview(region=frame.region_id, year=frame.year)
        if r.frame.pk == frame.pk
    )


def _frame_out(row) -> dict:
    return {
        **{f: getattr(row.frame, f) for f in FRAME_FIELDS},
        "region": row.frame.region_id,
        "committed": row.committed,
        "applied": row.applied,
        "remaining": row.remaining,
    }


@router.get("/frames", response=list[FrameOut], summary="Regionale rammer med tilsagn")
def list_frames(request, year: int | None = None):
    require_user(request)
    return [_frame_out(r) for r in selectors.frame_overview(year=year)]


@router.post("/frames", response=FrameOut, summary="Lagre en ramme")
def save_frame(request, payload: FrameIn):
    frame = services.frame_save(user=request.auth, version_required=True, **payload.dict())
    return _frame_out(_frame_row(frame))


@router.get("/frames/{pk}", response=FrameOut)
def get_frame(request, pk: int):
    require_user(request)
    frame = RegionalFrame.objects.filter(pk=pk).first()
    if frame is None:
        raise Http404
    return _frame_out(_frame_row(frame))
