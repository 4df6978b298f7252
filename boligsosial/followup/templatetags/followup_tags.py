from django import template

from boligsosial.followup import access as followup_access
from boligsosial.followup import selectors
from boligsosial.programmes.stored_sections import stored_section

register = template.Library()

# The meetings, participants and agreed actions; the phases (the annual-meeting rule); the
# participation's municipality.
SECTION_APPS = ("municipalities", "programmes", "followup")


@register.simple_tag
def followup_for_participation(participation, user, as_of):
    """The participation page's follow-up section, stored (`programmes.stored_sections`)."""
    can_edit = followup_access.can_edit_log(user, participation)

    def context() -> dict:
        summary = selectors.followup_summary(participation, as_of)
        return {
            "participation": participation,
            "contact": summary.contact,
            "annual": summary.annual,
            "meetings": summary.latest,
            "can_edit": can_edit,
            "as_of": as_of,
        }

    return stored_section(
        "followup",
        participation,
        apps=SECTION_APPS,
        as_of=as_of,
        user=user,
        bits=(can_edit,),
        template="followup/_participation_summary.html",
        context=context,
    )
