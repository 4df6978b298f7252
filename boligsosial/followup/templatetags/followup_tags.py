from django import template

from boligsosial.followup import access as followup_access
from boligsosial.followup import selectors

register = template.Library()


@register.inclusion_tag("followup/_participation_summary.html")
def followup_for_participation(participation, user, as_of):
    summary = selectors.followup_summary(participation, as_of)
    return {
        "participation": participation,
        "contact": summary.contact,
        "annual": summary.annual,
        "meetings": summary.latest,
        "can_edit": followup_access.can_edit_log(user, participation),
        "as_of": as_of,
    }
