"""Helpers the fieldwork pages share."""

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from boligsosial.core.downloads import private_file_response
from boligsosial.core.forms import apply_validation_error as _apply_errors
from boligsosial.evaluation import (
    access,
    selectors,
    services,
)
from boligsosial.evaluation.forms import (
    MemoForm,
    PassageForm,
)
from boligsosial.evaluation.models import (
    Questionnaire,
    Quote,
    SourceKind,
    TextSource,
)


def download(content: bytes | str, filename: str, content_type: str):
    if isinstance(content, str):
        content = content.encode("utf-8")
    return private_file_response(io.BytesIO(content), filename=filename, content_type=content_type)


def questionnaire_for(request, pk: int, **kwargs):
    questionnaire = get_object_or_404(Questionnaire.objects.select_related("evaluation"), pk=pk)
    evaluation, can_edit = access.get_evaluation_for_user(
        request.user, questionnaire.evaluation_id, **kwargs
    )
    return questionnaire, can_edit


def source_context(request, source: TextSource, evaluation, can_edit):
    passage_form = PassageForm(evaluation=evaluation)
    if request.method == "POST":
        if not can_edit:
            raise Http404
        passage_form = PassageForm(request.POST, evaluation=evaluation)
        if passage_form.is_valid():
            try:
                start, end = selectors.find_offsets(
                    source.plain_text,
                    passage_form.cleaned_data["excerpt"],
                    near=passage_form.cleaned_data.get("near"),
                )
                services.passage_create(
                    user=request.user,
                    source=source,
                    code=passage_form.cleaned_data["code"],
                    start=start,
                    end=end,
                    for_agreement_check=passage_form.cleaned_data["for_agreement_check"],
                )
            except ValidationError as error:
                _apply_errors(passage_form, error)
            else:
                messages.success(request, _("Utdraget er kodet."))
                return None
    passages = list(
        source.passages.select_related("code", "coder", "external_coder")
        .prefetch_related("memos__author", "memos__external_author")
        .order_by("start", "end")
    )
    quoted = set(Quote.objects.filter(passage__source=source).values_list("passage_id", flat=True))
    return {
        "source": source,
        "passages": passages,
        "passage_form": passage_form,
        "quoted": quoted,
        "memo_form": MemoForm(),
        "can_edit": can_edit,
        "evaluation": evaluation,
    }


def back_to_source(source: TextSource):
    if source.kind == SourceKind.INTERVIEW:
        return redirect("evaluation:interview", source.interview.pk)
    return redirect("evaluation:document", source.document.pk)
