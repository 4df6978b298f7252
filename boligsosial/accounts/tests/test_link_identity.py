import io

import pytest
from django.core.management import CommandError, call_command

from boligsosial.accounts.models import Role
from boligsosial.accounts.tests.factories import UserFactory
from boligsosial.audit.models import AuditEntry

ISSUER = "https://login.microsoftonline.com/tenant/v2.0"


def run(*args) -> str:
    out = io.StringIO()
    call_command("link_identity", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_an_administrator_links_a_user_to_an_identity_without_touching_the_role():
    user = UserFactory(username="kari", role=Role.EVALUATOR)
    assert "kari logger nå inn som abc-123" in run(
        "kari", "--issuer", ISSUER, "--subject", "abc-123"
    )
    user.refresh_from_db()
    assert (user.oidc_issuer, user.oidc_subject, user.role) == (ISSUER, "abc-123", Role.EVALUATOR)
    assert AuditEntry.objects.filter(target_id=str(user.pk), comment="link_identity").exists()
    run("kari")
    user.refresh_from_db()
    assert (user.oidc_issuer, user.oidc_subject) == ("", "")


@pytest.mark.django_db
def test_one_identity_cannot_be_linked_to_two_users():
    UserFactory(username="kari", oidc_issuer=ISSUER, oidc_subject="abc-123")
    UserFactory(username="ola")
    with pytest.raises(CommandError, match="allerede knyttet til en annen bruker"):
        run("ola", "--issuer", ISSUER, "--subject", "abc-123")
    with pytest.raises(CommandError, match="Finner ingen bruker"):
        run("nobody", "--issuer", ISSUER, "--subject", "x")
