from django import template

from boligsosial.plans import access as plan_access
from boligsosial.plans import selectors
from boligsosial.plans.progress import PROGRESS_RULE_TEXT
from boligsosial.programmes.stored_sections import stored_section

register = template.Library()

# The goals (with their indicators and national goals), measures, results and evidence, and
# the participation's municipality.
SECTION_APPS = ("municipalities", "programmes", "reporting", "plans")


@register.simple_tag
def plans_for_participation(participation, user, as_of):
    """The participation page's plans section, stored (`programmes.stored_sections`): which
    measures the reader sees follows the reader's access, which is in the key."""
    can_edit = plan_access.can_edit_plan(user, participation)

    def context() -> dict:
        measures = selectors.measures_for_summary(user, participation)
        goals = selectors.goals_for(participation)  # once for the tree and the quality flags
        return {
            "participation": participation,
            "goal_rows": selectors.flatten(selectors.goal_tree(participation, as_of, goals)),
            "flags": selectors.goal_hierarchy_quality(participation, goals),
            "measures": measures,
            "timeline": selectors.results_timeline(measures, as_of)[:10],
            "can_edit": can_edit,
            "rule": PROGRESS_RULE_TEXT,
            "as_of": as_of,
        }

    return stored_section(
        "plans",
        participation,
        apps=SECTION_APPS,
        as_of=as_of,
        user=user,
        bits=(can_edit,),
        template="plans/_participation_summary.html",
        context=context,
    )
