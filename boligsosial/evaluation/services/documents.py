"""Writes for uploaded documents: stored outside the web root, text extracted for coding."""

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from boligsosial.accounts.models import User
from boligsosial.audit.models import Action
from boligsosial.audit.services import record, snapshot
from boligsosial.core.models import DataSource
from boligsosial.evaluation.models import (
    Document,
    Evaluation,
    SourceKind,
    TextSource,
)
from boligsosial.evaluation.services.common import _require_team
from boligsosial.programmes.models import Participation

# Documents -----------------------------------------------------------------------------------


def _check_upload_size(size: int) -> None:
    from django.conf import settings

    if size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            {
                "file": _(
                    "Filen er for stor (%(size)s MB). Største tillatte størrelse er %(max)s MB."
                )
                % {
                    "size": f"{size / 1024 / 1024:.1f}".replace(".", ","),
                    "max": f"{settings.UPLOAD_MAX_BYTES / 1024 / 1024:.0f}",
                }
            }
        )


@transaction.atomic
def document_upload(
    *,
    user: User,
    evaluation: Evaluation,
    kind: str,
    title: str,
    uploaded_file: UploadedFile,
    participation: Participation | None = None,
    dated: dt.date | None = None,
    data_source: str = DataSource.USER,
    source_note: str = "",
) -> Document:
    """Store a PDF, Word or text file outside the web root and extract its text for coding."""

    from boligsosial.evaluation.documents import DocumentRefused, detect_type, extract_text

    _require_team(user, evaluation)
    if participation is not None and participation.programme_id != evaluation.programme_id:
        raise ValidationError(
            {"participation": _("Kommunen er ikke med i programmet som evalueres.")}
        )
    name = uploaded_file.name or ""
    _check_upload_size(uploaded_file.size or 0)
    content = uploaded_file.read()
    try:
        content_type = detect_type(content, name)
        text = extract_text(content, content_type)
    except DocumentRefused as error:
        raise ValidationError({"file": str(error)}) from None
    source = TextSource.objects.create(
        evaluation=evaluation,
        kind=SourceKind.DOCUMENT,
        name=title,
        participation=participation,
        plain_text=text,
    )
    document = Document(
        evaluation=evaluation,
        kind=kind,
        title=title,
        participation=participation,
        dated=dated,
        original_name=name[:255],
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=user,
        source=source,
        data_source=data_source,
        source_note=source_note,
    )
    from django.core.files.base import ContentFile

    extension = {"application/pdf": ".pdf", "text/plain": ".txt"}.get(content_type, ".docx")
    document.file.save(f"{document.sha256[:16]}{extension}", ContentFile(content), save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    record(
        user=user,
        action=Action.CREATE,
        target=document,
        scope=evaluation,
        after=snapshot(document, exclude=("file",)),
    )
    return document


@transaction.atomic
def document_delete(*, user: User, document: Document) -> None:
    evaluation = document.evaluation
    _require_team(user, evaluation)
    before = snapshot(document, exclude=("file",))
    source = document.source
    storage, name = document.file.storage, document.file.name
    record(user=user, action=Action.DELETE, target=document, scope=evaluation, before=before)
    document.delete()
    source.delete()
    # The file goes only when the deletion is committed: a rollback keeps row and file.
    if name:
        transaction.on_commit(lambda: storage.delete(name))
