import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from boligsosial.evaluation import selectors, services
from boligsosial.evaluation.tests import factories as f
from boligsosial.evaluation.tests.test_questionnaires import _all_required


def _answer(respondent, value, comment=""):
    data = _all_required(value)
    data["oppmerksomhet"] = {"value": value, "comment": comment}
    services.answers_save(respondent=respondent, data=data, submit=True)


def test_shares_are_counted_overall_and_per_municipality_with_comments(world, fieldwork):
    second_drammen = f.make_respondent(
        world, fieldwork.questionnaire, world.drammen_participation, "leder for styringsgruppen"
    )
    _answer(fieldwork.drammen_respondent, "ja", "Mer oppmerksomhet i bystyret.")
    _answer(second_drammen, "delvis")
    _answer(fieldwork.skien_respondent, "ja")
    row = next(
        q for q in selectors.question_shares(fieldwork.evaluation) if q["name"] == "oppmerksomhet"
    )
    assert row["n"] == 3
    assert [(o["label"], o["count"], round(o["share"], 3)) for o in row["options"]] == [
        ("Ja", 2, 0.667),
        ("Nei", 0, 0.0),
        ("Delvis", 1, 0.333),
    ]
    drammen = next(m for m in row["by_municipality"] if m["municipality"] == "Drammen")
    assert [(o["count"], o["share"]) for o in drammen["options"]] == [(1, 0.5), (0, 0.0), (1, 0.5)]
    assert row["comments"] == [
        {
            "municipality": "Drammen",
            "role": "programleder",
            "text": "Mer oppmerksomhet i bystyret.",
            "value_label": "Ja",
        }
    ]


def test_drafts_do_not_count_in_the_results(world, fieldwork):
    services.answers_save(
        respondent=fieldwork.drammen_respondent,
        data={"oppmerksomhet": {"value": "nei"}},
        submit=False,
    )
    row = next(
        q for q in selectors.question_shares(fieldwork.evaluation) if q["name"] == "oppmerksomhet"
    )
    assert row["n"] == 0 and row["options"][1]["share"] is None


def test_the_results_page_and_exports_show_the_answers(world, fieldwork, client_for):
    _answer(fieldwork.drammen_respondent, "ja", "Mer oppmerksomhet i bystyret.")
    client = client_for(world.contact)
    url = reverse("evaluation:results", args=[fieldwork.evaluation.pk])
    page = client.get(url).content.decode()
    assert "1 (100\xa0%)" in page and "Mer oppmerksomhet i bystyret." in page
    text = client.get(url + "?format=csv").getvalue().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [
        "Spørreundersøkelse programkommuner",
        "3. Organisatoriske:",
        "Har satsningen ført til økt oppmerksomhet for boligsosiale spørsmål?",
        "Drammen",
        "Ja",
        "1",
        "1,0",
        "1",
    ] in rows
    workbook = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").getvalue()))
    comments = [[c.value for c in r] for r in workbook["Kommentarer"].iter_rows(min_row=2)]
    assert [
        "Spørreundersøkelse programkommuner",
        "Har satsningen ført til økt oppmerksomhet for boligsosiale spørsmål?",
        "Drammen",
        "programleder",
        "Ja",
        "Mer oppmerksomhet i bystyret.",
    ] in comments


def test_numbers_multiple_choice_and_scales_are_summarised(world, fieldwork):
    from boligsosial.evaluation.tests.test_questionnaires import CONDITIONAL_SPEC

    spec = {
        **CONDITIONAL_SPEC,
        "items": [
            *CONDITIONAL_SPEC["items"],
            {
                "type": "question",
                "name": "grupper",
                "kind": "multiple",
                "label": "Målgrupper",
                "hint": "",
                "translations": {},
                "required": False,
                "relevant": "",
                "constraint": "",
                "constraint_message": "",
                "choice_list": "grupper",
                "choices": [
                    {"value": "ungdom", "label": "Ungdom", "translations": {}},
                    {"value": "familier", "label": "Barnefamilier", "translations": {}},
                ],
            },
        ],
    }
    questionnaire = services.questionnaire_create_from_spec(
        user=world.evaluator, evaluation=fieldwork.evaluation, spec=spec
    )
    services.questionnaire_update(
        user=world.evaluator,
        questionnaire=questionnaire,
        version=questionnaire.version,
        status="open",
        sent_on=None,
        closes_on=None,
    )
    for participation, year, scale, groups in (
        (world.drammen_participation, "2008", "4", ["ungdom", "familier"]),
        (world.skien_participation, "2011", "2", ["ungdom"]),
    ):
        respondent = f.make_respondent(world, questionnaire, participation)
        services.answers_save(
            respondent=respondent,
            submit=True,
            data={
                "har_plan": {"value": "ja"},
                "vedtatt": {"value": year},
                "tilfredshet": {"value": scale},
                "grupper": {"value": groups},
            },
        )
    rows = {
        q["name"]: q
        for q in selectors.question_shares(fieldwork.evaluation)
        if q["questionnaire"] == "Oppfølging"
    }
    assert rows["vedtatt"]["numbers"] == {"n": 2, "mean": 2009.5, "min": 2008.0, "max": 2011.0}
    assert [(o["label"], o["count"], o["share"]) for o in rows["grupper"]["options"]] == [
        ("Ungdom", 2, 1.0),
        ("Barnefamilier", 1, 0.5),
    ]
    assert [o["count"] for o in rows["tilfredshet"]["options"]] == [0, 1, 0, 1, 0]
