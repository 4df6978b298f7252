"""Evaluation test data built through the services, so tests exercise the real rules."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from boligsosial.evaluation import selectors, services
from boligsosial.evaluation.models import GuideAudience, InformantOrganisation, QuestionnaireStatus


def make_evaluation(world, *, team=None, preload=True):
    return services.evaluation_create(
        user=world.evaluator,
        programme=world.programme,
        title="Underveisevaluering høsten 2011",
        period_start=dt.date(2011, 8, 1),
        period_end=dt.date(2011, 12, 31),
        as_of=dt.date(2011, 12, 1),
        methods=["document_analysis", "questionnaire", "interviews"],
        team=team or [],
        preload=preload,
    )


def open_questionnaire(world, evaluation, *, closes_on=None):
    questionnaire = evaluation.questionnaires.get()
    return services.questionnaire_update(
        user=world.evaluator,
        questionnaire=questionnaire,
        version=questionnaire.version,
        status=QuestionnaireStatus.OPEN,
        sent_on=dt.date(2011, 9, 1),
        closes_on=closes_on,
    )


def make_respondent(world, questionnaire, participation=None, role="programleder"):
    return services.respondent_create(
        user=world.evaluator,
        questionnaire=questionnaire,
        participation=participation or world.drammen_participation,
        role=role,
    )


def make_interview(world, evaluation, *, participation=None, role="programleder", answers=None):
    audience = GuideAudience.MUNICIPALITY if participation is not None else GuideAudience.HUSBANKEN
    return services.interview_create(
        user=world.evaluator,
        evaluation=evaluation,
        guide=evaluation.guides.get(audience=audience),
        held_on=dt.date(2011, 10, 20),
        informant_role=role,
        organisation=InformantOrganisation.MUNICIPALITY
        if participation
        else InformantOrganisation.HUSBANKEN,
        participation=participation,
        organisation_unit="" if participation else "Husbanken Region sør",
        consent=True,
        answers=answers or {1: "Vi har fått til mye.", 2: "Rådmannen har fulgt arbeidet tett."},
    )


def code(evaluation, slug):
    return evaluation.codes.get(slug=slug)


def code_excerpt(user, source, code_obj, excerpt, *, check=False):
    start, end = selectors.find_offsets(source.plain_text, excerpt)
    return services.passage_create(
        user=user, source=source, code=code_obj, start=start, end=end, for_agreement_check=check
    )


def text_upload(text: str, name="notat.txt"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")
