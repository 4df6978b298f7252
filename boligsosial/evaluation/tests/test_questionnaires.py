import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from boligsosial.evaluation import services
from boligsosial.evaluation.models import Answer, QuestionKind, ResponseStatus
from boligsosial.evaluation.tests import factories as f

# Appendix 1 of the report, as printed (line breaks joined with a space).
APPENDIX_1 = [
    "Stilling i kommunen/ satsningsarbeidet:",
    "1. Hvor lenge vil satsningen vare i din kommune?",
    "Hvorfor ønsker kommunen å delta i en slik forpliktende satsning?",
    "Har Husbanken den kompetansen som kommunene trenger i satsningsarbeidet?",
    "Hvordan oppleves Husbankens oppfølging av programarbeidet?",
    "Har satsningen ført til økt oppmerksomhet for boligsosiale spørsmål?",
    "Har satsningen ført til økt interesse fra politisk hold i kommunen?",
    "Er boligsosialt arbeid en større del av de strategiske plandokumentene og budsjettprosesser i kommunen enn før satsningen?",
    "Er det igangsatt eller gjennomført endringer i organiseringen av det boligsosiale arbeidet i kommunen som følge av satsningen?",
    "Har det tverrfaglige samarbeidet i kommunene endret seg som følge av satsningsarbeidet",
    "Har kommunen tilstrekkelig med ressurser til å nå målsetningene?",
    "Har kommunen fått økt kunnskap om boligsosiale utfordringer og behov?",
    "Har satsningen gitt økt kompetanse i kommunen om boligsosiale virkemidler?",
    "Har kommunen tilstrekkelig med kompetanse til å nå målsetningene?",
    "Har satsningen ført til økt oppmerksom rundt de boligsosiale virkemidlene?",
    "Har det skjedd endringer i måten kommunen benytter disse virkemidlene?",
    "Vurderer kommunen å øke innlånet av midler til startlån?",
    "Er det igangsatt nye boligprosjekter i kommunen som en følge av satsningen?",
    "Er de økonomiske virkemidlene tilstrekkelig for å nå målsetningene?",
]


def test_the_appendix_1_questionnaire_is_preloaded_word_for_word(world):
    evaluation = f.make_evaluation(world)
    questionnaire = evaluation.questionnaires.get()
    assert [q.label for q in questionnaire.questions.order_by("order")] == APPENDIX_1
    assert [s.title for s in questionnaire.sections.all()] == [
        "2. Generelt:",
        "3. Organisatoriske:",
        "4. Kunnskapsrettede:",
        "5. Økonomiske",
    ]
    yes_no = questionnaire.questions.filter(kind=QuestionKind.YES_NO_PARTLY)
    assert yes_no.count() == 15
    assert [c.label for c in yes_no.first().choices.all()] == ["Ja", "Nei", "Delvis"]
    assert questionnaire.data_source == "report"


def test_the_questionnaire_page_shows_groups_as_fieldsets_with_legends(
    world, fieldwork, client_for
):
    page = (
        client_for(world.drammen_leader)
        .get(reverse("evaluation:respondent_answer", args=[fieldwork.drammen_respondent.pk]))
        .content.decode()
    )
    assert "<legend>3. Organisatoriske:</legend>" in page
    assert "Har satsningen ført til økt oppmerksomhet for boligsosiale spørsmål? (påkrevd)" in page


def _all_required(value="ja"):
    from boligsosial.evaluation.preload import appendix_1_spec

    data = {}
    for item in appendix_1_spec()["items"]:
        for q in item.get("items", [item]):
            if q["required"]:
                data[q["name"]] = {
                    "value": value if q["kind"] == QuestionKind.YES_NO_PARTLY else "Programleder"
                }
    return data


def test_a_draft_is_saved_and_can_be_continued_later(world, fieldwork):
    respondent = fieldwork.drammen_respondent
    services.answers_save(
        respondent=respondent,
        data={"oppmerksomhet": {"value": "ja", "comment": "Mye mer."}},
        submit=False,
    )
    respondent.refresh_from_db()
    assert respondent.status == ResponseStatus.IN_PROGRESS
    services.answers_save(
        respondent=respondent,
        data={
            "oppmerksomhet": {"value": "ja", "comment": "Mye mer."},
            "ressurser": {"value": "delvis"},
        },
        submit=False,
    )
    assert {
        a.question.name: (a.value, a.comment) for a in Answer.objects.filter(respondent=respondent)
    } == {"oppmerksomhet": ("ja", "Mye mer."), "ressurser": ("delvis", "")}


def test_submitting_needs_every_required_answer(world, fieldwork):
    with pytest.raises(ValidationError) as error:
        services.answers_save(
            respondent=fieldwork.drammen_respondent,
            data={"stilling": {"value": "Programleder"}},
            submit=True,
        )
    assert (
        "Spørsmålet må besvares før skjemaet sendes inn."
        in error.value.message_dict["oppmerksomhet"]
    )
    services.answers_save(
        respondent=fieldwork.drammen_respondent, data=_all_required(), submit=True
    )
    fieldwork.drammen_respondent.refresh_from_db()
    assert fieldwork.drammen_respondent.status == ResponseStatus.SUBMITTED


def test_answers_are_refused_after_the_closing_date(world, fieldwork):
    questionnaire = fieldwork.questionnaire
    services.questionnaire_update(
        user=world.evaluator,
        questionnaire=questionnaire,
        version=questionnaire.version,
        status="open",
        sent_on=dt.date(2011, 9, 1),
        closes_on=dt.date(2011, 9, 30),
    )
    with pytest.raises(ValidationError, match="Svarfristen var 30.09.2011"):
        services.answers_save(
            respondent=fieldwork.drammen_respondent,
            data=_all_required(),
            submit=True,
            today=dt.date(2011, 10, 1),
        )
    services.answers_save(
        respondent=fieldwork.drammen_respondent,
        data=_all_required(),
        submit=True,
        today=dt.date(2011, 9, 30),
    )


def test_a_closed_form_shows_the_answers_read_only(world, fieldwork, client_for):
    questionnaire = fieldwork.questionnaire
    services.questionnaire_update(
        user=world.evaluator,
        questionnaire=questionnaire,
        version=questionnaire.version,
        status="closed",
        sent_on=None,
        closes_on=None,
    )
    client = client_for(world.drammen_leader)
    url = reverse("evaluation:respondent_answer", args=[fieldwork.drammen_respondent.pk])
    page = client.get(url).content.decode()
    assert "Skjemaet er lukket for svar." in page
    assert "Send inn svarene" not in page
    assert client.post(url, {"submit": "1"}).status_code == 403


CONDITIONAL_SPEC = {
    "title": "Oppfølging",
    "form_id": "oppfolging",
    "version": "1",
    "default_language": "",
    "items": [
        {
            "type": "question",
            "name": "har_plan",
            "kind": "single",
            "label": "Har kommunen en handlingsplan?",
            "hint": "",
            "translations": {},
            "required": True,
            "relevant": "",
            "constraint": "",
            "constraint_message": "",
            "choice_list": "janei",
            "choices": [
                {"value": "ja", "label": "Ja", "translations": {}},
                {"value": "nei", "label": "Nei", "translations": {}},
            ],
        },
        {
            "type": "question",
            "name": "vedtatt",
            "kind": "integer",
            "label": "Hvilket år ble planen vedtatt?",
            "hint": "",
            "translations": {},
            "required": True,
            "relevant": "${har_plan} = 'ja'",
            "constraint": ". >= 2000 and . <= 2011",
            "constraint_message": "Skriv et år mellom 2000 og 2011.",
            "choice_list": "",
            "choices": [],
        },
        {
            "type": "question",
            "name": "tilfredshet",
            "kind": "scale",
            "label": "Hvor fornøyd er dere?",
            "hint": "",
            "translations": {},
            "required": False,
            "relevant": "",
            "constraint": "",
            "constraint_message": "",
            "choice_list": "skala_1_5",
            "choices": [
                {"value": str(n), "label": str(n), "translations": {}} for n in range(1, 6)
            ],
        },
    ],
}


def test_conditions_on_earlier_answers_decide_what_is_required(world, fieldwork):
    questionnaire = services.questionnaire_create_from_spec(
        user=world.evaluator, evaluation=fieldwork.evaluation, spec=CONDITIONAL_SPEC
    )
    services.questionnaire_update(
        user=world.evaluator,
        questionnaire=questionnaire,
        version=questionnaire.version,
        status="open",
        sent_on=None,
        closes_on=None,
    )
    respondent = f.make_respondent(world, questionnaire)
    # "nei": the year is not asked, so it is not required and an answer to it is dropped.
    services.answers_save(
        respondent=respondent,
        data={"har_plan": {"value": "nei"}, "vedtatt": {"value": "2010"}},
        submit=True,
    )
    assert list(respondent.answers.values_list("question__name", flat=True)) == ["har_plan"]
    with pytest.raises(ValidationError) as error:
        services.answers_save(
            respondent=respondent, data={"har_plan": {"value": "ja"}}, submit=True
        )
    assert "vedtatt" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.answers_save(
            respondent=respondent,
            data={"har_plan": {"value": "ja"}, "vedtatt": {"value": "1999"}},
            submit=True,
        )
    assert error.value.message_dict["vedtatt"] == ["Skriv et år mellom 2000 og 2011."]
    services.answers_save(
        respondent=respondent,
        data={
            "har_plan": {"value": "ja"},
            "vedtatt": {"value": "2009"},
            "tilfredshet": {"value": "4"},
        },
        submit=True,
    )
    assert dict(respondent.answers.values_list("question__name", "value")) == {
        "har_plan": "ja",
        "vedtatt": 2009,
        "tilfredshet": "4",
    }


def test_a_condition_on_a_later_question_is_refused(world, fieldwork):
    spec = {
        **CONDITIONAL_SPEC,
        "form_id": "feil",
        "items": [
            {**CONDITIONAL_SPEC["items"][0], "relevant": "${vedtatt} > 2000"},
            CONDITIONAL_SPEC["items"][1],
        ],
    }
    with pytest.raises(
        ValidationError, match="«har_plan» viser til vedtatt, som ikke er et tidligere spørsmål"
    ):
        services.questionnaire_create_from_spec(
            user=world.evaluator, evaluation=fieldwork.evaluation, spec=spec
        )


def test_response_rate_counts_submitted_respondents(world, fieldwork, client_for):
    services.answers_save(
        respondent=fieldwork.drammen_respondent, data=_all_required(), submit=True
    )
    page = (
        client_for(world.evaluator)
        .get(reverse("evaluation:detail", args=[fieldwork.evaluation.pk]))
        .content.decode()
    )
    assert "50\xa0% (1 av 2 respondenter)" in page


def test_a_respondent_answers_through_the_page(world, fieldwork, client_for):
    client = client_for(world.drammen_leader)
    url = reverse("evaluation:respondent_answer", args=[fieldwork.drammen_respondent.pk])
    data = {name: value["value"] for name, value in _all_required("delvis").items()}
    data["oppmerksomhet__comment"] = "Bolig er oftere på dagsordenen."
    response = client.post(url, {**data, "save": "1"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Svarene er lagret." in page and "Bolig er oftere på dagsordenen." in page
    client.post(url, {**data, "submit": "1"})
    fieldwork.drammen_respondent.refresh_from_db()
    assert fieldwork.drammen_respondent.status == ResponseStatus.SUBMITTED


def test_evaluators_build_a_form_in_the_browser_with_choices_and_conditions(world, client_for):
    evaluation = f.make_evaluation(world, preload=False)
    questionnaire = services.questionnaire_create_from_spec(
        user=world.evaluator,
        evaluation=evaluation,
        spec={
            "title": "Oppfølging 2012",
            "form_id": "oppfolging_2012",
            "version": "",
            "default_language": "",
            "items": [],
        },
    )
    client = client_for(world.evaluator)
    url = reverse("evaluation:question_add", args=[questionnaire.pk])
    client.post(
        url,
        {
            "new_section_title": "Målgrupper",
            "kind": "multiple",
            "label": "Hvilke målgrupper prioriteres?",
            "name": "grupper",
            "choices": "Ungdom\nbostedslose=Bostedsløse",
        },
    )
    client.post(
        url,
        {
            "kind": "integer",
            "label": "Hvor mange unge har fått bolig?",
            "name": "antall_unge",
            "section": questionnaire.sections.get().pk,
            "required": "on",
            "relevant": "selected(${grupper}, 'ungdom')",
            "constraint": ". >= 0",
            "constraint_message": "Antallet kan ikke være negativt.",
        },
    )
    response = client.post(
        url,
        {
            "kind": "text",
            "label": "Feil",
            "name": "feil",
            "relevant": "${finnes_ikke} = 'x'",
        },
    )
    assert "som ikke er et tidligere spørsmål" in response.content.decode()
    from boligsosial.evaluation import xlsform

    spec = xlsform.spec_from_questionnaire(questionnaire)
    [group] = spec["items"]
    assert group["label"] == "Målgrupper"
    assert [(q["name"], q["kind"], q["required"]) for q in group["items"]] == [
        ("grupper", "multiple", False),
        ("antall_unge", "integer", True),
    ]
    assert [(c["value"], c["label"]) for c in group["items"][0]["choices"]] == [
        ("ungdom", "Ungdom"),
        ("bostedslose", "Bostedsløse"),
    ]
    from boligsosial.evaluation.tests.test_xlsform import comparable

    assert comparable(xlsform.parse_xlsform(xlsform.export_xlsform(questionnaire))) == (
        comparable(spec)
    )


def test_a_form_with_answers_cannot_be_restructured(world, fieldwork):
    services.answers_save(
        respondent=fieldwork.drammen_respondent,
        data={"oppmerksomhet": {"value": "ja"}},
        submit=False,
    )
    with pytest.raises(ValidationError, match="Skjemaet har svar og kan ikke endres"):
        services.question_add(
            user=world.evaluator, questionnaire=fieldwork.questionnaire, kind="text", label="Ny?"
        )


def test_each_questionnaire_action_has_its_own_url(world, fieldwork, client_for):
    """Status, respondents and questions post to their own views; the page only shows."""
    from boligsosial.evaluation.models import QuestionnaireStatus

    questionnaire = fieldwork.questionnaire
    client = client_for(world.evaluator)
    page = client.get(reverse("evaluation:questionnaire", args=[questionnaire.pk])).content.decode()
    for name in ("questionnaire_status", "respondent_add", "question_add"):
        assert f'action="{reverse(f"evaluation:{name}", args=[questionnaire.pk])}"' in page
    assert (
        client.post(reverse("evaluation:questionnaire", args=[questionnaire.pk])).status_code == 404
    )

    response = client.post(
        reverse("evaluation:respondent_add", args=[questionnaire.pk]),
        {"participation": world.skien_participation.pk, "role": "rådgiver"},
    )
    assert response.status_code == 302
    assert questionnaire.respondents.filter(role="rådgiver").exists()

    response = client.post(
        reverse("evaluation:questionnaire_status", args=[questionnaire.pk]),
        {"status": QuestionnaireStatus.DRAFT, "sent_on": "", "closes_on": "", "version": 1},
    )
    assert response.status_code == 200  # stale version: the page again, with the reason
    assert "Noen andre har lagret endringer" in response.content.decode()
    questionnaire.refresh_from_db()
    response = client.post(
        reverse("evaluation:questionnaire_status", args=[questionnaire.pk]),
        {
            "status": QuestionnaireStatus.DRAFT,
            "sent_on": "2011-09-01",
            "closes_on": "",
            "version": questionnaire.version,
        },
    )
    assert response.status_code == 302
    questionnaire.refresh_from_db()
    assert questionnaire.status == QuestionnaireStatus.DRAFT

    question = questionnaire.questions.last()
    response = client.post(
        reverse("evaluation:question_delete", args=[questionnaire.pk, question.pk])
    )
    assert response.status_code == 302
    assert not questionnaire.questions.filter(pk=question.pk).exists()


@pytest.mark.parametrize(
    ("kind", "raw", "message"),
    [
        ("decimal", "NaN", "Skriv et tall, for eksempel 12,5."),
        ("decimal", "Infinity", "Skriv et tall, for eksempel 12,5."),
        ("decimal", "1e309", "Skriv et tall, for eksempel 12,5."),
        ("decimal", "1" * 40, "Skriv et tall, for eksempel 12,5."),
        ("integer", "9" * 5000, "Skriv et heltall, for eksempel 12."),
        ("integer", "1e3", "Skriv et heltall, for eksempel 12."),
    ],
)
def test_numbers_that_cannot_be_stored_are_refused_in_norwegian(world, kind, raw, message):
    import datetime as dt

    from boligsosial.evaluation.models import Answer
    from boligsosial.evaluation.tests import factories as f

    evaluation = f.make_evaluation(world, preload=False)
    questionnaire = services.questionnaire_create_from_spec(
        user=world.evaluator,
        evaluation=evaluation,
        spec={
            "title": "Tall",
            "form_id": "tall",
            "items": [{"type": "question", "name": "antall", "kind": kind, "label": "Antall?"}],
        },
    )
    services.questionnaire_update(
        user=world.evaluator,
        questionnaire=questionnaire,
        version=questionnaire.version,
        status="open",
        sent_on=dt.date(2011, 9, 1),
        closes_on=None,
    )
    respondent = f.make_respondent(world, questionnaire, world.drammen_participation)
    with pytest.raises(ValidationError) as error:
        services.answers_save(
            respondent=respondent, data={"antall": {"value": raw}}, submit=True, user=None
        )
    assert error.value.message_dict == {"antall": [message]}
    assert not Answer.objects.filter(respondent=respondent).exists()
