"""The instruments router every route module registers on, and its one shared check."""

from django.http import Http404
from ninja import Router

from boligsosial.instruments import access

router = Router(tags=["Virkemidler og statistikk"])


def require_user(request) -> None:
    """Only users who may use instruments reach the routes (others get 404)."""
    if not access.can_use_instruments(request.auth):
        raise Http404
