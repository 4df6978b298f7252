"""Every role × every rule of accounts.access, as one table.

Roles are the personas of conftest's `world`, plus an inactive Husbanken administrator and an
anonymous visitor: neither passes any rule.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from boligsosial.accounts import access
from boligsosial.accounts.models import Role
from boligsosial.accounts.tests.factories import UserFactory

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
HUSBANKEN = {"admin", "contact", "other_contact"}
ACTIVE = set(ROLES) - {"inactive", "anonymous"}

# rule -> the roles for which it is True.
TABLE = {
    "is_active_user": ACTIVE,
    "is_husbanken_admin": {"admin"},
    "is_husbanken": HUSBANKEN,
    "is_evaluator": {"evaluator"},
    "reads_whole_programme": HUSBANKEN | {"evaluator", "viewer"},
    "can_see_evaluation": HUSBANKEN | {"evaluator"},
}
OWN_MUNICIPALITY = {
    "drammen_leader": "drammen",
    "drammen_member": "drammen",
    "skien_leader": "skien",
}


def persona(world, role):
    if role == "anonymous":
        return AnonymousUser()
    if role == "inactive":
        return UserFactory(username="inactive-admin", role=Role.HUSBANKEN_ADMIN, is_active=False)
    return getattr(world, role)


def test_the_table_covers_every_rule_in_the_module():
    rules = {
        name
        for name, value in vars(access).items()
        if callable(value) and getattr(value, "__module__", "") == access.__name__
    }
    assert rules == set(TABLE) | {"own_municipality_id", "_active_role"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rule", sorted(TABLE))
def test_each_role_passes_exactly_the_rules_of_its_row(world, rule, role):
    assert getattr(access, rule)(persona(world, role)) is (role in TABLE[rule])


@pytest.mark.parametrize("role", ROLES)
def test_only_active_municipal_users_have_an_own_municipality(world, role):
    expected = getattr(world, OWN_MUNICIPALITY[role]).pk if role in OWN_MUNICIPALITY else None
    assert access.own_municipality_id(persona(world, role)) == expected


def test_a_municipal_user_without_a_municipality_has_none(world):
    orphan = UserFactory(username="orphan", role=Role.MUNICIPAL_MEMBER, municipality=None)
    assert access.own_municipality_id(orphan) is None
