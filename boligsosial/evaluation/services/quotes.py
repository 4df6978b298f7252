"""Writes for quotes: proposed from coded passages, approved or rejected for publication."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boligsosial.accounts.models import User
from boligsosial.audit.models import Action
from boligsosial.audit.services import record, snapshot
from boligsosial.core.concurrency import bump_version
from boligsosial.core.models import DataSource
from boligsosial.evaluation.models import (
    CodedPassage,
    Quote,
    QuoteStatus,
)
from boligsosial.evaluation.selectors import default_attribution
from boligsosial.evaluation.services.common import _require_team

# Quotes --------------------------------------------------------------------------------------------


@transaction.atomic
def quote_propose(
    *,
    user: User,
    passage: CodedPassage,
    attribution: str = "",
    data_source: str = DataSource.USER,
    source_note: str = "",
) -> Quote:
    evaluation = passage.source.evaluation
    _require_team(user, evaluation)
    if passage.for_agreement_check:
        raise ValidationError(
            _("Utdrag fra samsvarsmålingen kan ikke bli sitater. Bruk hovedkodingen.")
        )
    if Quote.objects.filter(passage=passage).exists():
        raise ValidationError(_("Utdraget er allerede foreslått som sitat."))
    quote = Quote.objects.create(
        passage=passage,
        attribution=(attribution or default_attribution(passage))[:300],
        data_source=data_source,
        source_note=source_note,
    )
    record(user=user, action=Action.CREATE, target=quote, scope=evaluation, after=snapshot(quote))
    return quote


@transaction.atomic
def quote_decide(
    *,
    user: User,
    quote: Quote,
    version: int | None,
    status: str,
    attribution: str | None = None,
    identification_reviewed: bool = False,
) -> Quote:
    """Approve or reject a quote for publication. Approval is refused while the attribution
    could identify the person, unless the evaluator confirms having reviewed that risk."""
    from boligsosial.evaluation.quotes import identification_warning

    evaluation = quote.passage.source.evaluation
    _require_team(user, evaluation)
    if status not in QuoteStatus.values:
        raise ValidationError({"status": _("Ukjent status.")})
    if attribution is not None:
        if not attribution.strip():
            raise ValidationError(
                {
                    "attribution": _(
                        "Skriv hvordan sitatet skal tilskrives, for eksempel «programleder i en programkommune»."
                    )
                }
            )
        quote.attribution = attribution.strip()[:300]
    warning = identification_warning(quote)
    if status == QuoteStatus.APPROVED and warning and not identification_reviewed:
        raise ValidationError(
            {
                "identification_reviewed": warning
                + " "
                + _("Kryss av for at risikoen er vurdert, eller endre tilskrivningen.")
            }
        )
    before = snapshot(Quote.objects.get(pk=quote.pk))
    bump_version(quote, version)
    quote.status = status
    quote.identification_reviewed = bool(identification_reviewed and warning)
    quote.decided_by, quote.decided_at = user, timezone.now()
    quote.save()
    record(
        user=user,
        action=Action.TRANSITION,
        target=quote,
        scope=evaluation,
        before=before,
        after=snapshot(quote),
    )
    return quote
