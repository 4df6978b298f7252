"""Writes for results and their evidence files."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from boligsosial.accounts.models import User
from boligsosial.audit.models import Action
from boligsosial.audit.services import record, snapshot
from boligsosial.core.storage import delete_private_files, private_storage
from boligsosial.core.validation import check_fields
from boligsosial.plans.evidence import CheckedFile, check_upload
from boligsosial.plans.models import (
    Evidence,
    Measure,
    Result,
)
from boligsosial.plans.services.common import require_plan_editor as _require
from boligsosial.plans.services.library import reindex_measure

if TYPE_CHECKING:
    from boligsosial.reporting.models import Indicator


@transaction.atomic
def result_add(
    *,
    user: User,
    measure: Measure,
    date: dt.date,
    text: str,
    value: Decimal | None = None,
    value_label: str = "",
    value_unit: str = "",
    date_note: str = "",
    indicator: "Indicator | None" = None,
    files: Iterable[UploadedFile] = (),
    **provenance: Any,
) -> Result:
    _require(user, measure.participation)
    errors = {}
    if not (text or "").strip():
        errors["text"] = [_("Beskriv resultatet.")]
    if date is None:
        errors["date"] = [_("Oppgi datoen resultatet gjelder.")]
    if value is not None and indicator is None and not (value_label or "").strip():
        errors["value_label"] = [
            _(
                "Skriv hva tallet måler, for eksempel «leietakere som har kjøpt bolig», eller velg indikatoren det gjelder."
            )
        ]
    if indicator is not None and value is None:
        errors["value"] = [_("Oppgi tallet for indikatoren, eller fjern indikatoren.")]
    checked = []
    for uploaded in files or ():
        try:
            checked.append((uploaded.name or "", check_upload(uploaded)))
        except ValidationError as error:
            errors.setdefault("file", []).extend(error.message_dict.get("file", error.messages))
    if errors:
        raise ValidationError(errors)
    result = Result(
        measure=measure,
        date=date,
        text=text.strip(),
        value=value,
        indicator=indicator,
        value_label=(value_label or "").strip(),
        value_unit=(value_unit or "").strip(),
        date_note=date_note or "",
        **provenance,
    )
    check_fields(result)
    result.save()
    for name, checked_file in checked:
        _store_evidence(user=user, result=result, name=name, checked=checked_file)
    reindex_measure(measure)
    record(
        user=user,
        action=Action.CREATE,
        target=result,
        scope=measure.participation,
        after=snapshot(result),
    )
    return result


@transaction.atomic
def result_delete(*, user: User, result: Result) -> None:
    measure = result.measure
    _require(user, measure.participation)
    names = [e.storage_name for e in result.evidence.all()]
    record(
        user=user,
        action=Action.DELETE,
        target=result,
        scope=measure.participation,
        before=snapshot(result),
    )
    result.delete()
    reindex_measure(measure)
    transaction.on_commit(lambda: delete_private_files(names))


@transaction.atomic
def evidence_add(*, user: User, result: Result, uploaded: UploadedFile) -> Evidence:
    _require(user, result.measure.participation)
    checked = check_upload(uploaded)
    return _store_evidence(user=user, result=result, name=uploaded.name or "", checked=checked)


def _store_evidence(*, user: User, result: Result, name: str, checked: CheckedFile) -> Evidence:
    evidence = Evidence(
        result=result,
        original_name=name[:255],
        kind=checked.kind,
        content_type=checked.content_type,
        size=len(checked.data),
        sha256=checked.sha256,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    storage = private_storage()
    evidence.storage_name = storage.save(evidence.storage_name, ContentFile(checked.data))
    try:
        evidence.save()
    except Exception:
        storage.delete(evidence.storage_name)
        raise
    record(
        user=user,
        action=Action.CREATE,
        target=evidence,
        scope=result.measure.participation,
        after={"fil": name, "type": checked.kind, "størrelse": len(checked.data)},
    )
    return evidence


@transaction.atomic
def evidence_delete(*, user: User, evidence: Evidence) -> None:
    participation = evidence.result.measure.participation
    _require(user, participation)
    name = evidence.storage_name
    record(
        user=user,
        action=Action.DELETE,
        target=evidence,
        scope=participation,
        before={"fil": evidence.original_name},
    )
    evidence.delete()
    transaction.on_commit(lambda: private_storage().delete(name))
