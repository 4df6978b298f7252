"""E-mail sent by the background worker (Django tasks), so a slow or unreachable mail server
never holds up a request. Sending is safe to repeat, so a failed send is tried again.

The password reset e-mail is written by the worker when it sends it: the queue's table keeps
a task's arguments until it is pruned, so the request queues only who and where, never the
reset link (a secret that lets anyone reading the table take over the account)."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template import loader
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


@task()
def send_email(
    subject: str,
    body: str,
    to: list[str],
    from_email: str | None = None,
    html: str | None = None,
    attempt: int = 1,
) -> str:
    if _sent(EmailMultiAlternatives(subject, body, from_email, to), html, attempt):
        return "sent"
    _later(send_email, attempt).enqueue(subject, body, to, from_email, html, attempt + 1)
    return "retry"


def _sent(message: EmailMultiAlternatives, html: str | None, attempt: int) -> bool:
    """Send; False when it failed and may be tried again (the last attempt's error is raised)."""
    if html:
        message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        if attempt >= MAX_ATTEMPTS:
            raise
        logger.warning("E-mail to %s failed (attempt %s); trying again", message.to, attempt)
        return False
    return True


def _later(task_, attempt: int):
    """The task, to run again after the back-off for this attempt."""
    delay = dt.timedelta(seconds=settings.JOBS_RETRY_BACKOFF_SECONDS * attempt)
    return task_.using(run_after=timezone.now() + delay) if delay else task_


@task()
def send_password_reset(
    user_pk: int,
    *,
    domain: str,
    site_name: str,
    use_https: bool,
    language: str,
    templates: dict[str, str],
    from_email: str | None = None,
    attempt: int = 1,
) -> str:
    """Make the reset link now (uid + token of the user as stored) and send it."""
    user = get_user_model()._default_manager.filter(pk=user_pk, is_active=True).first()
    if user is None or not user.email:
        return "no-user"  # deactivated or deleted since the request
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": site_name,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if use_https else "http",
    }
    with translation.override(language):
        subject = "".join(loader.render_to_string(templates["subject"], context).splitlines())
        body = loader.render_to_string(templates["body"], context)
        html = (
            loader.render_to_string(templates["html"], context) if templates.get("html") else None
        )
    message = EmailMultiAlternatives(subject, body, from_email, [user.email])
    if _sent(message, html, attempt):
        return "sent"
    _later(send_password_reset, attempt).enqueue(
        user_pk,
        domain=domain,
        site_name=site_name,
        use_https=use_https,
        language=language,
        templates=templates,
        from_email=from_email,
        attempt=attempt + 1,
    )
    return "retry"
