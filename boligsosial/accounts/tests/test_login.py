"""Log-in: demo users (their password is public) are refused in production."""

import pytest
from django.core.checks import Error, run_checks
from django.urls import reverse

from boligsosial.accounts.models import Role
from boligsosial.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _log_in(client, username):
    return client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})


def test_a_demo_user_logs_in_outside_production(client, settings):
    settings.IS_PRODUCTION = False
    UserFactory(username="admin-demo", role=Role.HUSBANKEN_ADMIN, is_demo=True)
    assert _log_in(client, "admin-demo").status_code == 302


def test_a_demo_user_is_refused_at_log_in_in_production(client, settings):
    settings.IS_PRODUCTION = True
    UserFactory(username="admin-demo", role=Role.HUSBANKEN_ADMIN, is_demo=True)
    response = _log_in(client, "admin-demo")
    assert response.status_code == 200
    assert "Demobrukere kan ikke logge inn i produksjon" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_real_user_logs_in_in_production(client, settings):
    settings.IS_PRODUCTION = True
    UserFactory(username="hanne", role=Role.HUSBANKEN_ADMIN)
    assert _log_in(client, "hanne").status_code == 302


def test_a_demo_users_session_from_before_ends_in_production(client, settings):
    user = UserFactory(username="admin-demo", role=Role.HUSBANKEN_ADMIN, is_demo=True)
    client.force_login(user)
    settings.IS_PRODUCTION = True
    assert client.get(reverse("programmes:portfolio")).status_code == 302  # to the log-in page


def _demo_user_errors():
    return [
        m for m in run_checks(databases=["default"]) if isinstance(m, Error) and m.id == "ops.E001"
    ]


def test_the_system_check_reports_active_demo_users_in_production(settings):
    settings.IS_PRODUCTION = True
    UserFactory(username="admin-demo", is_demo=True)
    UserFactory(username="gone-demo", is_demo=True, is_active=False)
    UserFactory(username="hanne")
    errors = _demo_user_errors()
    assert len(errors) == 1
    assert "admin-demo" in errors[0].msg and "gone-demo" not in errors[0].msg


def test_the_system_check_is_quiet_outside_production_and_without_demo_users(settings):
    settings.IS_PRODUCTION = False
    UserFactory(username="admin-demo", is_demo=True)
    assert _demo_user_errors() == []
    settings.IS_PRODUCTION = True
    UserFactory(username="admin-demo").delete()
    assert _demo_user_errors() == []
