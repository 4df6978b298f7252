"""Pages for the codebook, coded passages, the code matrix, retrieval, REFI-QDA and agreement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boligsosial.core.forms import apply_validation_error as _apply_errors
from boligsosial.evaluation import (
    access,
    kappa,
    refiqda,
    selectors,
    services,
)
from boligsosial.evaluation.forms import (
    CodebookUploadForm,
    CodeForm,
    CodeMemoForm,
    MemoForm,
    SettleForm,
    form_errors_text,
)
from boligsosial.evaluation.models import (
    Code,
    CodedPassage,
    CodeSet,
    TextSource,
)
from boligsosial.evaluation.views.common import back_to_source, download


@login_required
@require_POST
def passage_delete(request, pk: int):
    passage = get_object_or_404(CodedPassage.objects.select_related("source"), pk=pk)
    access.get_evaluation_for_user(request.user, passage.source.evaluation_id, for_edit=True)
    source = passage.source
    services.passage_delete(user=request.user, passage=passage)
    messages.success(request, _("Kodingen er fjernet."))
    return back_to_source(source)


@login_required
@require_POST
def passage_memo(request, pk: int):
    passage = get_object_or_404(CodedPassage.objects.select_related("source"), pk=pk)
    evaluation, _can_edit = access.get_evaluation_for_user(
        request.user, passage.source.evaluation_id, for_edit=True
    )
    form = MemoForm(request.POST)
    if form.is_valid():
        services.memo_create(
            user=request.user,
            evaluation=evaluation,
            passage=passage,
            text=form.cleaned_data["text"],
        )
        messages.success(request, _("Memoet er lagret."))
    else:
        messages.error(request, _("Memoet er tomt. Skriv notatet og lagre igjen."))
    return back_to_source(passage.source)


@login_required
@require_POST
def passage_quote(request, pk: int):
    passage = get_object_or_404(CodedPassage.objects.select_related("source"), pk=pk)
    access.get_evaluation_for_user(request.user, passage.source.evaluation_id, for_edit=True)
    try:
        services.quote_propose(user=request.user, passage=passage)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Utdraget er foreslått som sitat. Det må godkjennes før en rapport kan bruke det."),
        )
    return back_to_source(passage.source)


@login_required
def codebook(request, pk: int):
    evaluation, can_edit = access.get_evaluation_for_user(request.user, pk)
    form = CodeForm(request.POST or None, evaluation=evaluation)
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if "memo" in request.POST:
            memo_form = CodeMemoForm(request.POST, evaluation=evaluation)
            if memo_form.is_valid():
                services.memo_create(
                    user=request.user,
                    evaluation=evaluation,
                    code=memo_form.cleaned_data["code"],
                    text=memo_form.cleaned_data["memo"],
                )
                messages.success(request, _("Memoet er lagret."))
            else:
                messages.error(request, form_errors_text(memo_form))
            return redirect("evaluation:codebook", evaluation.pk)
        if form.is_valid():
            try:
                services.code_create(user=request.user, evaluation=evaluation, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Koden er lagt til."))
                return redirect("evaluation:codebook", evaluation.pk)
    counts = {
        row["code_id"]: row["total"] for row in selectors.code_frequencies(evaluation)["rows"]
    }
    tree = [
        (code, depth, counts.get(code.pk, 0)) for code, depth in selectors.code_tree(evaluation)
    ]
    memos: dict[int, list] = {}
    if access.can_read_informant_material(request.user, evaluation):
        for memo in evaluation.memos.filter(code__isnull=False).select_related(
            "author", "external_author"
        ):
            memos.setdefault(memo.code_id, []).append(memo)
    return render(
        request,
        "evaluation/codebook.html",
        {
            "evaluation": evaluation,
            "can_edit": can_edit,
            "tree": tree,
            "form": form,
            "memos": memos,
            "code_sets": list(
                CodeSet.objects.filter(evaluation=evaluation)
                .prefetch_related("codes")
                .annotate(source_count=Count("sources"))
            ),
            "import_form": CodebookUploadForm(),
        },
    )


@login_required
def codebook_import(request, pk: int):
    """A .qdc adds codes and sets to the codebook; a .qdpx brings the whole project in."""
    evaluation, _can_edit = access.get_evaluation_for_user(request.user, pk, for_edit=True)
    form = CodebookUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        try:
            if content.startswith(b"PK"):
                _import_project(request, evaluation, content)
            else:
                counts = refiqda.import_codebook(
                    user=request.user, evaluation=evaluation, content=content
                )
                messages.success(
                    request,
                    _(
                        "Kodeboka er importert: %(c)s nye koder, %(e)s fantes fra før, %(s)s nye sett."
                    )
                    % {"c": counts["created"], "e": counts["existing"], "s": counts["sets"]},
                )
        except (refiqda.CodebookRefused, ValidationError) as error:
            errors = error.messages if isinstance(error, ValidationError) else [str(error)]
        else:
            return redirect("evaluation:codebook", evaluation.pk)
    return render(
        request,
        "evaluation/upload.html",
        {
            "form": form,
            "evaluation": evaluation,
            "errors": errors,
            "title": _("Importer kodebok (.qdc) eller prosjekt (.qdpx)"),
        },
    )


def _import_project(request, evaluation, content: bytes) -> None:
    from boligsosial.evaluation.services.qda_import import project_import

    result = project_import(user=request.user, evaluation=evaluation, content=content)
    counts = result.counts
    messages.success(
        request,
        _(
            "Prosjektet er importert: %(kilder)s kilder, %(koder)s koder, %(kodinger)s kodede "
            "utdrag, %(notater)s notater, %(sett)s sett og %(eksterne)s eksterne kodere."
        )
        % {**counts, "eksterne": counts["eksterne_kodere"]},
    )
    for warning in result.warnings[:20]:
        messages.warning(request, warning)
    if len(result.warnings) > 20:
        messages.warning(
            request,
            _("… og %(n)s merknader til om det som ikke ble importert.")
            % {"n": len(result.warnings) - 20},
        )


@login_required
def codebook_export(request, pk: int):
    evaluation, _can_edit = access.get_evaluation_for_user(request.user, pk)
    try:
        content = refiqda.codebook_xml(evaluation)
    except refiqda.CodebookRefused as error:
        messages.error(request, str(error))
        return redirect("evaluation:codebook", evaluation.pk)
    return download(content, f"kodebok-{evaluation.pk}.qdc", "application/xml")


@login_required
def project_export(request, pk: int):
    evaluation, _can_edit = access.get_evaluation_for_user(
        request.user, pk, informant_material=True
    )
    return download(
        refiqda.project_qdpx(evaluation), f"evaluering-{evaluation.pk}.qdpx", "application/zip"
    )


@login_required
def matrix(request, pk: int):
    evaluation, _can_edit = access.get_evaluation_for_user(request.user, pk)
    return render(
        request,
        "evaluation/matrix.html",
        {
            "evaluation": evaluation,
            "matrix": selectors.code_frequencies(evaluation),
            "team_only": access.can_read_informant_material(request.user, evaluation),
        },
    )


@login_required
def retrieve(request, pk: int):
    """Coded passages by code (with sub-codes) and municipality."""
    evaluation, _can_edit = access.get_evaluation_for_user(
        request.user, pk, informant_material=True
    )
    code = Code.objects.filter(evaluation=evaluation, slug=request.GET.get("code", "")).first()
    municipality = request.GET.get("kommune", "")
    passages = (
        selectors.passages_for(evaluation, code=code, municipality=municipality or None)
        if (code or municipality)
        else []
    )
    return render(
        request,
        "evaluation/retrieve.html",
        {
            "evaluation": evaluation,
            "codes": selectors.code_tree(evaluation),
            "code": code,
            "municipality": municipality,
            "columns": selectors.matrix_columns(evaluation),
            "passages": passages,
        },
    )


@login_required
def agreement(request, pk: int):
    evaluation, can_edit = access.get_evaluation_for_user(request.user, pk)
    team = access.can_read_informant_material(request.user, evaluation)
    sources = list(
        TextSource.objects.filter(evaluation=evaluation, passages__isnull=False)
        .distinct()
        .select_related("interview", "document")
    )
    coders = kappa.coders_of([s.pk for s in sources])
    by_id = {str(u.pk): u for u in coders}
    coder_a = by_id.get(request.GET.get("a")) or (coders[0] if coders else None)
    coder_b = by_id.get(request.GET.get("b")) or (coders[1] if len(coders) > 1 else None)
    results, shared = [], []
    if coder_a and coder_b and coder_a != coder_b:
        a_sources = set(
            CodedPassage.objects.filter(coder=coder_a).values_list("source_id", flat=True)
        )
        b_sources = set(
            CodedPassage.objects.filter(coder=coder_b).values_list("source_id", flat=True)
        )
        shared = [s for s in sources if s.pk in a_sources & b_sources]
        results = (
            kappa.agreement(sources=shared, coder_a=coder_a, coder_b=coder_b) if shared else []
        )
    return render(
        request,
        "evaluation/agreement.html",
        {
            "evaluation": evaluation,
            "can_edit": can_edit,
            "team_only": team,
            "coders": coders,
            "coder_a": coder_a,
            "coder_b": coder_b,
            "results": results,
            "shared": shared,
        },
    )


@login_required
@require_POST
def agreement_settle(request, pk: int):
    source = get_object_or_404(TextSource, pk=pk)
    evaluation, _can_edit = access.get_evaluation_for_user(
        request.user, source.evaluation_id, for_edit=True
    )
    form = SettleForm(request.POST, evaluation=evaluation)
    if not form.is_valid():
        messages.error(
            request,
            _("Uenigheten er ikke avgjort: %(e)s") % {"e": form_errors_text(form)},
        )
        return redirect("evaluation:agreement", evaluation.pk)
    try:
        services.disagreement_settle(user=request.user, source=source, **form.cleaned_data)
    except ValidationError as error:
        messages.error(
            request, _("Uenigheten er ikke avgjort: %(e)s") % {"e": " ".join(error.messages)}
        )
        return redirect("evaluation:agreement", evaluation.pk)
    messages.success(request, _("Uenigheten er avgjort."))
    return redirect(
        request.POST.get("next")
        if str(request.POST.get("next", "")).startswith("/evaluering/")
        else reverse("evaluation:agreement", args=[evaluation.pk])
    )
