"""The autumn-2011 interim evaluation (report chapter 3) as demonstration data.

REPORT: the evaluation itself (period August–December 2011, three methods), the
questionnaire of appendix 1, the interview guides of appendix 2, the success factors of
chapter 6, the informant numbers (11 municipal: steering-group leaders and programme
leaders; 5 Husbanken: 2 from the leadership and 3 programme contacts) and every sentence
in quotation marks below marked "quote" — those are the report's own quotations, word
for word.

ILLUSTRATIVE: the individual answers to the questionnaire (consistent with what the report
says the municipalities answered), the interview notes around the quotations, interview
dates, who said what, the coding and the second coder's agreement check. The report names
no informants; neither does this data.
"""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from boligsosial.accounts.models import Role, User
from boligsosial.core.demo import DEMO_PASSWORD
from boligsosial.core.models import DataSource
from boligsosial.evaluation import selectors, services
from boligsosial.evaluation.demo.answers import ANSWERS
from boligsosial.evaluation.demo.coding import (
    AGREEMENT_CODINGS,
    CODINGS,
    DOCUMENT_CODINGS,
    DOCUMENTS,
    PREMISE_CODE,
    PREMISE_CODE_NAME,
    QUOTES,
)
from boligsosial.evaluation.demo.interviews import INTERVIEWS
from boligsosial.evaluation.demo.quotations import (
    ILLUSTRATIVE_NOTE,
    Q_KRITISK_VENN,
    REPORT_QUOTATIONS,
    TITLE,
    D,
)
from boligsosial.evaluation.models import (
    Answer,
    Code,
    Document,
    Evaluation,
    GuideAudience,
    InformantOrganisation,
    QuestionnaireStatus,
    QuoteStatus,
    Respondent,
)

__all__ = ["CODINGS", "DOCUMENT_CODINGS", "REPORT_QUOTATIONS", "TITLE", "load", "reset"]


def reset() -> None:
    from boligsosial.evaluation.models import Interview

    for evaluation in Evaluation.objects.filter(title=TITLE):
        # Interviews and documents protect their text sources and guides; remove them first.
        Interview.objects.filter(evaluation=evaluation).delete()
        for document in Document.objects.filter(evaluation=evaluation):
            document.file.delete(save=False)
            document.delete()
        evaluation.delete()


def _second_evaluator() -> User:
    user, _created = User.objects.update_or_create(
        username="evaluator-2",
        defaults={
            "first_name": "Even",
            "last_name": "Evaluator",
            "role": Role.EVALUATOR,
            "is_demo": True,
            "position": "Arbeidsgruppen for underveisevalueringen (andre koder)",
            "email": "evaluator-2@demo.boligsosial.example",
        },
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    return user


def _code_excerpt(evaluator, source, code, excerpt, *, check=False):
    start, end = selectors.find_offsets(source.plain_text, excerpt)
    return services.passage_create(
        user=evaluator,
        source=source,
        code=code,
        start=start,
        end=end,
        for_agreement_check=check,
        data_source=DataSource.ILLUSTRATIVE,
        source_note=ILLUSTRATIVE_NOTE,
    )


def _create_evaluation(ctx: dict, evaluator: User, second: User) -> Evaluation:
    return services.evaluation_create(
        user=evaluator,
        programme=ctx["programme"],
        title=TITLE,
        period_start=D(2011, 8, 1),
        period_end=D(2011, 12, 31),
        as_of=D(2011, 12, 1),
        methods=["document_analysis", "questionnaire", "interviews"],
        team=[evaluator, second],
        description="Både en prosessevaluering og en viss effektevaluering av arbeidet så langt, 1–1,5 år etter "
        "oppstart i seks kommuner.",
        data_source=DataSource.REPORT,
        source_note="Rapporten kap. 3 (arbeidet gjennomført august–desember 2011)",
    )


def _set_status(evaluator: User, questionnaire, status: str) -> None:
    questionnaire.refresh_from_db()
    services.questionnaire_update(
        user=evaluator,
        questionnaire=questionnaire,
        version=questionnaire.version,
        status=status,
        sent_on=D(2011, 9, 1),
        closes_on=D(2011, 9, 30),
    )


# The day each municipality answered (illustrative, within the survey's September 2011).
ANSWERED_ON = {
    "Arendal": D(2011, 9, 12),
    "Sandefjord": D(2011, 9, 14),
    "Porsgrunn": D(2011, 9, 19),
    "Drammen": D(2011, 9, 20),
    "Larvik": D(2011, 9, 26),
    "Skien": D(2011, 9, 29),
}


def _answer_questionnaire(evaluation: Evaluation, evaluator: User, participations: dict) -> None:
    questionnaire = evaluation.questionnaires.get()
    _set_status(evaluator, questionnaire, QuestionnaireStatus.OPEN)
    for name, answers in ANSWERS.items():
        respondent = services.respondent_create(
            user=evaluator,
            questionnaire=questionnaire,
            participation=participations[name],
            role="programleder",
            data_source=DataSource.ILLUSTRATIVE,
            source_note=ILLUSTRATIVE_NOTE,
        )
        data = {
            q: ({"value": v[0], "comment": v[1]} if isinstance(v, tuple) else {"value": v})
            for q, v in answers.items()
        }
        answered = ANSWERED_ON[name]
        services.answers_save(respondent=respondent, data=data, submit=True, today=answered)
        # The survey ran in September 2011 (report ch. 3) and closed 30.09.2011: the answers
        # carry the day they were given, not the day the demo was loaded.
        at = timezone.make_aware(dt.datetime.combine(answered, dt.time(10)))
        Respondent.objects.filter(pk=respondent.pk).update(
            submitted_at=at, created_at=at, updated_at=at
        )
        Answer.objects.filter(respondent=respondent).update(created_at=at, updated_at=at)
    _set_status(evaluator, questionnaire, QuestionnaireStatus.CLOSED)


def _hold_interviews(evaluation: Evaluation, evaluator: User, participations: dict) -> dict:
    guides = {g.audience: g for g in evaluation.guides.all()}
    sources = {}
    for key, municipality, role, unit, held_on, notes in INTERVIEWS:
        interview = services.interview_create(
            user=evaluator,
            evaluation=evaluation,
            guide=guides[GuideAudience.MUNICIPALITY if municipality else GuideAudience.HUSBANKEN],
            held_on=held_on,
            informant_role=role,
            organisation=InformantOrganisation.MUNICIPALITY
            if municipality
            else InformantOrganisation.HUSBANKEN,
            participation=participations[municipality] if municipality else None,
            organisation_unit=unit,
            consent=True,
            consent_note="Muntlig samtykke ved intervjustart (illustrativt).",
            answers=notes,
            data_source=DataSource.ILLUSTRATIVE,
            source_note="Illustrative notater; sitatene i anførselstegn er rapportens egne (kap. 4 og 6).",
        )
        sources[key] = interview.source
    return sources


def _code_and_quote(
    evaluation: Evaluation, evaluator: User, second: User, sources: dict, codes: dict
) -> None:
    passages = {}
    for key, slug, excerpt in CODINGS:
        passages[(key, slug, excerpt)] = _code_excerpt(
            evaluator, sources[key], codes[slug], excerpt
        )
    for key, slug, excerpt in AGREEMENT_CODINGS:
        _code_excerpt(second, sources[key], codes[slug], excerpt, check=True)
    for key, slug, excerpt, attribution, approve in QUOTES:
        quote = services.quote_propose(
            user=evaluator,
            passage=passages[(key, slug, excerpt)],
            attribution=attribution,
            data_source=DataSource.ILLUSTRATIVE,
            source_note=ILLUSTRATIVE_NOTE,
        )
        if approve:
            services.quote_decide(
                user=evaluator, quote=quote, version=quote.version, status=QuoteStatus.APPROVED
            )
    services.memo_create(
        user=evaluator,
        evaluation=evaluation,
        code=codes["forankring"],
        text="Rådmannens formelle eierskap og løpende interesse går igjen i nesten alle kommunene.",
    )
    services.memo_create(
        user=second,
        evaluation=evaluation,
        passage=passages[("drammen-pl", "dialog-med-husbanken", Q_KRITISK_VENN)],
        text="Samme ønske kom fram i flere intervjuer; se kap. 6.6.",
    )


def _upload_documents(
    evaluation: Evaluation, evaluator: User, participations: dict, codes: dict
) -> None:
    documents = []
    for kind, title, municipality, dated, text in DOCUMENTS:
        documents.append(
            services.document_upload(
                user=evaluator,
                evaluation=evaluation,
                kind=kind,
                title=title,
                participation=participations[municipality] if municipality else None,
                dated=dated,
                uploaded_file=SimpleUploadedFile(
                    f"{kind}.txt", text.encode("utf-8"), content_type="text/plain"
                ),
                data_source=DataSource.ILLUSTRATIVE,
                source_note="Illustrativt sammendrag, i samsvar med rapporten kap. 2, 4 og 5",
            )
        )
    for index, slug, excerpt in DOCUMENT_CODINGS:
        _code_excerpt(evaluator, documents[index].source, codes[slug], excerpt)


def load(ctx: dict) -> None:
    evaluator = ctx["users"]["evaluator"]
    second = _second_evaluator()
    ctx["users"]["evaluator-2"] = second
    participations = ctx["participations"]
    evaluation = _create_evaluation(ctx, evaluator, second)
    _answer_questionnaire(evaluation, evaluator, participations)
    sources = _hold_interviews(evaluation, evaluator, participations)
    services.code_create(
        user=evaluator,
        evaluation=evaluation,
        name=PREMISE_CODE_NAME,
        slug=PREMISE_CODE,
        description="Informanter som ønsker at Husbanken stiller tydeligere krav og forventninger (rapporten kap. 4.6 og 7.4).",
        data_source=DataSource.REPORT,
    )
    codes = {c.slug: c for c in Code.objects.filter(evaluation=evaluation)}
    _code_and_quote(evaluation, evaluator, second, sources, codes)
    _upload_documents(evaluation, evaluator, participations, codes)
    ctx["evaluation"] = evaluation
