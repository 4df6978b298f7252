"""API routes for the good-practice library and started measures per target group."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext

from boligsosial.plans import access as plan_access
from boligsosial.plans import selectors
from boligsosial.plans.api.common import measure_out
from boligsosial.plans.api.router import router
from boligsosial.plans.api.schemas import (
    MeasureOut,
    StartedMunicipalityOut,
)
from boligsosial.plans.models import (
    MeasureStatus,
    Method,
    TargetGroup,
)
from boligsosial.programmes.models import Programme

LIBRARY_QUERY_MAX = 200


def _check_library_filters(*, q: str, **filters: str) -> None:
    """Closed choices for the library's filters; an unknown value is named with the allowed ones."""
    allowed = {
        "target_group": TargetGroup.values,
        "method": Method.values,
        "status": MeasureStatus.values,
        "size": list(selectors.SIZE_BANDS),
    }
    errors = {
        name: [
            gettext("Ukjent verdi «%(value)s». Bruk en av: %(allowed)s.")
            % {"value": value[:100], "allowed": ", ".join(allowed[name])}
        ]
        for name, value in filters.items()
        if value and value not in allowed[name]
    }
    if len(q) > LIBRARY_QUERY_MAX:
        errors["q"] = [
            gettext("Søketeksten kan ha høyst %(limit)s tegn.") % {"limit": LIBRARY_QUERY_MAX}
        ]
    if errors:
        raise ValidationError(errors)


@router.get(
    "/library",
    response=list[MeasureOut],
    summary="Erfaringsbanken: søk i publiserte tiltak og resultater",
)
def library(
    request,
    q: str = "",
    target_group: str = "",
    method: str = "",
    status: str = "",
    size: str = "",
    municipality_code: str = "",
    programme_id: int | None = None,
):
    _check_library_filters(q=q, target_group=target_group, method=method, status=status, size=size)
    programme = None
    if programme_id is not None:
        if programme_id not in plan_access.programme_ids_for(request.user):
            raise Http404
        programme = Programme.objects.get(pk=programme_id)
    municipality_id = None
    if municipality_code:
        from boligsosial.municipalities.models import Municipality

        municipality_id = (
            Municipality.objects.filter(code=municipality_code).values_list("pk", flat=True).first()
            or -1
        )
    rows = selectors.library_search(
        request.user,
        text=q,
        target_group=target_group,
        method=method,
        status=status,
        size=size,
        municipality_id=municipality_id,
        programme=programme,
    )
    return [measure_out(m) for m in rows]


@router.get(
    "/programmes/{programme_id}/started-measures",
    response=list[StartedMunicipalityOut],
    summary="Kommuner med igangsatte tiltak for en målgruppe per dato (rapporten §7.2)",
)
def started_measures(
    request, programme_id: int, target_group: str = TargetGroup.YOUTH, as_of: dt.date | None = None
):
    if programme_id not in plan_access.programme_ids_for(request.user):
        raise Http404
    if target_group not in TargetGroup.values:
        raise ValidationError(
            {"target_group": f"Ukjent målgruppe. Bruk en av: {', '.join(TargetGroup.values)}."}
        )
    programme = Programme.objects.get(pk=programme_id)
    grouped = selectors.started_measures_for_target_group(
        programme, target_group=target_group, as_of=as_of or request.as_of, user=request.user
    )
    return [
        {
            "participation_id": p.pk,
            "municipality_code": p.municipality.code,
            "municipality_name": p.municipality.name,
        }
        for p in grouped
    ]
