"""Log-in through the organisation's identity provider, end to end.

A real OpenID Connect provider (panva/node-oidc-provider, installed by `make install-test`
from the npm registry into accounts/tests/oidc_provider/) runs on 127.0.0.1; Chromium goes
through the whole authorization-code flow with PKCE against Boligsosial's live server.
"""

import json
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

from boligsosial.accounts.models import Role
from boligsosial.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.browser

PROVIDER_DIR = Path(__file__).parent / "oidc_provider"
CLIENT_ID = "boligsosial-test"
CLIENT_SECRET = "a-test-secret-that-is-long-enough-for-hs256-0123456789"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def identity_provider(live_server, settings):
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        pytest.fail(
            "The test OpenID Connect provider is not installed: run `make install-test` "
            "(npm ci in boligsosial/accounts/tests/oidc_provider)."
        )
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    callback = live_server.url + reverse("oidc_authentication_callback")
    process = subprocess.Popen(
        ["node", "provider.mjs"],
        cwd=PROVIDER_DIR,
        env={
            **os.environ,
            "ISSUER": issuer,
            "PORT": str(port),
            "REDIRECT_URI": callback,
            "CLIENT_ID": CLIENT_ID,
            "CLIENT_SECRET": CLIENT_SECRET,
            "NODE_ENV": "test",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        discovery = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration") as r:
                    discovery = json.load(r)
                break
            except OSError:
                if process.poll() is not None:
                    break
                time.sleep(0.1)
        if discovery is None:
            process.kill()
            pytest.fail("The OpenID Connect provider did not start:\n" + process.stdout.read())
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_OP_ISSUER = discovery["issuer"]
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = discovery["authorization_endpoint"]
        settings.OIDC_OP_TOKEN_ENDPOINT = discovery["token_endpoint"]
        settings.OIDC_OP_USER_ENDPOINT = discovery["userinfo_endpoint"]
        settings.OIDC_OP_JWKS_ENDPOINT = discovery["jwks_uri"]
        settings.OIDC_PROVIDER_NAME = "Testkommunens innlogging"
        settings.AUTHENTICATION_BACKENDS = [
            *settings.AUTHENTICATION_BACKENDS,
            "boligsosial.accounts.oidc.OrganisationLoginBackend",
        ]
        yield discovery["issuer"]
    finally:
        process.terminate()
        process.wait(timeout=10)


def _log_in_at_the_provider(page, live_server, login: str) -> None:
    from boligsosial.core.testing.browser import assert_accessible

    page.goto(live_server.url + reverse("accounts:login"))
    assert_accessible(page)
    page.get_by_role("link", name="Logg inn med Testkommunens innlogging").click()
    # The provider's own pages: its log-in form, then its consent prompt.
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any")
    page.locator("button[type=submit]").click()
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/**")


def test_a_linked_user_logs_in_through_the_identity_provider_with_their_own_role(
    db, identity_provider, page, live_server
):
    from boligsosial.municipalities.tests.factories import MunicipalityFactory

    drammen = MunicipalityFactory(code="0602", name="Drammen")
    leader = UserFactory(
        username="kari",
        first_name="Kari",
        last_name="Programleder",
        role=Role.MUNICIPAL_LEADER,
        municipality=drammen,
        oidc_issuer=identity_provider,
        oidc_subject="kari-i-drammen",
    )
    _log_in_at_the_provider(page, live_server, "kari-i-drammen")

    assert page.url.startswith(live_server.url + reverse("programmes:portfolio"))
    assert "Kari Programleder" in page.content()
    leader.refresh_from_db()
    # The provider claimed role husbanken_admin and municipality 0301: both ignored.
    assert leader.role == Role.MUNICIPAL_LEADER and leader.municipality == drammen


def test_an_identity_no_administrator_has_linked_is_refused_and_no_account_is_made(
    db, identity_provider, page, live_server
):
    from boligsosial.accounts.models import User

    UserFactory(username="ola", oidc_issuer="https://another-issuer.example", oidc_subject="ola")
    before = User.objects.count()
    _log_in_at_the_provider(page, live_server, "ola")

    assert page.url.startswith(live_server.url + reverse("accounts:login"))
    assert "ikke knyttet til en aktiv bruker i Boligsosial" in page.content()
    assert User.objects.count() == before
    page.goto(live_server.url + reverse("programmes:portfolio"))
    assert reverse("accounts:login") in page.url


def test_a_deactivated_user_cannot_log_in_through_the_identity_provider(
    db, identity_provider, page, live_server
):
    UserFactory(
        username="gone",
        is_active=False,
        oidc_issuer=identity_provider,
        oidc_subject="gone",
    )
    _log_in_at_the_provider(page, live_server, "gone")
    assert "ikke knyttet til en aktiv bruker i Boligsosial" in page.content()
