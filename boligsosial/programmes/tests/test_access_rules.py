"""Every role × every rule of programmes.access on Drammen's participation, as one table.

`contact` follows Drammen, `other_contact` follows Skien; the inactive user is a closed
Husbanken administrator's account, so a rule that forgets `is_active` fails here (and a
closed programme contact has its own test below).
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from boligsosial.accounts.models import Role
from boligsosial.accounts.tests.factories import UserFactory
from boligsosial.programmes import access

ROLES = [
    "admin",
    "contact",
    "other_contact",
    "drammen_leader",
    "drammen_member",
    "skien_leader",
    "evaluator",
    "viewer",
    "inactive",
    "anonymous",
]
READERS = {
    "admin",
    "contact",
    "other_contact",
    "drammen_leader",
    "drammen_member",
    "evaluator",
    "viewer",
}
EDITORS = {"admin", "contact"}
ORGANISATION_EDITORS = EDITORS | {"drammen_leader", "drammen_member"}

# rule -> the roles for which it holds for Drammen's participation (or its programme).
TABLE = {
    "visible_participations": READERS,
    "can_edit_participation": EDITORS,
    "can_edit_organisation": ORGANISATION_EDITORS,
    "can_create_participation": {"admin"},
    "can_see_programme": READERS | {"skien_leader"},
    "get_participation_for_user": READERS,
    "get_participation_for_user(for_edit)": EDITORS,
    "get_organisation_for_user": READERS,
    # Drammen's own municipal users, under any code Drammen has had (0602, 3005, 3301).
    "is_own_participation": {"drammen_leader", "drammen_member"},
    "own_municipality_codes": {"drammen_leader", "drammen_member"},
    # The stored portfolio's key: a scope that takes in Drammen's participation.
    "reader_scope": READERS,
}


@pytest.fixture
def persona(world):
    inactive = UserFactory(username="closed", role=Role.HUSBANKEN_ADMIN, is_active=False)
    users = {"inactive": inactive, "anonymous": AnonymousUser()}
    return lambda role: users.get(role) or getattr(world, role)


def holds(world, rule, user) -> bool:
    participation = world.drammen_participation
    if rule == "visible_participations":
        return access.visible_participations(user).filter(pk=participation.pk).exists()
    if rule in ("can_edit_participation", "can_edit_organisation"):
        return getattr(access, rule)(user, participation)
    if rule == "can_create_participation":
        return access.can_create_participation(user)
    if rule == "can_see_programme":
        return access.can_see_programme(user, participation.programme)
    if rule == "is_own_participation":
        return access.is_own_participation(user, participation)
    if rule == "own_municipality_codes":
        return participation.municipality.code in access.own_municipality_codes(user)
    if rule == "reader_scope":
        scope = access.reader_scope(user)
        return scope in (("whole programme",), ("municipality", participation.municipality_id))
    try:
        if rule == "get_organisation_for_user":
            found, _ = access.get_organisation_for_user(user, participation.pk)
        else:
            for_edit = rule.endswith("(for_edit)")
            found, _ = access.get_participation_for_user(user, participation.pk, for_edit=for_edit)
    except Http404:
        return False
    return found == participation


def test_the_table_covers_every_participation_rule_in_the_module():
    own = {
        name
        for name, value in vars(access).items()
        if callable(value) and getattr(value, "__module__", "") == access.__name__
    }
    assert own == {rule.split("(")[0] for rule in TABLE}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rule", sorted(TABLE))
def test_each_role_passes_exactly_the_rules_of_its_row(world, persona, rule, role):
    assert holds(world, rule, persona(role)) is (role in TABLE[rule])


def test_readers_with_the_same_scope_see_the_same_participations(world, persona):
    """Stored pages are keyed on `reader_scope`: it must part every two readers whose
    visible participations differ."""
    seen = {
        role: frozenset(access.visible_participations(persona(role)).values_list("pk", flat=True))
        for role in ROLES
    }
    for role in ROLES:
        for other in ROLES:
            if access.reader_scope(persona(role)) == access.reader_scope(persona(other)):
                assert seen[role] == seen[other], (role, other)


@pytest.mark.parametrize("role", sorted(READERS))
def test_the_edit_flag_returned_with_a_visible_participation_agrees_with_the_rule(
    world, persona, role
):
    user = persona(role)
    _, can_edit = access.get_participation_for_user(user, world.drammen_participation.pk)
    _, can_edit_organisation = access.get_organisation_for_user(
        user, world.drammen_participation.pk
    )
    assert can_edit is (role in EDITORS)
    assert can_edit_organisation is (role in ORGANISATION_EDITORS)


def test_a_closed_contact_account_loses_the_edit_rights_it_had(world):
    closed = UserFactory(username="closed", role=Role.PROGRAMME_CONTACT, is_active=False)
    world.drammen_participation.programme_contact = closed
    world.drammen_participation.save()
    assert not access.can_edit_participation(closed, world.drammen_participation)
    closed.is_active = True
    assert access.can_edit_participation(closed, world.drammen_participation)


def test_a_municipal_user_sees_only_their_municipality_and_outsiders_nothing(world):
    def names(user):
        return sorted(p.municipality.name for p in access.visible_participations(user))

    assert names(world.skien_leader) == ["Skien"]
    assert names(world.viewer) == ["Drammen", "Skien"]
    assert names(AnonymousUser()) == []
