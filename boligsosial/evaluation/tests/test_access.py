"""Every role on every page and route. Not visible = 404, the same as missing."""

import pytest
from django.test import Client
from django.urls import reverse

from boligsosial.accounts.models import Role
from boligsosial.accounts.tests.factories import UserFactory
from boligsosial.evaluation.models import InterviewGuide

READ = "read"  # evaluators and Husbanken staff
TEAM = "team"  # the evaluation team only (writes)
INFORMANT = "informant"  # team only (informant material, read)
MUNICIPAL = "municipal"  # index and own respondent form


def pages(fw):
    ev = fw.evaluation
    guide = InterviewGuide.objects.filter(evaluation=ev).first()
    return {
        READ: [
            reverse("evaluation:detail", args=[ev.pk]),
            reverse("evaluation:results", args=[ev.pk]),
            reverse("evaluation:results", args=[ev.pk]) + "?format=csv",
            reverse("evaluation:results", args=[ev.pk]) + "?format=xlsx",
            reverse("evaluation:documents", args=[ev.pk]),
            reverse("evaluation:codebook", args=[ev.pk]),
            reverse("evaluation:codebook_export", args=[ev.pk]),
            reverse("evaluation:matrix", args=[ev.pk]),
            reverse("evaluation:quotes", args=[ev.pk]),
            reverse("evaluation:agreement", args=[ev.pk]),
            reverse("evaluation:guide", args=[guide.pk]),
            reverse("evaluation:questionnaire", args=[fw.questionnaire.pk]),
            reverse("evaluation:questionnaire_xlsform", args=[fw.questionnaire.pk]),
            reverse("evaluation:document", args=[fw.document.pk]),
            reverse("evaluation:document_download", args=[fw.document.pk]),
        ],
        TEAM: [
            reverse("evaluation:edit", args=[ev.pk]),
            reverse("evaluation:questionnaire_import", args=[ev.pk]),
            reverse("evaluation:interview_create", args=[ev.pk, guide.pk]),
            reverse("evaluation:interview_edit", args=[fw.interview.pk]),
            reverse("evaluation:codebook_import", args=[ev.pk]),
        ],
        INFORMANT: [
            reverse("evaluation:interviews", args=[ev.pk]),
            reverse("evaluation:interview", args=[fw.interview.pk]),
            reverse("evaluation:retrieve", args=[ev.pk]) + "?code=forankring",
            reverse("evaluation:project_export", args=[ev.pk]),
        ],
    }


def posts(fw):
    return [
        reverse("evaluation:respondent_new_link", args=[fw.drammen_respondent.pk]),
        reverse("evaluation:document_delete", args=[fw.document.pk]),
        reverse("evaluation:passage_delete", args=[fw.passage.pk]),
        reverse("evaluation:passage_memo", args=[fw.passage.pk]),
        reverse("evaluation:passage_quote", args=[fw.passage.pk]),
        reverse("evaluation:quote_decide", args=[fw.quote.pk]),
        reverse("evaluation:agreement_settle", args=[fw.interview.source.pk]),
        reverse("evaluation:codebook", args=[fw.evaluation.pk]),
        reverse("evaluation:documents", args=[fw.evaluation.pk]),
        reverse("evaluation:interview", args=[fw.interview.pk]),
        reverse("evaluation:document", args=[fw.document.pk]),
        reverse("evaluation:questionnaire", args=[fw.questionnaire.pk]),
        reverse("evaluation:question_add", args=[fw.questionnaire.pk]),
        reverse(
            "evaluation:question_delete",
            args=[fw.questionnaire.pk, fw.questionnaire.questions.first().pk],
        ),
        reverse("evaluation:questionnaire_status", args=[fw.questionnaire.pk]),
        reverse("evaluation:respondent_add", args=[fw.questionnaire.pk]),
    ]


ROLES = {
    # persona: (index, READ, TEAM, INFORMANT, own respondent (Drammen), other respondent (Skien))
    "evaluator": (200, 200, 200, 200, 200, 200),
    "outside_evaluator": (200, 200, 404, 404, 200, 200),
    "admin": (200, 200, 404, 404, 200, 200),
    "contact": (200, 200, 404, 404, 200, 200),
    "drammen_leader": (200, 404, 404, 404, 200, 404),
    "drammen_member": (200, 404, 404, 404, 200, 404),
    "skien_leader": (200, 404, 404, 404, 404, 200),
    "viewer": (404, 404, 404, 404, 404, 404),
}


def _client(world, persona):
    user = (
        UserFactory(username="ev-outsider", role=Role.EVALUATOR)
        if persona == "outside_evaluator"
        else getattr(world, persona)
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("persona", list(ROLES))
def test_each_role_gets_exactly_its_pages(world, fieldwork, persona):
    index, read, team, informant, own, other = ROLES[persona]
    client = _client(world, persona)
    got = {}
    expected = {reverse("evaluation:index"): index}
    groups = pages(fieldwork)
    expected.update({url: read for url in groups[READ]})
    expected.update({url: team for url in groups[TEAM]})
    expected.update({url: informant for url in groups[INFORMANT]})
    expected[reverse("evaluation:respondent_answer", args=[fieldwork.drammen_respondent.pk])] = own
    expected[reverse("evaluation:respondent_answer", args=[fieldwork.skien_respondent.pk])] = other
    expected[reverse("evaluation:create")] = (
        200 if persona in ("evaluator", "outside_evaluator") else 404
    )
    for url in expected:
        got[url] = client.get(url).status_code
    assert got == expected


@pytest.mark.parametrize("persona", [p for p in ROLES if p != "evaluator"])
def test_nobody_outside_the_team_can_write(world, fieldwork, persona):
    client = _client(world, persona)
    answers = {
        url: client.post(
            url,
            {
                "code": fieldwork.anchoring.pk,
                "start": 0,
                "end": 5,
                "keep": "1",
                "text": "x",
                "name": "Ny kode",
                "status": "approved",
            },
        ).status_code
        for url in posts(fieldwork)
    }
    assert set(answers.values()) == {404}, answers
    fieldwork.passage.refresh_from_db()
    assert fieldwork.document.__class__.objects.filter(pk=fieldwork.document.pk).exists()


def test_anonymous_users_are_sent_to_log_in(world, fieldwork):
    client = Client()
    for url in [
        reverse("evaluation:index"),
        *pages(fieldwork)[READ][:3],
        reverse("evaluation:respondent_answer", args=[fieldwork.drammen_respondent.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/konto/logg-inn/" in response["Location"], url


def test_the_personal_link_opens_only_that_respondents_form_without_log_in(world, fieldwork):
    client = Client()
    response = client.get(
        reverse("evaluation:answer_by_link", args=[fieldwork.drammen_respondent.token])
    )
    assert response.status_code == 200
    assert "Svar for Drammen kommune" in response.content.decode()
    assert "Skien" not in response.content.decode()
    assert response["Referrer-Policy"] == "same-origin"
    assert (
        client.get(reverse("evaluation:answer_by_link", args=["not-a-real-token"])).status_code
        == 404
    )
    # The link gives no way into the rest of the evaluation.
    assert (
        client.get(reverse("evaluation:detail", args=[fieldwork.evaluation.pk])).status_code == 302
    )


def test_a_replaced_link_stops_working(world, fieldwork, client_for):
    old = fieldwork.drammen_respondent.token
    client_for(world.evaluator).post(
        reverse("evaluation:respondent_new_link", args=[fieldwork.drammen_respondent.pk])
    )
    assert Client().get(reverse("evaluation:answer_by_link", args=[old])).status_code == 404


def test_readers_see_only_approved_quotes_and_no_interview_links(world, fieldwork, client_for):
    page = (
        client_for(world.contact)
        .get(reverse("evaluation:quotes", args=[fieldwork.evaluation.pk]))
        .content.decode()
    )
    assert "Rådmannen har fulgt arbeidet tett." not in page  # still a draft
    detail = (
        client_for(world.contact)
        .get(reverse("evaluation:detail", args=[fieldwork.evaluation.pk]))
        .content.decode()
    )
    assert reverse("evaluation:interviews", args=[fieldwork.evaluation.pk]) not in detail


def test_the_nav_shows_evaluation_to_those_who_may_see_it(world, client_for):
    url = reverse("evaluation:index")
    assert (
        f'href="{url}"'
        in client_for(world.evaluator).get(reverse("programmes:portfolio")).content.decode()
    )
    assert (
        f'href="{url}"'
        not in client_for(world.viewer).get(reverse("programmes:portfolio")).content.decode()
    )
