"""Browser tests: a respondent answers with the keyboard only, the evaluator sees it, and
every evaluation page passes axe (WCAG 2.1 A/AA)."""

import pytest
from django.urls import reverse

from boligsosial.core.testing.browser import assert_accessible, login

pytestmark = pytest.mark.browser


def tab_to(page, selector: str, limit: int = 250) -> None:
    """Press Tab until the element matching `selector` has focus (keyboard only)."""
    for _ in range(limit):
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def choose(page, name: str, position: int) -> None:
    """Select radio option `position` (0-based) of a group: Space on the first, arrows after."""
    tab_to(page, f'input[type="radio"][name="{name}"]')
    page.keyboard.press("Space")
    for _ in range(position):
        page.keyboard.press("ArrowDown")


YES_NO_QUESTIONS = [
    "husbanken_kompetanse",
    "oppmerksomhet",
    "politisk_interesse",
    "plandokumenter",
    "organisering",
    "tverrfaglig",
    "ressurser",
    "kunnskap",
    "kompetanse_virkemidler",
    "kompetanse_tilstrekkelig",
    "oppmerksomhet_virkemidler",
    "endret_bruk",
    "startlan",
    "boligprosjekter",
    "virkemidler_tilstrekkelig",
]


def test_a_respondent_answers_by_keyboard_and_the_evaluator_sees_it_in_the_results(
    page, live_server, world, fieldwork
):
    page.goto(
        live_server.url
        + reverse("evaluation:answer_by_link", args=[fieldwork.drammen_respondent.token])
    )
    assert_accessible(page)
    tab_to(page, "#id_stilling")
    page.keyboard.type("Programleder")
    tab_to(page, "#id_varighet")
    page.keyboard.type("Ut 2014.")
    for name in YES_NO_QUESTIONS:
        # "Delvis" on the resources question, "Ja" everywhere else.
        choose(page, name, 2 if name == "ressurser" else 0)
        if name == "oppmerksomhet":
            tab_to(page, "#id_oppmerksomhet__comment")
            page.keyboard.type("Bolig er oftere på dagsordenen i bystyret.")
    # Save, come back, then submit: all by keyboard.
    tab_to(page, 'button[name="save"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Svarene er lagret" in page.content()
    assert (
        page.locator("#id_oppmerksomhet__comment").input_value()
        == "Bolig er oftere på dagsordenen i bystyret."
    )
    tab_to(page, 'button[name="submit"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Svarene er sendt inn" in page.content()
    assert_accessible(page)

    login(page, live_server.url, "evaluator")
    page.goto(live_server.url + reverse("evaluation:results", args=[fieldwork.evaluation.pk]))
    question = fieldwork.questionnaire.questions.get(name="oppmerksomhet")
    table = page.locator(f"#cap{question.pk}").locator("xpath=..")
    drammen_row = table.locator("tr", has=page.locator("th", has_text="Drammen"))
    assert drammen_row.locator("td").all_inner_texts()[:3] == [
        "1 (100\xa0%)",
        "0 (0\xa0%)",
        "0 (0\xa0%)",
    ]
    assert "Bolig er oftere på dagsordenen i bystyret." in page.content()
    assert_accessible(page)


def test_conditional_questions_appear_when_their_condition_holds(
    page, live_server, world, fieldwork
):
    from boligsosial.evaluation import services
    from boligsosial.evaluation.tests.factories import make_respondent
    from boligsosial.evaluation.tests.test_questionnaires import CONDITIONAL_SPEC

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
    respondent = make_respondent(world, questionnaire)
    page.goto(live_server.url + reverse("evaluation:answer_by_link", args=[respondent.token]))
    assert page.locator("#question-vedtatt").is_hidden()
    choose(page, "har_plan", 0)
    assert page.locator("#question-vedtatt").is_visible()
    choose(page, "har_plan", 1)
    assert page.locator("#question-vedtatt").is_hidden()
    assert_accessible(page)


def test_every_evaluation_page_passes_axe(page, live_server, world, fieldwork):
    from boligsosial.evaluation import services

    services.quote_decide(
        user=world.evaluator,
        quote=fieldwork.quote,
        version=fieldwork.quote.version,
        status="draft",
        attribution="programleder, Drammen kommune",
    )
    ev = fieldwork.evaluation.pk
    guide = fieldwork.evaluation.guides.first()
    login(page, live_server.url, "evaluator")
    for path in [
        reverse("evaluation:index"),
        reverse("evaluation:create"),
        reverse("evaluation:detail", args=[ev]),
        reverse("evaluation:edit", args=[ev]),
        reverse("evaluation:results", args=[ev]),
        reverse("evaluation:questionnaire_import", args=[ev]),
        reverse("evaluation:interviews", args=[ev]),
        reverse("evaluation:interview_create", args=[ev, guide.pk]),
        reverse("evaluation:documents", args=[ev]) + "?q=forankret",
        reverse("evaluation:codebook", args=[ev]),
        reverse("evaluation:codebook_import", args=[ev]),
        reverse("evaluation:matrix", args=[ev]),
        reverse("evaluation:retrieve", args=[ev]) + "?code=forankring",
        reverse("evaluation:quotes", args=[ev]),
        reverse("evaluation:agreement", args=[ev]),
        reverse("evaluation:questionnaire", args=[fieldwork.questionnaire.pk]),
        reverse("evaluation:respondent_answer", args=[fieldwork.skien_respondent.pk]),
        reverse("evaluation:guide", args=[guide.pk]),
        reverse("evaluation:interview", args=[fieldwork.interview.pk]),
        reverse("evaluation:interview_edit", args=[fieldwork.interview.pk]),
        reverse("evaluation:document", args=[fieldwork.document.pk]),
    ]:
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    page.context.clear_cookies()
    login(page, live_server.url, "drammen-leader")
    page.goto(live_server.url + reverse("evaluation:index"))
    assert_accessible(page)
    page.goto(
        live_server.url
        + reverse("evaluation:respondent_answer", args=[fieldwork.drammen_respondent.pk])
    )
    assert_accessible(page)


def test_an_imported_xlsform_with_nested_groups_passes_axe_on_its_pages(page, live_server, world):
    """The reference converter's spec-test form (repeats, nested groups, notes, calculations,
    stored types): the questionnaire page with its import warnings and the answer page."""
    from boligsosial.evaluation.tests.test_xlsform_examples import _open_imported

    questionnaire, respondent = _open_imported(world, "example_xls__xlsform_spec_test.xlsx")
    login(page, live_server.url, "evaluator")
    page.goto(live_server.url + reverse("evaluation:questionnaire", args=[questionnaire.pk]))
    assert "Dette i skjemaet kjører ikke i Boligsosial" in page.content()
    assert_accessible(page)
    page.context.clear_cookies()
    login(page, live_server.url, "drammen-leader")  # the municipality answers
    page.goto(live_server.url + reverse("evaluation:respondent_answer", args=[respondent.pk]))
    assert page.get_by_label("Enter your name").count() == 1
    assert_accessible(page)
