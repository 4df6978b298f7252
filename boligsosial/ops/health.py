"""The health endpoint (/helse/) for load balancers, systemd and the container runtime.

django-health-check runs the checks concurrently and answers 200 when all pass, 503 when one
fails (what load balancers expect), as JSON (or text with ?format=text): the database answers, the shared cache works, the
private-file folder is writable with room to spare, and the background queue is being worked
(no task has waited longer than BOLIGSOSIAL_QUEUE_MAX_WAIT_MINUTES for a worker).
"""

import dataclasses
import datetime as dt
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable, ServiceWarning
from health_check.views import HealthCheckView


@dataclasses.dataclass
class PrivateFiles(HealthCheck):
    """The private-file folder (shared by app servers and workers) is writable and not full."""

    max_usage_percent: float = 95.0

    def run(self) -> None:
        root = Path(settings.PRIVATE_MEDIA_ROOT)
        try:
            root.mkdir(parents=True, exist_ok=True)
            probe = root / f".health-{uuid.uuid4().hex}"
            probe.write_bytes(b"ok")
            probe.unlink()
        except OSError as exc:
            raise ServiceUnavailable(f"private files not writable: {exc.strerror}") from exc
        usage = shutil.disk_usage(root)
        percent = 100 * usage.used / usage.total
        if percent >= self.max_usage_percent:
            raise ServiceWarning(f"disk {percent:.0f} % full")


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """Someone works the queue: the oldest waiting task is younger than the limit."""

    max_wait_minutes: int = 10

    def run(self) -> None:
        from django_tasks_db.models import DBTaskResult

        if not str(settings.TASKS["default"]["BACKEND"]).startswith("django_tasks_db"):
            return
        limit = timezone.now() - dt.timedelta(minutes=self.max_wait_minutes)
        waiting = DBTaskResult.objects.ready().filter(enqueued_at__lt=limit)
        if waiting.exists():
            raise ServiceUnavailable(
                f"tasks have waited over {self.max_wait_minutes} min: is a worker running?"
            )


class HealthView(HealthCheckView):
    checks: tuple = (
        "health_check.checks.Database",
        "health_check.checks.Cache",
        (PrivateFiles, {}),
        (TaskQueue, {"max_wait_minutes": getattr(settings, "QUEUE_MAX_WAIT_MINUTES", 10)}),
    )

    async def get(self, request, *args, **kwargs) -> HttpResponse:
        if request.GET.get("format") not in {"json", "text"}:
            request.GET = request.GET.copy()
            request.GET["format"] = "json"
        response = await super().get(request, *args, **kwargs)
        if response.status_code == 500:  # a failed check: the service is unavailable
            response.status_code = 503
        return response


def ping(request) -> HttpResponse:
    """A request that does no work: the baseline the load benchmark prints beside every page
    (the same middleware; no database query unless a middleware makes one)."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
