"""The plans overview's rows are stored (issue 14): a goal or measure written through any path
shows on the next visit, and a reader sees only the participations and drafts they may see."""

import re

from django.urls import reverse

from boligsosial.plans import services
from boligsosial.plans.models import Goal, GoalLevel
from boligsosial.plans.tests.factories import GoalFactory, make_measure


def _rows(client) -> dict[str, tuple[str, str]]:
    """Municipality → (measures, goal hierarchy flags) as the overview shows them."""
    page = client.get(reverse("plans:index")).text
    rows = re.findall(
        r'<th scope="row"><a[^>]*>([^<]*)</a></th>\s*<td>[^<]*</td>\s*'
        r'<td class="bs-num">(\d+)</td>\s*<td>(.*?)</td>\s*</tr>',
        page,
        re.S,
    )
    return {name: (measures, flags) for name, measures, flags in rows}


def test_a_goal_saved_through_the_service_shows_on_the_next_visit(world, client_for):
    admin = client_for(world.admin)
    assert "no_main_goals" in _rows(admin)["Drammen"][1]
    services.goal_save(
        user=world.drammen_leader,
        participation=world.drammen_participation,
        level=GoalLevel.MAIN,
        title="Forebygge bostedsløshet",
    )
    flags = _rows(admin)["Drammen"][1]
    assert "no_main_goals" not in flags and "Forebygge bostedsløshet" in flags


def test_a_goal_renamed_in_bulk_shows_on_the_next_visit(world, client_for):
    goal = GoalFactory(participation=world.drammen_participation, title="Gammelt navn")
    admin = client_for(world.admin)
    assert "Gammelt navn" in _rows(admin)["Drammen"][1]
    Goal.objects.filter(pk=goal.pk).update(title="Nytt navn")
    assert "Nytt navn" in _rows(admin)["Drammen"][1]


def test_each_reader_sees_only_their_participations_and_the_drafts_they_may_count(
    world, client_for
):
    make_measure(world.drammen_participation, name="Publisert")
    make_measure(world.drammen_participation, name="Utkast", published=False)
    make_measure(world.skien_participation, name="Skiens utkast", published=False)
    admin = _rows(client_for(world.admin))
    drammen = _rows(client_for(world.drammen_leader))
    skien = _rows(client_for(world.skien_leader))
    evaluator = _rows(client_for(world.evaluator))
    assert admin["Drammen"][0] == "2" and admin["Skien"][0] == "1"
    assert set(drammen) == {"Drammen"} and drammen["Drammen"][0] == "2"
    assert set(skien) == {"Skien"} and skien["Skien"][0] == "1"
    assert evaluator["Drammen"][0] == "1" and evaluator["Skien"][0] == "0"
