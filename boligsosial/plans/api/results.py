"""API routes for results and their evidence files (upload, delete, private download)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import File, Form, Status
from ninja.files import UploadedFile

from boligsosial.core.downloads import private_file_response
from boligsosial.plans import access as plan_access
from boligsosial.plans import services
from boligsosial.plans.api.common import load_measure, result_out
from boligsosial.plans.api.router import router
from boligsosial.plans.api.schemas import (
    ResultOut,
)
from boligsosial.plans.models import (
    Evidence,
    Result,
)


@router.post(
    "/measures/{pk}/results",
    response={201: ResultOut},
    summary="Nytt resultat, eventuelt med dokumentasjon (multipart)",
)
def create_result(
    request,
    pk: int,
    date: Form[dt.date],
    text: Form[str],
    value: Form[Decimal | None] = None,
    value_label: Form[str] = "",
    value_unit: Form[str] = "",
    date_note: Form[str] = "",
    indicator_code: Form[str] = "",
    file: File[UploadedFile | None] = None,
):
    from boligsosial.reporting.models import Indicator

    measure = load_measure(request.user, pk, for_edit=True)
    indicator = (
        Indicator.objects.filter(code=indicator_code, is_current=True).first()
        if indicator_code
        else None
    )
    if indicator_code and indicator is None:
        raise ValidationError(
            {"indicator_code": f"Fant ingen gjeldende indikator med kode «{indicator_code}»."}
        )
    result = services.result_add(
        user=request.user,
        measure=measure,
        date=date,
        text=text,
        value=value,
        value_label=value_label,
        value_unit=value_unit,
        date_note=date_note,
        indicator=indicator,
        files=[file] if file else [],
    )
    return Status(201, result_out(result))


@router.delete("/measures/{pk}/results/{result_pk}", response={204: None})
def delete_result(request, pk: int, result_pk: int):
    measure = load_measure(request.user, pk, for_edit=True)
    services.result_delete(
        user=request.user, result=get_object_or_404(Result, pk=result_pk, measure=measure)
    )
    return Status(204, None)


@router.post(
    "/measures/{pk}/results/{result_pk}/evidence",
    response={201: ResultOut},
    summary="Legg dokumentasjon til et resultat (multipart, feltet «file»)",
)
def add_evidence(request, pk: int, result_pk: int, file: File[UploadedFile]):
    measure = load_measure(request.user, pk, for_edit=True)
    result = get_object_or_404(Result, pk=result_pk, measure=measure)
    services.evidence_add(user=request.user, result=result, uploaded=file)
    return Status(201, result_out(Result.objects.prefetch_related("evidence").get(pk=result.pk)))


@router.delete("/evidence/{pk}", response={204: None})
def delete_evidence(request, pk: int):
    evidence = (
        Evidence.objects.select_related("result__measure__participation").filter(pk=pk).first()
    )
    if evidence is None or not plan_access.can_see_evidence(request.user, evidence):
        raise Http404
    plan_access.get_measure_for_user(request.user, evidence.result.measure_id, for_edit=True)
    services.evidence_delete(user=request.user, evidence=evidence)
    return Status(204, None)


@router.get(
    "/evidence/{pk}",
    url_name="plans_evidence",
    summary="Last ned dokumentasjon (bare for dem som ser tiltaket)",
)
def download_evidence(request, pk: int):
    evidence = Evidence.objects.select_related("result__measure").filter(pk=pk).first()
    if (
        evidence is None
        or not plan_access.can_see_evidence(request.user, evidence)
        or not evidence.file_exists()
    ):
        raise Http404
    return private_file_response(
        evidence.open_file(),
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
