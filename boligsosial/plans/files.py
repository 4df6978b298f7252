"""Private files this app owns, for `boligsosial clean_private_media`."""

from pathlib import Path

from django.conf import settings


def private_files(*, expire_before) -> tuple[Path, set[Path]]:
    """(the folder evidence files are written to, the files an Evidence row refers to)."""
    from boligsosial.plans.models import Evidence

    root = Path(settings.PRIVATE_MEDIA_ROOT)
    kept = {root / name for name in Evidence.objects.values_list("storage_name", flat=True)}
    return root / "plans" / "evidence", kept
