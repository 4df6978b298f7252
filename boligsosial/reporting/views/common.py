"""Helpers shared by the reporting pages."""

from django.core.exceptions import ValidationError

from boligsosial.programmes import access as base_access
from boligsosial.programmes.models import Programme
from boligsosial.reporting.models import Indicator
from boligsosial.reporting.selectors.table_stored import stored_indicator_choices


def _messages_of(error: ValidationError) -> list[str]:
    return (
        [m for messages_ in error.message_dict.values() for m in messages_]
        if hasattr(error, "error_dict")
        else error.messages
    )


def _programmes(user):
    ids = base_access.visible_participations(user).values_list("programme_id", flat=True)
    return Programme.objects.filter(pk__in=ids).order_by("name")


def _indicator_choices() -> list[Indicator]:
    return stored_indicator_choices()
