"""The REST API (django-ninja) under /api/v1/. OpenAPI at /api/v1/openapi.json.

Each app contributes a router from its own api.py. Routes call the same access functions
and services as the web pages, so both behave identically.
"""

from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    ValidationError,
)
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from boligsosial.accounts.api_auth import BearerToken, SessionAuth
from boligsosial.core.concurrency import StaleEditError, VersionRequiredError
from boligsosial.core.uploads import load_json


class BoundedJsonParser(Parser):
    """JSON bodies with a depth limit and no NaN/Infinity (`core.uploads.load_json`).

    Ninja turns any parser exception into a 400 whose cause is the ValidationError;
    `body_not_parsed` below gives its Norwegian message. The body's size is bounded before
    this by DATA_UPLOAD_MAX_MEMORY_SIZE (`request.body` raises RequestDataTooBig).
    """

    def parse_body(self, request):
        return load_json(request.body, what="Forespørselens JSON-innhold")


api = NinjaAPI(
    title="Boligsosial API",
    version="1",
    description=(
        "Boligsosialt utviklingsprogram: kommuneregister, program, programkommuner, faser. "
        "Autentisering: innlogget økt (med CSRF-token) eller «Authorization: Bearer <nøkkel>»."
    ),
    auth=[BearerToken(), SessionAuth()],
    urls_namespace="api",
    parser=BoundedJsonParser(),
)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    detail = str(exc)
    if isinstance(exc.__cause__, ValidationError):
        detail = " ".join(exc.__cause__.messages)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def too_big(request, exc):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return api.create_response(
        request,
        {
            "detail": (
                f"Forespørselen er for stor; største tillatte innhold er {limit:,} byte "
                "(filer lastes opp som multipart/form-data)."
            ).replace(",", "\N{NO-BREAK SPACE}")
        },
        status=413,
    )


@api.exception_handler(TooManyFieldsSent)
def too_many_fields(request, exc):
    return api.create_response(
        request,
        {
            "detail": "Forespørselen har for mange felt; høyst "
            f"{settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} er tillatt."
        },
        status=400,
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Finnes ikke."}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    # The same answer as a missing object: outsiders learn nothing.
    return api.create_response(request, {"detail": "Finnes ikke."}, status=404)


@api.exception_handler(ValidationError)
def invalid(request, exc: ValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": "Ugyldige data.", "errors": errors}, status=422)


# Pydantic's messages are English; these say the same in Norwegian, by error type.
INPUT_MESSAGES = {
    "missing": "Feltet må fylles ut.",
    "string_type": "Oppgi tekst (ikke null, et tall eller en liste).",
    "int_type": "Oppgi et heltall.",
    "int_parsing": "Oppgi et heltall.",
    "int_from_float": "Oppgi et heltall.",
    "float_type": "Oppgi et tall.",
    "float_parsing": "Oppgi et tall.",
    "decimal_type": "Oppgi et tall.",
    "decimal_parsing": "Oppgi et tall.",
    "finite_number": "Oppgi et endelig tall (ikke NaN eller uendelig).",
    "date_type": "Oppgi en gyldig dato på formen ÅÅÅÅ-MM-DD.",
    "date_parsing": "Oppgi en gyldig dato på formen ÅÅÅÅ-MM-DD.",
    "date_from_datetime_parsing": "Oppgi en gyldig dato på formen ÅÅÅÅ-MM-DD.",
    "date_from_datetime_inexact": "Oppgi en dato uten klokkeslett (ÅÅÅÅ-MM-DD).",
    "bool_type": "Oppgi true eller false.",
    "bool_parsing": "Oppgi true eller false.",
    "list_type": "Oppgi en liste.",
    "dict_type": "Oppgi et objekt.",
    "model_type": "Oppgi et objekt.",
    "model_attributes_type": "Oppgi et objekt.",
    "json_invalid": "Innholdet er ikke gyldig JSON.",
}


@api.exception_handler(NinjaValidationError)
def invalid_input(request, exc: NinjaValidationError):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = ".".join(
            str(part) for part in error.get("loc", []) if part not in ("body", "payload")
        )
        message = str(
            INPUT_MESSAGES.get(error.get("type", ""), error.get("msg") or "Ugyldig verdi.")
        )
        errors.setdefault(location or "__all__", []).append(message)
    return api.create_response(request, {"detail": "Ugyldige data.", "errors": errors}, status=422)


def _current_version(obj) -> int:
    return type(obj)._default_manager.values_list("version", flat=True).get(pk=obj.pk)


@api.exception_handler(StaleEditError)
def stale(request, exc: StaleEditError):
    return api.create_response(
        request,
        {
            "detail": str(exc),
            "current_version": _current_version(exc.obj),
        },
        status=409,
    )


@api.exception_handler(VersionRequiredError)
def version_required(request, exc: VersionRequiredError):
    body: dict = {"detail": str(exc)}
    if exc.obj is not None and getattr(exc.obj, "pk", None):
        body["current_version"] = _current_version(exc.obj)
    return api.create_response(request, body, status=428)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(
        request, {"detail": "Du må logge inn eller bruke en API-nøkkel."}, status=401
    )


from boligsosial.evaluation.api import router as evaluation_router  # noqa: E402
from boligsosial.evaluation.api_fieldwork import router as evaluation_fieldwork_router  # noqa: E402
from boligsosial.evaluation_report.api import router as evaluation_report_router  # noqa: E402
from boligsosial.followup.api import router as followup_router  # noqa: E402
from boligsosial.instruments.api import router as instruments_router  # noqa: E402
from boligsosial.municipalities.api import router as municipalities_router  # noqa: E402
from boligsosial.plans.api import router as plans_router  # noqa: E402
from boligsosial.programmes.api import router as programmes_router  # noqa: E402
from boligsosial.reporting.api import router as reporting_router  # noqa: E402

api.add_router("/municipalities", municipalities_router)
api.add_router("/", programmes_router)
api.add_router("/reporting", reporting_router)
api.add_router("/plans", plans_router)
api.add_router("/followup", followup_router)
api.add_router("/instruments", instruments_router)
api.add_router("/evaluation", evaluation_router)
api.add_router("/evaluation", evaluation_fieldwork_router)  # interviews and documents
api.add_router("/evaluation-reports", evaluation_report_router)
