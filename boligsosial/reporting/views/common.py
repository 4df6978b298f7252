"""Helpers shared by the reporting pages."""

from django.core.exceptions import ValidationError

from boligsosial.programmes import access as base_access
from boligsosial.programmes.models import Programme
from boligsosial.reporting.models import Indicator


def _messages_of(error: ValidationError) -> list[str]:
    return (
        [m for messages_ in error.message_dict.values() for m in messages_]
        if hasattr(error, "error_dict")
        else error.messages
    )


def _programmes(user):
    ids = base_access.visible_participations(user).values_list("programme_id", flat=True)
    return Programme.objects.filter(pk__in=ids).order_by("name")


def _indicator_choices():
    return list(
        Indicator.objects.filter(is_current=True)
        .prefetch_related("dimensions__options")
        .order_by("order")
    )
