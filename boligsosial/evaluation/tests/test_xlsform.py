import io

import pytest
from openpyxl import Workbook

from boligsosial.evaluation import services, xlsform
from boligsosial.evaluation.tests import factories as f


def _workbook(survey, choices=(), settings=(("form_title", "form_id"), ("Test", "test"))):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(list(row))
    choice_sheet = workbook.create_sheet("choices")
    for row in choices:
        choice_sheet.append(list(row))
    settings_sheet = workbook.create_sheet("settings")
    for row in settings:
        settings_sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_preloaded_questionnaire_survives_export_and_reimport_unchanged(world):
    first = f.make_evaluation(world)
    questionnaire = first.questionnaires.get()
    exported = xlsform.export_xlsform(questionnaire)
    spec = xlsform.parse_xlsform(exported)
    assert spec == xlsform.spec_from_questionnaire(questionnaire)
    second = f.make_evaluation(world, preload=False)
    again = services.questionnaire_create_from_spec(
        user=world.evaluator, evaluation=second, spec=spec
    )
    assert xlsform.spec_from_questionnaire(again) == xlsform.spec_from_questionnaire(questionnaire)
    assert xlsform.export_xlsform(again) != b""  # and it exports again


def test_the_export_is_plain_xlsform_with_translations(world):
    from openpyxl import load_workbook

    questionnaire = f.make_evaluation(world).questionnaires.get()
    workbook = load_workbook(io.BytesIO(xlsform.export_xlsform(questionnaire)))
    header = [c.value for c in workbook["survey"][1]]
    assert header[:4] == ["type", "name", "label", "label::English (en)"]
    rows = [[c.value for c in row] for row in workbook["survey"].iter_rows(min_row=2)]
    assert rows[2][:4] == ["begin group", "generelt", "2. Generelt:", "2. General:"]
    assert rows[4][:2] == ["select_one ja_nei_delvis", "husbanken_kompetanse"]
    assert rows[5][:2] == ["text", "husbanken_kompetanse_kommentar"]
    assert [c.value for c in workbook["settings"][2]][
        1
    ] == "sporreundersokelse_programkommuner_2011"


def test_a_form_with_an_unsupported_question_type_is_refused_naming_the_row():
    content = _workbook(
        [("type", "name", "label"), ("text", "navn", "Navn"), ("geopoint", "sted", "Hvor?")]
    )
    with pytest.raises(xlsform.XLSFormRefused) as error:
        xlsform.parse_xlsform(content)
    assert error.value.errors == [
        "Rad 3 i arket survey: spørsmålstypen «geopoint» støttes ikke. Støttet: text, integer, decimal, date, "
        "note, select_one, select_multiple, begin group, end group."
    ]


def test_unsupported_columns_and_expressions_are_refused_naming_row_and_feature():
    content = _workbook(
        [
            ("type", "name", "label", "appearance", "relevant"),
            ("integer", "antall", "Antall", "", "${x} + 1 > 2"),
            ("text", "tekst", "Tekst", "multiline", ""),
        ]
    )
    with pytest.raises(xlsform.XLSFormRefused) as error:
        xlsform.parse_xlsform(content)
    assert "Rad 2 i arket survey: relevant: «+» støttes ikke i uttrykk." in error.value.errors
    assert "Rad 3 i arket survey: kolonnen «appearance» støttes ikke." in error.value.errors


def test_a_nested_group_and_a_missing_choice_list_are_refused():
    content = _workbook(
        [
            ("type", "name", "label"),
            ("begin group", "a", "A"),
            ("begin group", "b", "B"),
            ("select_one farger", "farge", "Farge?"),
            ("end group", "", ""),
            ("end group", "", ""),
        ]
    )
    with pytest.raises(xlsform.XLSFormRefused) as error:
        xlsform.parse_xlsform(content)
    assert "Rad 3 i arket survey: grupper inne i grupper støttes ikke." in error.value.errors
    assert (
        "Rad 4 i arket survey: svarlisten «farger» finnes ikke i arket choices."
        in error.value.errors
    )


def _supported_form() -> bytes:
    """Every supported type, a group, a condition, a constraint and a translation."""
    return _workbook(
        [
            (
                "type",
                "name",
                "label",
                "label::English (en)",
                "hint",
                "required",
                "relevant",
                "constraint",
                "constraint_message",
            ),
            ("begin group", "plan", "Plan", "Plan", "", "", "", "", ""),
            (
                "select_one janei",
                "har_plan",
                "Har dere plan?",
                "Do you have a plan?",
                "",
                "yes",
                "",
                "",
                "",
            ),
            (
                "date",
                "vedtatt",
                "Når ble den vedtatt?",
                "When?",
                "",
                "",
                "${har_plan} = 'ja'",
                "",
                "",
            ),
            ("end group", "", "", "", "", "", "", "", ""),
            (
                "select_multiple grupper",
                "grupper",
                "Målgrupper",
                "Target groups",
                "Velg alle som gjelder",
                "",
                "",
                "",
                "",
            ),
            (
                "decimal",
                "arsverk",
                "Årsverk",
                "FTE",
                "",
                "",
                "",
                ". >= 0",
                "Kan ikke være negativt.",
            ),
            ("note", "takk", "Takk!", "Thanks!", "", "", "", "", ""),
        ],
        choices=[
            ("list_name", "name", "label", "label::English (en)"),
            ("janei", "ja", "Ja", "Yes"),
            ("janei", "nei", "Nei", "No"),
            ("grupper", "ungdom", "Ungdom", "Youth"),
            ("grupper", "bostedslose", "Bostedsløse", "Homeless"),
        ],
    )


def test_a_supported_form_imports_with_types_conditions_and_languages(world):
    content = _supported_form()
    spec = xlsform.parse_xlsform(content)
    evaluation = f.make_evaluation(world, preload=False)
    questionnaire = services.questionnaire_create_from_spec(
        user=world.evaluator, evaluation=evaluation, spec=spec
    )
    kinds = dict(questionnaire.questions.values_list("name", "kind"))
    assert kinds == {
        "har_plan": "single",
        "vedtatt": "date",
        "grupper": "multiple",
        "arsverk": "decimal",
        "takk": "note",
    }
    vedtatt = questionnaire.questions.get(name="vedtatt")
    assert vedtatt.relevant == "${har_plan} = 'ja'" and vedtatt.section.title == "Plan"
    assert questionnaire.questions.get(name="har_plan").translations == {
        "English (en)": {"label": "Do you have a plan?"}
    }
    assert xlsform.parse_xlsform(
        xlsform.export_xlsform(questionnaire)
    ) == xlsform.spec_from_questionnaire(questionnaire)


def test_a_file_that_is_not_excel_is_refused():
    with pytest.raises(xlsform.XLSFormRefused, match="ikke en Excel-fil"):
        xlsform.parse_xlsform(b"%PDF-1.4 not a workbook")


def test_the_import_page_lists_the_problems(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    evaluation = f.make_evaluation(world, preload=False)
    content = _workbook([("type", "name", "label"), ("calculate", "sum", "Sum")])
    response = client_for(world.evaluator).post(
        reverse("evaluation:questionnaire_import", args=[evaluation.pk]),
        {"file": SimpleUploadedFile("skjema.xlsx", content)},
    )
    assert (
        "Rad 2 i arket survey: spørsmålstypen «calculate» støttes ikke."
        in response.content.decode()
    )
    assert evaluation.questionnaires.count() == 0
