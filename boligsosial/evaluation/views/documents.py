"""Pages for documents: upload and search, read and code, download, delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boligsosial.core.downloads import private_file_response
from boligsosial.core.forms import apply_validation_error as _apply_errors
from boligsosial.evaluation import (
    access,
    services,
)
from boligsosial.evaluation.forms import (
    DocumentForm,
)
from boligsosial.evaluation.models import (
    Document,
)
from boligsosial.evaluation.views.common import source_context


@login_required
def documents(request, pk: int):
    evaluation, can_edit = access.get_evaluation_for_user(request.user, pk)
    form = DocumentForm(request.POST or None, request.FILES or None, evaluation=evaluation)
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in ("kind", "title", "participation", "dated")}
            try:
                document = services.document_upload(
                    user=request.user,
                    evaluation=evaluation,
                    uploaded_file=form.cleaned_data["file"],
                    **data,
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Dokumentet er lastet opp og teksten hentet ut (%(n)s tegn).")
                    % {"n": len(document.source.plain_text)},
                )
                return redirect("evaluation:document", document.pk)
    query = request.GET.get("q", "").strip()
    docs = evaluation.documents.select_related("participation__municipality", "source")
    hits = []
    if query:
        docs = docs.filter(source__plain_text__icontains=query)
        for document in docs:
            text = document.source.plain_text
            at = text.lower().find(query.lower())
            hits.append((document, text[max(0, at - 80) : at + len(query) + 80]))
    return render(
        request,
        "evaluation/documents.html",
        {
            "evaluation": evaluation,
            "can_edit": can_edit,
            "form": form,
            "documents": docs,
            "query": query,
            "hits": hits,
        },
    )


@login_required
def document_detail(request, pk: int):
    document = get_object_or_404(
        Document.objects.select_related("source", "participation__municipality"), pk=pk
    )
    evaluation, can_edit = access.get_evaluation_for_user(request.user, document.evaluation_id)
    context = source_context(request, document.source, evaluation, can_edit)
    if context is None:
        return redirect("evaluation:document", document.pk)
    return render(request, "evaluation/document_detail.html", {**context, "document": document})


@login_required
def document_download(request, pk: int):
    document = get_object_or_404(Document, pk=pk)
    access.get_evaluation_for_user(request.user, document.evaluation_id)
    if not document.file:
        raise Http404
    content_type = document.content_type
    if content_type == "text/plain":
        content_type = "text/plain; charset=utf-8"
    return private_file_response(
        document.file.open("rb"),
        filename=document.original_name or document.file.name or "dokument",
        content_type=content_type,
    )


@login_required
@require_POST
def document_delete(request, pk: int):
    document = get_object_or_404(Document, pk=pk)
    evaluation, _can_edit = access.get_evaluation_for_user(
        request.user, document.evaluation_id, for_edit=True
    )
    services.document_delete(user=request.user, document=document)
    messages.success(request, _("Dokumentet er slettet."))
    return redirect("evaluation:documents", evaluation.pk)
