"""Private files (evidence, documents, generated reports, uploads waiting for a background
import) go through one Django storage, STORAGES["private"], that app servers and workers
share: a folder (PRIVATE_MEDIA_ROOT) by default, S3-compatible object storage through
django-storages when BOLIGSOSIAL_S3_* is set (config/settings.py)."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages


def private_storage() -> Storage:
    """The private storage. Also the callable `storage=` of private FileFields, so the
    migration records the function, not one machine's path."""
    return storages["private"]


class PrivateFileSystemStorage(FileSystemStorage):
    """A folder outside the web root: PRIVATE_MEDIA_ROOT, read when used (not when the
    storage is made), so tests and commands that point it elsewhere are followed."""

    @property  # type: ignore[override]
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property  # type: ignore[override]
    def location(self):
        return os.path.abspath(self.base_location)

    @property  # type: ignore[override]
    def base_url(self):
        # Private files have no URL; views that check access serve them.
        return None


def delete_private_files(names) -> None:
    """Delete these files from the private storage (missing ones are ignored)."""
    storage = private_storage()
    for name in names:
        storage.delete(name)
