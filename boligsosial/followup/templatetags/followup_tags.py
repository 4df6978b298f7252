from django import template

from boligsosial.followup import access as followup_access
from boligsosial.followup import selectors

register = template.Library()


@register.inclusion_tag("followup/_participation_summary.html")
def followup_for_participation(participation, user, as_of):
    return {
        "participation": participation,
        "contact": selectors.contact_status(participation, as_of),
        "annual": selectors.annual_meetings(participation, as_of=as_of),
        "meetings": selectors.meeting_log(participation, as_of)[:8],
        "can_edit": followup_access.can_edit_log(user, participation),
        "as_of": as_of,
    }
