"""Shared by the instruments pages: the access check, CSV answers, the chosen programme."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal

from django.http import Http404, HttpResponse

from boligsosial.core.spreadsheet import safe_row
from boligsosial.instruments import access, selectors
from boligsosial.instruments.models import Instrument


def require_user(request):
    if not access.can_use_instruments(request.user):
        raise Http404


def csv_response(filename: str, rows: list[list]) -> HttpResponse:
    """Semicolon-separated UTF-8 with BOM and decimal comma (as SSB's Norwegian CSV); empty =
    missing. Text cells that a spreadsheet would read as a formula get a leading `'`."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    for row in rows:
        writer.writerow([_csv_value(v) for v in safe_row(row)])
    return response


def _csv_value(value):
    """Missing is empty; decimals with a comma; text already made inert by `safe_row`."""
    if value is None:
        return ""
    if isinstance(value, (Decimal, float)):
        return str(value).replace(".", ",")
    return value


def wants_csv(request) -> bool:
    return request.GET.get("format") == "csv"


def chosen_programme(request, form):
    programmes = list(access.visible_programmes(request.user).order_by("name"))
    if not programmes:
        raise Http404
    return (
        access.get_programme_for_user(request.user, form.value("programme", None))
        if form.is_bound
        else programmes[0]
    )


def default_to_year(as_of: dt.date) -> int:
    years = [y for y in selectors.complete_years(Instrument.START_LOAN) if y <= as_of.year]
    return years[-1] if years else as_of.year
