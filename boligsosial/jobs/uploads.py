"""Uploaded files waiting for a background job (a large import): kept in the private storage,
which app servers and workers share, and removed when the job has finished."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from boligsosial.core.storage import private_storage

UPLOAD_DIR = "jobs/uploads"


def runs_in_background(upload: UploadedFile) -> bool:
    """Whether an import of this file runs as a background job (large files) or in the
    request (small files answer at once)."""
    return (upload.size or 0) >= settings.BACKGROUND_IMPORT_MIN_BYTES


def keep_upload(upload: UploadedFile) -> str:
    """Store the upload for the worker; returns its name in the private storage."""
    upload.seek(0)
    return private_storage().save(f"{UPLOAD_DIR}/{uuid.uuid4().hex}", upload)


def read_upload(name: str) -> bytes:
    with private_storage().open(name, "rb") as stored:
        return stored.read()


def discard_upload(name: str) -> None:
    if name:
        private_storage().delete(name)
