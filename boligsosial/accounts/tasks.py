"""E-mail sent by the background worker (Django tasks), so a slow or unreachable mail server
never holds up a request. Sending is safe to repeat, so a failed send is tried again."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.utils import timezone

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
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        if attempt >= MAX_ATTEMPTS:
            raise
        logger.warning("E-mail to %s failed (attempt %s); trying again", to, attempt)
        delay = dt.timedelta(seconds=settings.JOBS_RETRY_BACKOFF_SECONDS * attempt)
        runner = send_email.using(run_after=timezone.now() + delay) if delay else send_email
        runner.enqueue(subject, body, to, from_email, html, attempt + 1)
        return "retry"
    return "sent"
