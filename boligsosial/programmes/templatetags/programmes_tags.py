"""What programmes adds to other apps' pages without those apps importing programmes."""

from django import template

from boligsosial.accounts.access import AnyUser
from boligsosial.programmes.access import visible_participations

register = template.Library()


@register.inclusion_tag("programmes/_municipality_participations.html")
def municipality_participations(code: str, user: AnyUser) -> dict:
    """The municipality page's "Deltakelse i program": the participations the user may see."""
    return {
        "participations": visible_participations(user).filter(municipality__code=code),
    }
