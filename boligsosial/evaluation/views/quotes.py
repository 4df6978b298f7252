"""Pages for quotes: the list by code and municipality, and the publication decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boligsosial.core.concurrency import StaleEditError
from boligsosial.evaluation import (
    access,
    selectors,
    services,
)
from boligsosial.evaluation.forms import (
    QuoteDecisionForm,
)
from boligsosial.evaluation.models import (
    Code,
    Quote,
    QuoteStatus,
)
from boligsosial.evaluation.quotes import identification_warning


@login_required
def quotes(request, pk: int):
    evaluation, can_edit = access.get_evaluation_for_user(request.user, pk)
    team = access.can_read_informant_material(request.user, evaluation)
    code = Code.objects.filter(evaluation=evaluation, slug=request.GET.get("code", "")).first()
    municipality = request.GET.get("kommune", "") or None
    status = request.GET.get("status", "") or None
    if not team:
        status = QuoteStatus.APPROVED  # readers see only what is cleared for publication
    rows = []
    for quote in selectors.quotes_for(
        evaluation, code=code, municipality=municipality, status=status
    ):
        form = QuoteDecisionForm(
            initial={
                "attribution": quote.attribution,
                "status": quote.status,
                "version": quote.version,
                "identification_reviewed": quote.identification_reviewed,
            },
            prefix=f"q{quote.pk}",
        )
        rows.append((quote, identification_warning(quote), form))
    return render(
        request,
        "evaluation/quotes.html",
        {
            "evaluation": evaluation,
            "can_edit": can_edit,
            "rows": rows,
            "codes": selectors.code_tree(evaluation),
            "code": code,
            "municipality": municipality or "",
            "status": status or "",
            "team_only": team,
            "columns": selectors.matrix_columns(evaluation),
            "statuses": QuoteStatus.choices,
        },
    )


@login_required
@require_POST
def quote_decide(request, pk: int):
    quote = get_object_or_404(Quote.objects.select_related("passage__source"), pk=pk)
    evaluation, _can_edit = access.get_evaluation_for_user(
        request.user, quote.passage.source.evaluation_id, for_edit=True
    )
    form = QuoteDecisionForm(request.POST, prefix=f"q{quote.pk}")
    if form.is_valid():
        try:
            services.quote_decide(user=request.user, quote=quote, **form.cleaned_data)
        except StaleEditError as error:
            messages.error(request, str(error))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Vurderingen av sitatet er lagret."))
    else:
        messages.error(request, _("Skriv en tilskrivning og velg en vurdering."))
    return redirect(f"{reverse('evaluation:quotes', args=[evaluation.pk])}#quote-{quote.pk}")
