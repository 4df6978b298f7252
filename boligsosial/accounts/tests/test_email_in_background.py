"""The password reset e-mail is sent by the background worker, not in the request: with the
database queue, the request answers and the mail leaves only when a worker runs; a send that
fails is tried again (safe: the same e-mail)."""

import io
import json
import socket

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from boligsosial.accounts.models import Role
from boligsosial.accounts.tests.factories import UserFactory

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_the_reset_e_mail_leaves_with_the_worker(client, settings):
    settings.TASKS = DATABASE_QUEUE
    UserFactory(username="hanne", role=Role.HUSBANKEN_ADMIN, email="hanne@husbanken.example")
    response = client.post(reverse("accounts:password_reset"), {"email": "hanne@husbanken.example"})
    assert response.status_code == 302
    assert mail.outbox == []  # queued, not sent in the request
    from django_tasks_db.models import DBTaskResult

    queued = json.dumps(list(DBTaskResult.objects.values("args_kwargs")), default=str)
    assert "nytt-passord" not in queued and "token" not in queued  # no secret in the queue
    run_worker()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["hanne@husbanken.example"]
    assert "/konto/nytt-passord/" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_a_send_that_fails_is_tried_again(client, settings):
    """The first attempt goes to an SMTP port where nothing listens (a real refused
    connection); the retry goes to the test outbox."""
    from django_tasks_db.models import DBTaskResult

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    settings.TASKS = DATABASE_QUEUE
    settings.JOBS_RETRY_BACKOFF_SECONDS = 0
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed_port, "timeout": 2},
        }
    }
    UserFactory(username="hanne", role=Role.HUSBANKEN_ADMIN, email="hanne@husbanken.example")
    client.post(reverse("accounts:password_reset"), {"email": "hanne@husbanken.example"})
    call_command(
        "db_worker", "--max-tasks", "1", "--no-startup-delay", "--no-reload", stdout=io.StringIO()
    )
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # the retry is queued
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    run_worker()
    assert len(mail.outbox) == 1
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == [
        "SUCCESSFUL",
        "SUCCESSFUL",
    ]


@pytest.mark.django_db(transaction=True)
def test_the_link_sent_by_the_worker_sets_a_new_password(client, settings):
    settings.TASKS = DATABASE_QUEUE
    UserFactory(username="hanne", role=Role.HUSBANKEN_ADMIN, email="hanne@husbanken.example")
    client.post(reverse("accounts:password_reset"), {"email": "hanne@husbanken.example"})
    run_worker()
    link = next(w for w in mail.outbox[0].body.split() if "/konto/nytt-passord/" in w)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.request["PATH_INFO"],
        {"new_password1": "Et-langt-nytt-pw-91", "new_password2": "Et-langt-nytt-pw-91"},
    )
    assert done.status_code == 302
    assert client.login(username="hanne", password="Et-langt-nytt-pw-91")
