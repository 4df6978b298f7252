"""Log-in lockout (django-axes), password change and password reset by e-mail."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from boligsosial.accounts.models import ApiToken, Role
from boligsosial.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


@pytest.fixture
def hanne():
    return UserFactory(username="hanne", role=Role.HUSBANKEN_ADMIN, email="hanne@husbanken.example")


def _try(client, password, username="hanne", address="192.0.2.10"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_25_wrong_passwords_lock_the_user_out_even_with_the_right_one(client, hanne):
    statuses = [_try(client, f"wrong-{n}").status_code for n in range(25)]
    assert statuses[:9] == [200] * 9  # the form again, with its error
    assert set(statuses[10:]) == {429}
    response = _try(client, PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Innloggingen er midlertidig sperret" in page
    assert "Vent 30 minutter" in page
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_user_name_and_address(client, hanne):
    for n in range(10):
        _try(client, f"wrong-{n}")
    assert _try(client, PASSWORD).status_code == 429
    assert _try(client, PASSWORD, address="198.51.100.7").status_code == 302


def test_a_successful_log_in_resets_the_count(client, hanne):
    for n in range(9):
        _try(client, f"wrong-{n}")
    assert _try(client, PASSWORD).status_code == 302
    client.logout()
    for n in range(9):
        _try(client, f"wrong-{n}")
    assert _try(client, PASSWORD).status_code == 302


def test_a_locked_out_user_keeps_using_the_api_with_a_token(client, hanne):
    _, key = ApiToken.issue(user=hanne, name="integrasjon")
    for n in range(12):
        _try(client, f"wrong-{n}")
    response = client.get("/api/v1/programmes", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200


def test_a_logged_in_user_changes_the_password(client, hanne):
    client.force_login(hanne)
    assert client.get(reverse("accounts:password_change")).status_code == 200
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Sommer-i-Skien-2026",
            "new_password2": "Sommer-i-Skien-2026",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/konto/passord/endret/"
    assert (
        client.get(reverse("programmes:portfolio")).status_code == 200
    )  # the session survives the change
    hanne.refresh_from_db()
    assert hanne.check_password("Sommer-i-Skien-2026")


def test_a_wrong_current_password_is_explained_in_norwegian(client, hanne):
    client.force_login(hanne)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "feil", "new_password1": "Sommer-i-Skien-2026", "new_password2": "x"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Skjemaet er ikke lagret" in page
    assert "Nåværende passord" in page
    hanne.refresh_from_db()
    assert hanne.check_password(PASSWORD)


def test_password_change_needs_a_log_in(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_a_password_reset_e_mail_is_sent_and_its_link_sets_a_new_password(client, hanne):
    response = client.post(reverse("accounts:password_reset"), {"email": "hanne@husbanken.example"})
    assert response.status_code == 302 and response["Location"] == "/konto/glemt-passord/sendt/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hanne@husbanken.example"]
    assert message.subject == "Nytt passord i Boligsosial"
    assert "«hanne»" in message.body
    link = re.search(r"http://testserver(/konto/nytt-passord/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)
    assert "Lag nytt passord" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Vinter-i-Drammen-2026", "new_password2": "Vinter-i-Drammen-2026"},
    )
    assert done.status_code == 302 and done["Location"] == "/konto/nytt-passord/ferdig/"
    hanne.refresh_from_db()
    assert hanne.check_password("Vinter-i-Drammen-2026")
    assert "virker ikke lenger" in client.get(link, follow=True).content.decode()


def test_a_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, hanne):
    response = client.post(reverse("accounts:password_reset"), {"email": "ukjent@example.no"})
    assert response.status_code == 302 and response["Location"] == "/konto/glemt-passord/sendt/"
    assert mail.outbox == []


def test_the_log_in_page_links_to_password_reset(client):
    link = f'href="{reverse("accounts:password_reset")}"'
    assert link in client.get(LOGIN).content.decode()
