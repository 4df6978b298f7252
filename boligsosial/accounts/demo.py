"""One demo user per role, and a programme leader for each of the six municipalities.

All names are illustrative; the report names no one but the regional director.
"""

from typing import Any

from django.contrib.auth.hashers import make_password

from boligsosial.accounts.models import Role, User
from boligsosial.core.demo import DEMO_PASSWORD, refuse_in_production

# (username, first name, last name, role, municipality code, position)
DEMO_USERS = [
    (
        "admin",
        "Hanne",
        "Administrator",
        Role.HUSBANKEN_ADMIN,
        None,
        "Seniorrådgiver, Husbanken Region sør",
    ),
    (
        "kontakt-vest",
        "Knut",
        "Programkontakt",
        Role.PROGRAMME_CONTACT,
        None,
        "Programkontakt for Drammen, Sandefjord og Larvik",
    ),
    (
        "kontakt-sor",
        "Kari",
        "Programkontakt",
        Role.PROGRAMME_CONTACT,
        None,
        "Programkontakt for Arendal, Porsgrunn og Skien",
    ),
    ("leder-arendal", "Programleder", "Arendal", Role.MUNICIPAL_LEADER, "0906", "Programleder"),
    (
        "leder-sandefjord",
        "Programleder",
        "Sandefjord",
        Role.MUNICIPAL_LEADER,
        "0706",
        "Leder for seksjon botiltak og aktivitet",
    ),
    ("leder-porsgrunn", "Programleder", "Porsgrunn", Role.MUNICIPAL_LEADER, "0805", "Programleder"),
    (
        "leder-drammen",
        "Programleder",
        "Drammen",
        Role.MUNICIPAL_LEADER,
        "0602",
        "Rådgiver i rådmannens stab",
    ),
    ("leder-larvik", "Programleder", "Larvik", Role.MUNICIPAL_LEADER, "0709", "Programleder"),
    (
        "leder-skien",
        "Programleder",
        "Skien",
        Role.MUNICIPAL_LEADER,
        "0806",
        "Fungerende programleder, boligkontoret",
    ),
    (
        "medlem-drammen",
        "Teammedlem",
        "Drammen",
        Role.MUNICIPAL_MEMBER,
        "0602",
        "Prosjektmedarbeider",
    ),
    (
        "evaluator",
        "Eva",
        "Evaluator",
        Role.EVALUATOR,
        None,
        "Arbeidsgruppen for underveisevalueringen",
    ),
    ("lesetilgang", "Lise", "Leser", Role.VIEWER, None, "Leser i Husbanken"),
]


def reset() -> None:
    User.objects.filter(is_demo=True).delete()


def load(ctx: dict) -> None:
    refuse_in_production()
    # The user's municipality, reached through the foreign key accounts.models declares by
    # name: accounts sits below municipalities and does not import it.
    municipalities: Any = User._meta.get_field("municipality").related_model._default_manager
    # One hash for the shared demo password: hashing is deliberately slow (~0.5 s each).
    password_hash = make_password(DEMO_PASSWORD)
    users = {}
    for username, first, last, role, code, position in DEMO_USERS:
        municipality = (
            municipalities.get(code=code, valid_from__year__lte=2011, valid_to__gt="2011-12-31")
            if code
            else None
        )
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "municipality": municipality,
                "position": position,
                "is_demo": True,
                "email": f"{username}@demo.boligsosial.example",
                "password": password_hash,
            },
        )
        users[username] = user
    ctx["users"] = users
