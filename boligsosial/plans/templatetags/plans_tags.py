from django import template

from boligsosial.plans import access as plan_access
from boligsosial.plans import selectors
from boligsosial.plans.progress import PROGRESS_RULE_TEXT

register = template.Library()


@register.inclusion_tag("plans/_participation_summary.html")
def plans_for_participation(participation, user, as_of):
    measures = selectors.measures_for_summary(user, participation)
    goals = selectors.goals_for(participation)  # once for the tree and the quality flags
    return {
        "participation": participation,
        "goal_rows": selectors.flatten(selectors.goal_tree(participation, as_of, goals)),
        "flags": selectors.goal_hierarchy_quality(participation, goals),
        "measures": measures,
        "timeline": selectors.results_timeline(measures, as_of)[:10],
        "can_edit": plan_access.can_edit_plan(user, participation),
        "rule": PROGRESS_RULE_TEXT,
        "as_of": as_of,
    }
