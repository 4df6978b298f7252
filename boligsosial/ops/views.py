"""`/helse/`: is this instance able to serve? For load balancers and monitoring.

Checks the database (a query answers) and the disk (the private-file folder is writable and
has free space). 200 with {"status": "ok", …} when all pass, 503 otherwise. No log-in, no
details beyond pass/fail per check.
"""

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

MIN_FREE_BYTES = 100 * 1024 * 1024


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _disk() -> bool:
    folder = Path(settings.PRIVATE_MEDIA_ROOT)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".health-"):
            pass
        return shutil.disk_usage(folder).free >= getattr(
            settings, "HEALTH_MIN_FREE_BYTES", MIN_FREE_BYTES
        )
    except OSError:
        return False


@never_cache
@require_GET
def health(request):
    checks = {"database": _database(), "disk": _disk()}
    healthy = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "feil",
            "checks": {k: "ok" if v else "feil" for k, v in checks.items()},
        },
        status=200 if healthy else 503,
    )
