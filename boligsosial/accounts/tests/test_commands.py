import io

from django.core.management import call_command

from boligsosial.accounts.models import Role
from boligsosial.accounts.tests.factories import UserFactory
from boligsosial.core.demo import DEMO_PASSWORD


def test_demo_logins_lists_the_demo_users_with_role_municipality_and_password(world):
    UserFactory(
        username="leder-drammen",
        role=Role.MUNICIPAL_LEADER,
        municipality=world.drammen,
        is_demo=True,
    )
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert DEMO_PASSWORD in text
    assert "leder-drammen" in text and "Kommune – programleder, Drammen" in text
    # Only demo users: the personas are ordinary accounts.
    assert "drammen-leader" not in text


def test_demo_logins_prints_the_real_address_and_what_each_contact_follows(world):
    world.contact.is_demo = True
    world.contact.save()
    out = io.StringIO()
    call_command("demo_logins", host="0.0.0.0", port="8123", stdout=out)
    text = out.getvalue()
    assert "http://0.0.0.0:8123" in text
    assert "Husbanken – programkontakt, følger Drammen" in text
