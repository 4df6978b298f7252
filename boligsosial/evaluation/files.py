"""Private files this app owns, for `boligsosial clean_private_media`."""

from pathlib import Path

from django.conf import settings


def private_files(*, expire_before) -> tuple[Path, set[Path]]:
    """(the folder uploaded documents are written to, the files a Document row refers to)."""
    from boligsosial.evaluation.models import Document

    storage = Document._meta.get_field("file").storage
    names = Document.objects.exclude(file="").values_list("file", flat=True)
    kept = {Path(storage.path(name)) for name in names}
    return Path(settings.PRIVATE_MEDIA_ROOT) / "evaluation" / "documents", kept
