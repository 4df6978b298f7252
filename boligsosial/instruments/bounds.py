"""Plausibility bounds on what instruments accepts, in one place (issue 11).

Every figure, frame, grant and statistic that reaches the database passes one of these
checks first, whether it comes from a form, the API or an import. The bounds are sane
ranges, not business rules:

- years: 1977–2100 for analyses (the registry starts in 1977), 1990–2100 for stored
  figures, frames and applications (the model's validators);
- amounts (kr): 0 – 50 000 000 000 (50 milliarder: above any municipality's yearly use of
  one instrument and any region's frame; Oslo's start loans are a few milliarder a year);
- counts (cases, households): 0 – 1 000 000;
- KOSTRA key figures: a finite number below 10^12 in absolute value (the column holds 12
  digits before the decimal point).

Population bounds live with the registry (`municipalities.models.MAX_POPULATION`).
The API parameter types below give the same bounds an OpenAPI schema and a Norwegian
message instead of pydantic's English one.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from django.utils.translation import gettext as _
from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from boligsosial.instruments.models import Instrument, Measure

ANALYSIS_MIN_YEAR, ANALYSIS_MAX_YEAR = 1977, 2100
FIGURE_MIN_YEAR, FIGURE_MAX_YEAR = 1990, 2100
MAX_AMOUNT = Decimal(50_000_000_000)
MAX_COUNT = 1_000_000
MAX_STATISTIC = Decimal(10) ** 12


def number_problem(value: Decimal, *, maximum: Decimal | int, integer: bool = False) -> str | None:
    """Why `value` is not a plausible figure (None when it is)."""
    if not value.is_finite():
        return _("«%(value)s» er ikke et endelig tall.") % {"value": value}
    if value < 0:
        return _("tallet kan ikke være negativt.")
    if value > maximum:
        return _("%(value)s er større enn det høyeste tillatte (%(max)s).") % {
            "value": value,
            "max": f"{maximum:,}".replace(",", "\u00a0"),
        }
    if integer and value != value.to_integral_value():
        return _("tallet må være et helt tall.")
    return None


# API parameter types ---------------------------------------------------------------------


def _refuse(message: str, value: Any) -> PydanticCustomError:
    return PydanticCustomError("boligsosial", message, {"value": str(value)[:100]})


def _choice(choices: type, what: str):
    def check(value: Any) -> Any:
        if value not in choices.values:  # type: ignore[attr-defined]
            raise _refuse(
                _("Ukjent %(what)s «%(value)s». Gyldige verdier: %(choices)s.")
                % {
                    "what": what,
                    "value": str(value)[:100],
                    "choices": ", ".join(choices.values),  # type: ignore[attr-defined]
                },
                value,
            )
        return value

    return check


def _int_range(low: int, high: int, what: str):
    def check(value: Any) -> Any:
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            raise _refuse(
                _("%(what)s må være et helt tall; «%(value)s» er det ikke.")
                % {"what": what, "value": str(value)[:100]},
                value,
            ) from None
        if not low <= number <= high:
            raise _refuse(
                _("%(what)s må være mellom %(low)s og %(high)s; «%(value)s» er utenfor.")
                % {"what": what, "low": low, "high": high, "value": str(value)[:100]},
                value,
            )
        return number

    return check


def _decimal_range(high: Decimal, what: str, low: Decimal = Decimal(0)):
    def check(value: Any) -> Any:
        if value is None:
            return None
        try:
            number = Decimal(str(value).strip())
        except ArithmeticError:
            number = Decimal("NaN")
        if not number.is_finite() or not low <= number <= high:
            raise _refuse(
                _("%(what)s må være et tall mellom %(low)s og %(high)s; «%(value)s» er det ikke.")
                % {
                    "what": what,
                    "low": f"{low:,}".replace(",", "\u00a0"),
                    "high": f"{high:,}".replace(",", "\u00a0"),
                    "value": str(value)[:100],
                },
                value,
            )
        return number

    return check


InstrumentParam = Annotated[Instrument, BeforeValidator(_choice(Instrument, "virkemiddel"))]
MeasureParam = Annotated[Measure, BeforeValidator(_choice(Measure, "mål"))]


def _region(value: Any) -> Any:
    from boligsosial.programmes.models import Region

    keys = list(Region.objects.order_by("key").values_list("key", flat=True))
    if value not in keys:
        raise _refuse(
            _("Ukjent region «%(value)s». Gyldige verdier: %(choices)s.")
            % {"value": str(value)[:100], "choices": ", ".join(keys)},
            value,
        )
    return value


RegionParam = Annotated[str, Field(max_length=20), BeforeValidator(_region)]
AnalysisYear = Annotated[
    int,
    Field(ge=ANALYSIS_MIN_YEAR, le=ANALYSIS_MAX_YEAR),
    BeforeValidator(_int_range(ANALYSIS_MIN_YEAR, ANALYSIS_MAX_YEAR, "Året")),
]
FigureYear = Annotated[
    int,
    Field(ge=FIGURE_MIN_YEAR, le=FIGURE_MAX_YEAR),
    BeforeValidator(_int_range(FIGURE_MIN_YEAR, FIGURE_MAX_YEAR, "Året")),
]
Month = Annotated[int, Field(ge=1, le=12), BeforeValidator(_int_range(1, 12, "Måneden"))]
Count = Annotated[
    int, Field(ge=0, le=MAX_COUNT), BeforeValidator(_int_range(0, MAX_COUNT, "Antallet"))
]
Amount = Annotated[
    Decimal,
    Field(ge=0, le=MAX_AMOUNT),
    BeforeValidator(_decimal_range(MAX_AMOUNT, "Beløpet")),
]
Percent = Annotated[
    Decimal,
    Field(ge=0, le=100),
    BeforeValidator(_decimal_range(Decimal(100), "Prosenten")),
]
Version = Annotated[
    int, Field(ge=1, le=2**31 - 1), BeforeValidator(_int_range(1, 2**31 - 1, "Versjonen"))
]
