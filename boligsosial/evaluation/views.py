"""Pages for evaluation fieldwork. Thin: check access, parse, call a service or selector, render."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boligsosial.audit.selectors import history_for
from boligsosial.core.concurrency import StaleEditError
from boligsosial.core.downloads import private_file_response
from boligsosial.core.forms import apply_validation_error as _apply_errors
from boligsosial.evaluation import (
    access,
    conditions,
    exports,
    kappa,
    refiqda,
    selectors,
    services,
    xlsform,
)
from boligsosial.evaluation.forms import (
    AnswerForm,
    CodebookUploadForm,
    CodeForm,
    CodeMemoForm,
    DocumentForm,
    EvaluationForm,
    InterviewForm,
    MemoForm,
    PassageForm,
    QuestionForm,
    QuestionnaireStatusForm,
    QuoteDecisionForm,
    RespondentForm,
    SettleForm,
    XLSFormUploadForm,
    form_errors_text,
)
from boligsosial.evaluation.models import (
    Code,
    CodedPassage,
    Document,
    Interview,
    InterviewGuide,
    Questionnaire,
    Quote,
    QuoteStatus,
    Respondent,
    SourceKind,
    TextSource,
)
from boligsosial.evaluation.quotes import identification_warning


def _download(content: bytes | str, filename: str, content_type: str):
    if isinstance(content, str):
        content = content.encode("utf-8")
    return private_file_response(io.BytesIO(content), filename=filename, content_type=content_type)


# Index and evaluations ---------------------------------------------------------------------------


@login_required
def index(request):
    if not (access.can_see_any_evaluation(request.user) or request.user.is_municipal):
        raise Http404
    evaluations = access.visible_evaluations(request.user)
    my_forms = access.respondents_for_municipal_user(request.user)
    return render(
        request,
        "evaluation/index.html",
        {
            "evaluations": evaluations.prefetch_related("team"),
            "my_forms": my_forms,
            "can_create": access.can_create_evaluation(request.user),
            "is_municipal": request.user.is_municipal,
        },
    )


@login_required
def evaluation_create(request):
    if not access.can_create_evaluation(request.user):
        raise Http404
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            evaluation = services.evaluation_create(user=request.user, **data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Evalueringen er opprettet med spørreskjemaet, intervjuguidene og kodeboka fra rapporten."
                ),
            )
            return redirect("evaluation:detail", evaluation.pk)
    return render(request, "evaluation/form.html", {"form": form, "title": _("Ny evaluering")})


@login_required
def evaluation_detail(request, pk: int):
    evaluation, can_edit = access.get_evaluation_for_user(request.user, pk)
    return render(
        request,
        "evaluation/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "can_edit": can_edit,
            "team_only": access.can_read_informant_material(request.user, evaluation),
            "questionnaires": [
                (q, selectors.response_rate(q)) for q in evaluation.questionnaires.all()
            ],
            "rate": selectors.evaluation_response_rate(evaluation),
            "informants": selectors.informant_counts(evaluation),
            "documents": evaluation.documents.count(),
            "guides": evaluation.guides.all(),
            "history": history_for(evaluation)[:10] if can_edit else [],
        },
    )


@login_required
def evaluation_edit(request, pk: int):
    evaluation, _can_edit = access.get_evaluation_for_user(request.user, pk, for_edit=True)
    initial = {
        "title": evaluation.title,
        "period_start": evaluation.period_start,
        "period_end": evaluation.period_end,
        "as_of": evaluation.as_of,
        "methods": evaluation.methods,
        "team": evaluation.team.all(),
        "description": evaluation.description,
        "version": evaluation.version,
    }
    form = EvaluationForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.evaluation_update(
                user=request.user,
                evaluation=evaluation,
                version=form.cleaned_data["version"],
                **data,
            )
        except StaleEditError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect("evaluation:detail", evaluation.pk)
    return render(
        request,
        "evaluation/form.html",
        {"form": form, "evaluation": evaluation, "title": _("Rediger evalueringen")},
    )


# Questionnaires ---------------------------------------------------------------------------------


def _questionnaire(request, pk: int, **kwargs):
    questionnaire = get_object_or_404(Questionnaire.objects.select_related("evaluation"), pk=pk)
    evaluation, can_edit = access.get_evaluation_for_user(
        request.user, questionnaire.evaluation_id, **kwargs
    )
    return questionnaire, can_edit


@login_required
def questionnaire_detail(request, pk: int):
    questionnaire, can_edit = _questionnaire(request, pk)
    status_form = QuestionnaireStatusForm(
        initial={
            "status": questionnaire.status,
            "sent_on": questionnaire.sent_on,
            "closes_on": questionnaire.closes_on,
            "version": questionnaire.version,
        }
    )
    respondent_form = RespondentForm(evaluation=questionnaire.evaluation)
    question_form = QuestionForm(questionnaire=questionnaire)
    if request.method == "POST" and can_edit:
        if "add_question" in request.POST:
            question_form = QuestionForm(request.POST, questionnaire=questionnaire)
            if question_form.is_valid():
                try:
                    services.question_add(
                        user=request.user, questionnaire=questionnaire, **question_form.cleaned_data
                    )
                except ValidationError as error:
                    _apply_errors(question_form, error)
                else:
                    messages.success(request, _("Spørsmålet er lagt til."))
                    return redirect("evaluation:questionnaire", questionnaire.pk)
        elif "delete_question" in request.POST:
            question_pk = request.POST.get("delete_question", "")
            if not question_pk.isdigit():
                raise Http404
            question = get_object_or_404(questionnaire.questions, pk=int(question_pk))
            try:
                services.question_delete(user=request.user, question=question)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Spørsmålet er fjernet."))
            return redirect("evaluation:questionnaire", questionnaire.pk)
        elif "status" in request.POST:
            status_form = QuestionnaireStatusForm(request.POST)
            if status_form.is_valid():
                try:
                    services.questionnaire_update(
                        user=request.user, questionnaire=questionnaire, **status_form.cleaned_data
                    )
                except (ValidationError, StaleEditError) as error:
                    status_form.add_error(
                        None, error.messages if isinstance(error, ValidationError) else str(error)
                    )
                else:
                    messages.success(request, _("Status og svarfrist er lagret."))
                    return redirect("evaluation:questionnaire", questionnaire.pk)
        else:
            respondent_form = RespondentForm(request.POST, evaluation=questionnaire.evaluation)
            if respondent_form.is_valid():
                try:
                    services.respondent_create(
                        user=request.user,
                        questionnaire=questionnaire,
                        **respondent_form.cleaned_data,
                    )
                except ValidationError as error:
                    _apply_errors(respondent_form, error)
                else:
                    messages.success(
                        request,
                        _("Respondenten er lagt til. Send den personlige lenken til respondenten."),
                    )
                    return redirect("evaluation:questionnaire", questionnaire.pk)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "evaluation/questionnaire_detail.html",
        {
            "questionnaire": questionnaire,
            "evaluation": questionnaire.evaluation,
            "can_edit": can_edit,
            "preview": AnswerForm(questionnaire=questionnaire, answers={}, disabled=True),
            "respondents": questionnaire.respondents.select_related("participation__municipality"),
            "rate": selectors.response_rate(questionnaire),
            "status_form": status_form,
            "respondent_form": respondent_form,
            "question_form": question_form,
            "structure_locked": selectors.structure_locked(questionnaire),
            "link_base": request.build_absolute_uri(
                reverse("evaluation:answer_by_link", args=["TOKEN"])
            ).replace("TOKEN/", ""),
        },
    )


@login_required
@require_POST
def respondent_new_link(request, pk: int):
    respondent = get_object_or_404(Respondent.objects.select_related("questionnaire"), pk=pk)
    access.get_evaluation_for_user(
        request.user, respondent.questionnaire.evaluation_id, for_edit=True
    )
    services.respondent_new_link(user=request.user, respondent=respondent)
    messages.success(
        request,
        _("Ny lenke er laget for %(r)s. Den gamle lenken virker ikke lenger.") % {"r": respondent},
    )
    return redirect("evaluation:questionnaire", respondent.questionnaire_id)


@login_required
def questionnaire_import(request, pk: int):
    evaluation, _can_edit = access.get_evaluation_for_user(request.user, pk, for_edit=True)
    form = XLSFormUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            spec = xlsform.parse_xlsform(form.cleaned_data["file"].read())
            questionnaire = services.questionnaire_create_from_spec(
                user=request.user,
                evaluation=evaluation,
                spec=spec,
                data_source="import",
                source_note=form.cleaned_data["file"].name[:500],
            )
        except xlsform.XLSFormRefused as error:
            errors = error.errors
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request, _("Skjemaet «%(t)s» er importert.") % {"t": questionnaire.title}
            )
            return redirect("evaluation:questionnaire", questionnaire.pk)
    return render(
        request,
        "evaluation/upload.html",
        {
            "form": form,
            "evaluation": evaluation,
            "errors": errors,
            "title": _("Importer spørreskjema (XLSForm)"),
        },
    )


@login_required
def questionnaire_xlsform(request, pk: int):
    questionnaire, _can_edit = _questionnaire(request, pk)
    return _download(
        xlsform.export_xlsform(questionnaire),
        f"{questionnaire.form_id}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# Answering ------------------------------------------------------------------------------------------


def _answer_page(request, respondent: Respondent, *, may_answer: bool, by_link: bool):
    questionnaire = respondent.questionnaire
    is_open = questionnaire.is_open_for_answers(timezone.localdate())
    answers = {a.question_id: a for a in respondent.answers.all()}
    editable = may_answer and is_open
    form = AnswerForm(
        request.POST if request.method == "POST" and editable else None,
        questionnaire=questionnaire,
        answers=answers,
        disabled=not editable,
    )
    if request.method == "POST":
        if not editable:
            raise Http404 if not may_answer else PermissionDenied
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                services.answers_save(
                    respondent=respondent,
                    data=form.answer_data(),
                    submit=submit,
                    user=request.user if not by_link else None,
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Takk! Svarene er sendt inn. Du kan endre dem til svarfristen.")
                    if submit
                    else _("Svarene er lagret. Du kan komme tilbake og fortsette senere."),
                )
                return redirect(request.path)
    relevance = {}
    for question in form.questions:
        tree = None
        try:
            tree = conditions.parse(question.relevant)
            section_tree = conditions.parse(question.section.relevant) if question.section else None
        except conditions.UnsupportedExpression:
            section_tree = None
        if tree or section_tree:
            relevance[question.name] = ["and", section_tree or ["lit", "1"], tree or ["lit", "1"]]
    return render(
        request,
        "evaluation/answer.html",
        {
            "respondent": respondent,
            "questionnaire": questionnaire,
            "form": form,
            "editable": editable,
            "read_only": None if editable else _read_only_answers(form, answers),
            "is_open": is_open,
            "may_answer": may_answer,
            "relevance": relevance,
        },
    )


def _read_only_answers(form, answers: dict) -> list:
    """[(section, [(question, answer text, comment)])] for showing a form that cannot be changed."""
    groups = []
    for section, items in form.groups():
        rows = []
        for question, _field, _comment in items:
            answer = answers.get(question.pk)
            labels = {c.value: c.label for c in question.choices.all()}
            values = (
                []
                if answer is None or answer.value in (None, "", [])
                else (answer.value if isinstance(answer.value, list) else [answer.value])
            )
            rows.append(
                (
                    question,
                    ", ".join(str(labels.get(str(v), v)) for v in values),
                    answer.comment if answer else "",
                )
            )
        groups.append((section, rows))
    return groups


def answer_by_link(request, token: str):
    """The personal link: no log-in, only this respondent's form."""
    respondent = access.get_respondent_by_token(token)
    response = _answer_page(request, respondent, may_answer=True, by_link=True)
    # The token must not leak to other sites; same-origin keeps the Origin header CSRF checks need.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def respondent_answer(request, pk: int):
    respondent, may_answer = access.get_respondent_for_user(request.user, pk)
    return _answer_page(request, respondent, may_answer=may_answer, by_link=False)


@login_required
def results(request, pk: int):
    evaluation, can_edit = access.get_evaluation_for_user(request.user, pk)
    fmt = request.GET.get("format")
    if fmt == "csv":
        return _download(
            exports.results_csv(evaluation),
            f"resultater-{evaluation.pk}.csv",
            "text/csv; charset=utf-8",
        )
    if fmt == "xlsx":
        return _download(
            exports.results_xlsx(evaluation),
            f"resultater-{evaluation.pk}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return render(
        request,
        "evaluation/results.html",
        {
            "evaluation": evaluation,
            "questions": selectors.question_shares(evaluation),
            "rate": selectors.evaluation_response_rate(evaluation),
        },
    )


# Interviews -------------------------------------------------------------------------------------------


@login_required
def interviews(request, pk: int):
    evaluation, can_edit = access.get_evaluation_for_user(request.user, pk, informant_material=True)
    return render(
        request,
        "evaluation/interviews.html",
        {
            "evaluation": evaluation,
            "can_edit": can_edit,
            "interviews": evaluation.interviews.select_related(
                "participation__municipality", "guide", "source"
            ).order_by("held_on", "pk"),
            "guides": evaluation.guides.prefetch_related("questions"),
            "informants": selectors.informant_counts(evaluation),
        },
    )


@login_required
def guide_detail(request, pk: int):
    guide = get_object_or_404(InterviewGuide, pk=pk)
    evaluation, can_edit = access.get_evaluation_for_user(request.user, guide.evaluation_id)
    return render(
        request, "evaluation/guide_detail.html", {"guide": guide, "evaluation": evaluation}
    )


@login_required
def interview_create(request, pk: int, guide_pk: int):
    evaluation, _can_edit = access.get_evaluation_for_user(request.user, pk, for_edit=True)
    guide = get_object_or_404(InterviewGuide, pk=guide_pk, evaluation=evaluation)
    form = InterviewForm(request.POST or None, evaluation=evaluation, guide=guide)
    if request.method == "POST" and form.is_valid():
        data = form.meta_data()
        try:
            interview = services.interview_create(
                user=request.user,
                evaluation=evaluation,
                guide=guide,
                answers=form.answers(),
                transcript=form.cleaned_data["transcript"],
                **data,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Intervjuet er registrert."))
            return redirect("evaluation:interview", interview.pk)
    return render(
        request,
        "evaluation/interview_form.html",
        {
            "form": form,
            "evaluation": evaluation,
            "guide": guide,
            "title": _("Nytt intervju: %(g)s") % {"g": guide.title},
        },
    )


@login_required
def interview_edit(request, pk: int):
    interview = get_object_or_404(Interview.objects.select_related("guide"), pk=pk)
    evaluation, _can_edit = access.get_evaluation_for_user(
        request.user, interview.evaluation_id, for_edit=True
    )
    initial = {
        f: getattr(interview, f)
        for f in (
            "held_on",
            "informant_role",
            "organisation",
            "participation",
            "organisation_unit",
            "consent",
            "consent_note",
            "version",
        )
    }
    initial.update(
        {
            f"q{s.guide_question.number}": s.text
            for s in interview.sections.select_related("guide_question")
            if s.guide_question
        }
    )
    form = InterviewForm(
        request.POST or None, initial=initial, evaluation=evaluation, guide=interview.guide
    )
    if request.method == "POST" and form.is_valid():
        data = form.meta_data()
        try:
            services.interview_update(
                user=request.user,
                interview=interview,
                version=form.cleaned_data["version"],
                answers=form.answers() or None,
                transcript=form.cleaned_data["transcript"],
                **data,
            )
        except StaleEditError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect("evaluation:interview", interview.pk)
    return render(
        request,
        "evaluation/interview_form.html",
        {
            "form": form,
            "evaluation": evaluation,
            "guide": interview.guide,
            "title": _("Rediger intervju"),
        },
    )


def _source_context(request, source: TextSource, evaluation, can_edit):
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
        source.passages.select_related("code", "coder")
        .prefetch_related("memos")
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


@login_required
def interview_detail(request, pk: int):
    interview = get_object_or_404(
        Interview.objects.select_related("guide", "source", "participation__municipality"), pk=pk
    )
    evaluation, can_edit = access.get_evaluation_for_user(
        request.user, interview.evaluation_id, informant_material=True
    )
    context = _source_context(request, interview.source, evaluation, can_edit)
    if context is None:
        return redirect("evaluation:interview", interview.pk)
    sections = list(interview.sections.select_related("guide_question"))
    for section in sections:
        section.coded = [
            p for p in context["passages"] if p.start < section.end and p.end > section.start
        ]
    return render(
        request,
        "evaluation/interview_detail.html",
        {**context, "interview": interview, "sections": sections},
    )


# Documents --------------------------------------------------------------------------------------------


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
    context = _source_context(request, document.source, evaluation, can_edit)
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
        filename=document.original_name or document.file.name,
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


# Coding -------------------------------------------------------------------------------------------------


def _back_to_source(source: TextSource):
    if source.kind == SourceKind.INTERVIEW:
        return redirect("evaluation:interview", source.interview.pk)
    return redirect("evaluation:document", source.document.pk)


@login_required
@require_POST
def passage_delete(request, pk: int):
    passage = get_object_or_404(CodedPassage.objects.select_related("source"), pk=pk)
    access.get_evaluation_for_user(request.user, passage.source.evaluation_id, for_edit=True)
    source = passage.source
    services.passage_delete(user=request.user, passage=passage)
    messages.success(request, _("Kodingen er fjernet."))
    return _back_to_source(source)


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
    return _back_to_source(passage.source)


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
    return _back_to_source(passage.source)


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
    memos = {}
    if access.can_read_informant_material(request.user, evaluation):
        for memo in evaluation.memos.filter(code__isnull=False).select_related("author"):
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
            "import_form": CodebookUploadForm(),
        },
    )


@login_required
def codebook_import(request, pk: int):
    evaluation, _can_edit = access.get_evaluation_for_user(request.user, pk, for_edit=True)
    form = CodebookUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            counts = refiqda.import_codebook(
                user=request.user, evaluation=evaluation, content=form.cleaned_data["file"].read()
            )
        except (refiqda.CodebookRefused, ValidationError) as error:
            errors = error.messages if isinstance(error, ValidationError) else [str(error)]
        else:
            messages.success(
                request,
                _("Kodeboka er importert: %(c)s nye koder, %(e)s fantes fra før.")
                % {"c": counts["created"], "e": counts["existing"]},
            )
            return redirect("evaluation:codebook", evaluation.pk)
    return render(
        request,
        "evaluation/upload.html",
        {
            "form": form,
            "evaluation": evaluation,
            "errors": errors,
            "title": _("Importer kodebok (REFI-QDA .qdc)"),
        },
    )


@login_required
def codebook_export(request, pk: int):
    evaluation, _can_edit = access.get_evaluation_for_user(request.user, pk)
    try:
        content = refiqda.codebook_xml(evaluation)
    except refiqda.CodebookRefused as error:
        messages.error(request, str(error))
        return redirect("evaluation:codebook", evaluation.pk)
    return _download(content, f"kodebok-{evaluation.pk}.qdc", "application/xml")


@login_required
def project_export(request, pk: int):
    evaluation, _can_edit = access.get_evaluation_for_user(
        request.user, pk, informant_material=True
    )
    return _download(
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
