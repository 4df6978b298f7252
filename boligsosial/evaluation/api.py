"""REST API for evaluation fieldwork (/api/v1/evaluation). Same access rules and services
as the pages: an evaluation the user may not see is 404."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status

from boligsosial.core.concurrency import require_version
from boligsosial.evaluation import access, kappa, selectors, services
from boligsosial.evaluation.models import Code, CodedPassage, Questionnaire, TextSource
from boligsosial.programmes.models import Participation

router = Router(tags=["Evaluering – feltarbeid"])


class EvaluationOut(Schema):
    id: int
    title: str
    programme_id: int
    period_start: dt.date
    period_end: dt.date
    as_of: dt.date
    methods: list[str]
    team: list[str]
    data_source: str

    @staticmethod
    def resolve_team(obj):
        return [u.get_username() for u in obj.team.all()]


class EvaluationQuestionnaireOut(Schema):
    id: int
    title: str
    form_id: str
    status: str
    sent_on: dt.date | None
    closes_on: dt.date | None
    response_rate: dict
    import_warnings: list[str]  # what an imported XLSForm has that Boligsosial does not run

    @staticmethod
    def resolve_response_rate(obj):
        return selectors.response_rate(obj)


class EvaluationRespondentIn(Schema):
    participation_id: int
    role: str


class EvaluationRespondentOut(Schema):
    id: int
    municipality: str
    role: str
    status: str
    version: int

    @staticmethod
    def resolve_municipality(obj):
        return obj.participation.municipality.name


class EvaluationAnswerIn(Schema):
    value: str | float | int | list[str] | None = None
    comment: str = ""


class EvaluationAnswersIn(Schema):
    answers: dict[str, EvaluationAnswerIn]
    submit: bool = False
    version: int | None = None  # required (HTTP 428 without): the respondent's version as read


class EvaluationPassageIn(Schema):
    source_id: int
    code: str
    start: int
    end: int
    for_agreement_check: bool = False


class EvaluationPassageOut(Schema):
    id: int
    source_id: int
    code: str
    start: int
    end: int
    text: str
    for_agreement_check: bool

    @staticmethod
    def resolve_code(obj):
        return obj.code.slug


@router.get("/evaluations", response=list[EvaluationOut], url_name="evaluation_list")
def list_evaluations(request):
    return list(access.visible_evaluations(request.auth).prefetch_related("team"))


@router.get("/evaluations/{pk}", response=EvaluationOut, url_name="evaluation_get")
def get_evaluation(request, pk: int):
    evaluation, _ = access.get_evaluation_for_user(request.auth, pk)
    return evaluation


@router.get(
    "/evaluations/{pk}/questionnaires",
    response=list[EvaluationQuestionnaireOut],
    url_name="evaluation_questionnaires",
)
def list_questionnaires(request, pk: int):
    evaluation, _ = access.get_evaluation_for_user(request.auth, pk)
    return list(evaluation.questionnaires.all())


@router.get("/evaluations/{pk}/results", url_name="evaluation_results")
def results(request, pk: int):
    evaluation, _ = access.get_evaluation_for_user(request.auth, pk)
    return {
        "response_rate": selectors.evaluation_response_rate(evaluation),
        "questions": selectors.question_shares(evaluation),
    }


@router.get("/evaluations/{pk}/informants", url_name="evaluation_informants")
def informants(request, pk: int):
    evaluation, _ = access.get_evaluation_for_user(request.auth, pk)
    return selectors.informant_counts(evaluation)


@router.get("/evaluations/{pk}/code-matrix", url_name="evaluation_code_matrix")
def code_matrix(request, pk: int):
    evaluation, _ = access.get_evaluation_for_user(request.auth, pk)
    return selectors.code_frequencies(evaluation)


@router.get("/evaluations/{pk}/quotes", url_name="evaluation_quotes")
def quotes(request, pk: int, code: str, limit: int | None = Query(None, ge=0, le=1000)):
    """Quotes approved for publication for a code (slug or id) and the codes below it."""
    evaluation, _ = access.get_evaluation_for_user(request.auth, pk)
    try:
        return selectors.approved_quotes(evaluation, code, limit=limit)
    except Code.DoesNotExist:
        raise Http404 from None


@router.get("/evaluations/{pk}/agreement", url_name="evaluation_agreement")
def agreement(request, pk: int, coder_a: int, coder_b: int):
    evaluation, _ = access.get_evaluation_for_user(request.auth, pk)
    coders = {
        u.pk: u
        for u in kappa.coders_of(TextSource.objects.filter(evaluation=evaluation).values("pk"))
    }
    if coder_a not in coders or coder_b not in coders:
        raise Http404
    shared = list(
        TextSource.objects.filter(evaluation=evaluation, passages__coder_id=coder_a)
        .filter(passages__coder_id=coder_b)
        .distinct()
    )
    return [
        {
            "code": r.code.slug,
            "units": r.units,
            "kappa": r.kappa,
            "observed": r.observed,
            "disagreements": len(r.disagreements),
        }
        for r in kappa.agreement(sources=shared, coder_a=coders[coder_a], coder_b=coders[coder_b])
    ]


@router.post(
    "/questionnaires/{pk}/respondents",
    response={201: EvaluationRespondentOut},
    url_name="evaluation_respondent_add",
)
def add_respondent(request, pk: int, payload: EvaluationRespondentIn):
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    access.get_evaluation_for_user(request.auth, questionnaire.evaluation_id, for_edit=True)
    participation = get_object_or_404(Participation, pk=payload.participation_id)
    return Status(
        201,
        services.respondent_create(
            user=request.auth,
            questionnaire=questionnaire,
            participation=participation,
            role=payload.role,
        ),
    )


@router.post(
    "/respondents/{pk}/answers",
    response=EvaluationRespondentOut,
    url_name="evaluation_respondent_answers",
)
def save_answers(request, pk: int, payload: EvaluationAnswersIn):
    """Logged-in answering by the municipality's own users."""
    respondent, may_answer = access.get_respondent_for_user(request.auth, pk)
    if not may_answer:
        raise PermissionDenied
    version = require_version(payload.version, respondent)
    data = {name: {"value": a.value, "comment": a.comment} for name, a in payload.answers.items()}
    return services.answers_save(
        respondent=respondent,
        data=data,
        submit=payload.submit,
        user=request.auth,
        version=version,
    )


@router.get("/respondents/{pk}", response=EvaluationRespondentOut, url_name="evaluation_respondent")
def get_respondent(request, pk: int):
    respondent, _ = access.get_respondent_for_user(request.auth, pk)
    return respondent


@router.post("/passages", response={201: EvaluationPassageOut}, url_name="evaluation_passages")
def add_passage(request, payload: EvaluationPassageIn):
    source = get_object_or_404(TextSource, pk=payload.source_id)
    evaluation, _ = access.get_evaluation_for_user(
        request.auth, source.evaluation_id, for_edit=True
    )
    try:
        code = selectors.get_code(evaluation, payload.code)
    except Code.DoesNotExist:
        raise Http404 from None
    return Status(
        201,
        services.passage_create(
            user=request.auth,
            source=source,
            code=code,
            start=payload.start,
            end=payload.end,
            for_agreement_check=payload.for_agreement_check,
        ),
    )


@router.get(
    "/evaluations/{pk}/passages",
    response=list[EvaluationPassageOut],
    url_name="evaluation_passage_list",
)
def list_passages(request, pk: int, code: str | None = None, municipality: str | None = None):
    evaluation, _ = access.get_evaluation_for_user(request.auth, pk, informant_material=True)
    code_obj = None
    if code:
        try:
            code_obj = selectors.get_code(evaluation, code)
        except Code.DoesNotExist:
            raise Http404 from None
    return list(selectors.passages_for(evaluation, code=code_obj, municipality=municipality))


@router.delete("/passages/{pk}", response={204: None}, url_name="evaluation_passage")
def delete_passage(request, pk: int):
    passage = get_object_or_404(CodedPassage.objects.select_related("source"), pk=pk)
    access.get_evaluation_for_user(request.auth, passage.source.evaluation_id, for_edit=True)
    services.passage_delete(user=request.auth, passage=passage)
    return Status(204, None)
