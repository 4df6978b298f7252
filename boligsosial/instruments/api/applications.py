"""Routes for grant applications: create, submit, decide, pay."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from boligsosial.core.concurrency import require_version
from boligsosial.instruments import access, services
from boligsosial.instruments.api.router import require_user, router
from boligsosial.instruments.api.schemas import (
    GrantApplicationIn,
    GrantApplicationOut,
    GrantDecisionIn,
    GrantPaymentIn,
    GrantSubmitIn,
)


@router.get(
    "/applications", response=list[GrantApplicationOut], summary="Søknader du har tilgang til"
)
def list_applications(request):
    require_user(request)
    return list(access.visible_applications(request.auth).prefetch_related("payments"))


@router.get("/applications/{pk}", response=GrantApplicationOut)
def get_application(request, pk: int):
    application, _edit, _decide = access.get_application_for_user(request.auth, pk)
    return application


@router.post("/applications", response=GrantApplicationOut, summary="Ny søknad (utkast)")
def create_application(request, payload: GrantApplicationIn):
    from boligsosial.programmes.access import get_participation_for_user

    participation, _ = get_participation_for_user(request.auth, payload.participation_id)
    data = payload.dict()
    data.pop("participation_id")
    return services.application_create(user=request.auth, participation=participation, **data)


@router.post(
    "/applications/{pk}/submit", response=GrantApplicationOut, summary="Send søknaden til Husbanken"
)
def submit_application(request, pk: int, payload: GrantSubmitIn):
    application, can_edit, _decide = access.get_application_for_user(request.auth, pk)
    if not can_edit:
        raise PermissionDenied  # before the version: the refusal says nothing more (404)
    version = require_version(payload.version, application)
    return services.application_submit(user=request.auth, application=application, version=version)


@router.post(
    "/applications/{pk}/decision", response=GrantApplicationOut, summary="Husbankens vedtak"
)
def decide_application(request, pk: int, payload: GrantDecisionIn):
    application, _edit, can_decide = access.get_application_for_user(request.auth, pk)
    if not can_decide:
        raise PermissionDenied  # before the version: the refusal says nothing more (404)
    data = payload.dict()
    data["version"] = require_version(payload.version, application)
    return services.application_decide(user=request.auth, application=application, **data)


@router.post(
    "/applications/{pk}/payments", response=GrantApplicationOut, summary="Registrer utbetaling"
)
def add_payment(request, pk: int, payload: GrantPaymentIn):
    application, _edit, _decide = access.get_application_for_user(request.auth, pk)
    services.payment_add(user=request.auth, application=application, **payload.dict())
    return access.get_application_for_user(request.auth, pk)[0]
