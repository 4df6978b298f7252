"""Checks every instruments write shares: permission, plausible numbers and years."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from boligsosial.instruments.bounds import (
    FIGURE_MAX_YEAR,
    FIGURE_MIN_YEAR,
    number_problem,
)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def check_numbers(**fields: tuple[Decimal | int | None, Decimal | int, bool]) -> None:
    """ValidationError naming each field whose value is outside its plausible range.

    Keyword: field name → (value, maximum, must be an integer); None is allowed (missing).
    """
    errors = {}
    for name, (value, maximum, integer) in fields.items():
        if value is None:
            continue
        problem = number_problem(Decimal(value), maximum=maximum, integer=integer)
        if problem:
            errors[name] = problem
    if errors:
        raise ValidationError(errors)


def check_year(year: int) -> None:
    if not FIGURE_MIN_YEAR <= year <= FIGURE_MAX_YEAR:
        raise ValidationError(
            {
                "year": _("Året må være mellom %(min)s og %(max)s.")
                % {"min": FIGURE_MIN_YEAR, "max": FIGURE_MAX_YEAR}
            }
        )
