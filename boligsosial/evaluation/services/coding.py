"""Writes for the codebook, coded passages, memos and settled disagreements."""

import re
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from boligsosial.accounts.models import User
from boligsosial.audit.models import Action
from boligsosial.audit.services import record, snapshot
from boligsosial.core.models import DataSource
from boligsosial.evaluation.models import (
    AgreementDecision,
    Code,
    CodedPassage,
    CodeFramework,
    Evaluation,
    Memo,
    TextSource,
)
from boligsosial.evaluation.selectors import unique_slug
from boligsosial.evaluation.services.common import _require_team

# Codebook and coding --------------------------------------------------------------------------


@transaction.atomic
def code_create(
    *,
    user: User,
    evaluation: Evaluation,
    name: str,
    parent: Code | None = None,
    description: str = "",
    color: str = "",
    is_codable: bool = True,
    slug: str = "",
    guid: uuid.UUID | None = None,
    framework: str = CodeFramework.OWN,
    data_source: str = DataSource.USER,
) -> Code:
    _require_team(user, evaluation)
    if not name.strip():
        raise ValidationError({"name": _("Gi koden et navn.")})
    if parent is not None and parent.evaluation_id != evaluation.pk:
        raise ValidationError({"parent": _("Den overordnede koden hører til en annen evaluering.")})
    if color and not re.fullmatch(r"#[0-9A-Fa-f]{6}", color):
        raise ValidationError({"color": _("Skriv fargen som #RRGGBB, for eksempel #BF8F00.")})
    if slug and Code.objects.filter(evaluation=evaluation, slug=slug).exists():
        raise ValidationError({"slug": _("Kortnavnet «%(s)s» er allerede i bruk.") % {"s": slug}})
    siblings = Code.objects.filter(evaluation=evaluation, parent=parent)
    order = (
        max(siblings.values_list("order", flat=True), default=(parent.order if parent else 0)) or 0
    ) + 1
    code = Code(
        evaluation=evaluation,
        parent=parent,
        name=name.strip(),
        slug=slug or unique_slug(evaluation, name),
        description=description,
        color=color,
        is_codable=is_codable,
        order=order,
        framework=framework,
        data_source=data_source,
    )
    if guid:
        code.guid = guid
    code.save()
    record(
        user=user,
        action=Action.CREATE,
        target=code,
        scope=evaluation,
        after=snapshot(code, exclude=("guid",)),
    )
    return code


@transaction.atomic
def passage_create(
    *,
    user: User,
    source: TextSource,
    code: Code,
    start: int,
    end: int,
    for_agreement_check: bool = False,
    data_source: str = DataSource.USER,
    source_note: str = "",
) -> CodedPassage:
    evaluation = source.evaluation
    _require_team(user, evaluation)
    errors = {}
    if code.evaluation_id != evaluation.pk:
        errors["code"] = _("Koden hører til en annen evaluering.")
    elif not code.is_codable:
        errors["code"] = _("«%(c)s» er en overskrift i kodeboka. Velg en av kodene under den.") % {
            "c": code.name
        }
    if not (0 <= start < end <= len(source.plain_text)):
        errors["start"] = _("Utdraget må ligge innenfor teksten (0–%(n)s tegn).") % {
            "n": len(source.plain_text)
        }
    if errors:
        raise ValidationError(errors)
    existing = CodedPassage.objects.filter(
        source=source,
        code=code,
        start=start,
        end=end,
        coder=user,
        for_agreement_check=for_agreement_check,
    ).first()
    if existing:
        return existing
    passage = CodedPassage.objects.create(
        source=source,
        code=code,
        start=start,
        end=end,
        text=source.plain_text[start:end],
        coder=user,
        for_agreement_check=for_agreement_check,
        data_source=data_source,
        source_note=source_note,
    )
    record(
        user=user,
        action=Action.CREATE,
        target=passage,
        scope=evaluation,
        after={"kode": code.name, "start": start, "slutt": end, "kilde": source.name},
    )
    return passage


@transaction.atomic
def passage_delete(*, user: User, passage: CodedPassage) -> None:
    evaluation = passage.source.evaluation
    _require_team(user, evaluation)
    record(
        user=user,
        action=Action.DELETE,
        target=passage,
        scope=evaluation,
        before={
            "kode": passage.code.name,
            "start": passage.start,
            "slutt": passage.end,
            "kilde": passage.source.name,
        },
    )
    passage.delete()


@transaction.atomic
def memo_create(
    *,
    user: User,
    evaluation: Evaluation,
    text: str,
    passage: CodedPassage | None = None,
    code: Code | None = None,
) -> Memo:
    _require_team(user, evaluation)
    if not text.strip():
        raise ValidationError({"text": _("Skriv notatet.")})
    if passage is not None and passage.source.evaluation_id != evaluation.pk:
        raise PermissionDenied
    if code is not None and code.evaluation_id != evaluation.pk:
        raise PermissionDenied
    if passage is None and code is None:
        raise ValidationError(_("Et memo gjelder et kodet utdrag eller en kode."))
    memo = Memo.objects.create(
        evaluation=evaluation, passage=passage, code=code, author=user, text=text.strip()
    )
    record(
        user=user, action=Action.CREATE, target=memo, scope=evaluation, after={"notat": memo.text}
    )
    return memo


# Agreement ---------------------------------------------------------------------------------------


@transaction.atomic
def disagreement_settle(
    *, user, source: TextSource, code: Code, start: int, end: int, keep: bool
) -> AgreementDecision:
    """Settle one disagreement on a unit [start, end) of a source.

    `keep`: the unit gets the code in the main coding (the other coder's passage is copied
    in if the main coding lacks it). Otherwise the main coding's passages with that code in
    the unit are removed. The agreement-check codings stay as they were, so kappa keeps
    describing the independent coding; the decision is recorded.
    """
    _require_team(user, source.evaluation)
    if code.evaluation_id != source.evaluation_id:
        raise PermissionDenied
    if not (0 <= start < end <= len(source.plain_text)):
        raise ValidationError(
            {
                "start": _("Enheten må ligge innenfor teksten (0–%(n)s tegn).")
                % {"n": len(source.plain_text)}
            }
        )
    in_unit = CodedPassage.objects.filter(source=source, code=code, start__lt=end, end__gt=start)
    main = in_unit.filter(for_agreement_check=False)
    if keep and not main.exists():
        other = in_unit.first()
        if other is None:
            raise ValidationError(_("Ingen av koderne har brukt koden i denne enheten."))
        CodedPassage.objects.create(
            source=source,
            code=code,
            start=other.start,
            end=other.end,
            text=other.text,
            coder=user,
            for_agreement_check=False,
        )
    if not keep:
        main.delete()
    decision, _created = AgreementDecision.objects.update_or_create(
        source=source, code=code, start=start, end=end, defaults={"keep": keep, "decided_by": user}
    )
    comment = (
        _("Uenighet avgjort: koden «%(c)s» beholdes.")
        if keep
        else _("Uenighet avgjort: koden «%(c)s» fjernes.")
    ) % {"c": code.name}
    record(user=user, action=Action.UPDATE, target=source, scope=source.evaluation, comment=comment)
    return decision
