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


def comparable(value):
    """A spec without its stored form definition and warnings: what the model holds."""
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items() if k not in ("xlsform", "warnings")}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    return value


def test_the_preloaded_questionnaire_survives_export_and_reimport_unchanged(world):
    first = f.make_evaluation(world)
    questionnaire = first.questionnaires.get()
    exported = xlsform.export_xlsform(questionnaire)
    spec = xlsform.parse_xlsform(exported)
    assert spec["warnings"] == []
    assert comparable(spec) == comparable(xlsform.spec_from_questionnaire(questionnaire))
    second = f.make_evaluation(world, preload=False)
    again = services.questionnaire_create_from_spec(
        user=world.evaluator, evaluation=second, spec=spec
    )
    assert comparable(xlsform.spec_from_questionnaire(again)) == comparable(
        xlsform.spec_from_questionnaire(questionnaire)
    )
    assert _cells(xlsform.export_xlsform(again)) == _cells(exported)  # comes back as it went


def _cells(content: bytes) -> dict:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    return {sheet.title: list(sheet.values) for sheet in workbook}


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


OTHER_LIST = [("list_name", "name", "label"), ("andre", "x", "X")]


def test_a_type_boligsosial_cannot_run_is_stored_with_a_named_warning(world):
    content = _workbook(
        [("type", "name", "label"), ("text", "navn", "Navn"), ("geopoint", "sted", "Hvor?")]
    )
    spec = xlsform.parse_xlsform(content)
    assert spec["warnings"] == [
        "Spørsmålstypen «geopoint» kan ikke besvares i Boligsosial. «sted» er lagret og kommer "
        "med når skjemaet eksporteres."
    ]
    questionnaire = services.questionnaire_create_from_spec(
        user=world.evaluator, evaluation=f.make_evaluation(world, preload=False), spec=spec
    )
    place = questionnaire.questions.get(name="sted")
    assert (place.kind, place.answerable, place.label) == ("stored", False, "Hvor?")
    rows = [[c.value for c in r] for r in _sheet(xlsform.export_xlsform(questionnaire), "survey")]
    assert rows[2][:3] == ["geopoint", "sted", "Hvor?"]


def _sheet(content: bytes, name: str):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(content))[name].iter_rows()


def test_expressions_boligsosial_cannot_run_are_kept_and_named(world):
    content = _workbook(
        [
            ("type", "name", "label", "appearance", "relevant"),
            ("integer", "antall", "Antall", "", ""),
            ("text", "tekst", "Tekst", "multiline", "${antall} + 1 > 2"),
        ]
    )
    spec = xlsform.parse_xlsform(content)
    text = spec["items"][1]
    assert (text["relevant"], text["appearance"]) == ("", "multiline")
    assert spec["warnings"] == [
        "Vises-når-regler (relevant) som Boligsosial ikke kan kjøre, for «tekst»: spørsmålene "
        "vises alltid her; reglene kommer med ved eksport.",
        "Visningsvalg (appearance) brukes ikke i Boligsosial: «tekst». De kommer med ved eksport.",
    ]
    questionnaire = services.questionnaire_create_from_spec(
        user=world.evaluator, evaluation=f.make_evaluation(world, preload=False), spec=spec
    )
    rows = [[c.value for c in r] for r in _sheet(xlsform.export_xlsform(questionnaire), "survey")]
    assert rows[2] == ["text", "tekst", "Tekst", "multiline", "${antall} + 1 > 2"]


def test_what_pyxform_refuses_is_refused_in_norwegian_naming_the_row():
    cases = {
        (("type", "name", "label"), ("geopunkt", "a", "A")): (
            "Spørsmålstypen «geopunkt» finnes ikke i XLSForm."
        ),
        (("type", "name", "label"), ("select_one farger", "a", "A")): (
            "Rad 2 i arket survey: Svarlisten «farger» finnes ikke i arket choices."
        ),
        (("type", "name", "label"), ("begin group", "g", "G"), ("text", "a", "A")): (
            "Rad 2 i arket survey: En gruppe eller gjentakelse mangler sin «end»-rad."
        ),
        (("type", "name", "label"), ("text", "a", "A"), ("text", "a", "B")): (
            "Rad 3 i arket survey: Navnet «a» er brukt mer enn én gang i samme gruppe."
        ),
        (("type", "name", "relevant"), ("text", "a", "${x} = 1")): (
            "Rad 2 i arket survey: Kolonnen relevant viser til «x», som ikke er et navn i "
            "arket survey."
        ),
    }
    for survey, reason in cases.items():
        with pytest.raises(xlsform.XLSFormRefused) as error:
            xlsform.parse_xlsform(_workbook(survey, choices=OTHER_LIST))
        assert error.value.errors == [reason]


def test_a_nested_group_imports_and_a_missing_choice_list_is_refused(world):
    survey = [
        ("type", "name", "label"),
        ("begin group", "a", "A"),
        ("begin group", "b", "B"),
        ("text", "farge", "Farge?"),
        ("end group", "", ""),
        ("end group", "", ""),
    ]
    spec = xlsform.parse_xlsform(_workbook(survey))
    questionnaire = services.questionnaire_create_from_spec(
        user=world.evaluator, evaluation=f.make_evaluation(world, preload=False), spec=spec
    )
    inner = questionnaire.sections.get(name="b")
    assert inner.parent.name == "a" and inner.questions.get().name == "farge"
    survey[3] = ("select_one farger", "farge", "Farge?")
    with pytest.raises(xlsform.XLSFormRefused) as error:
        xlsform.parse_xlsform(_workbook(survey, choices=OTHER_LIST))
    assert error.value.errors == [
        "Rad 4 i arket survey: Svarlisten «farger» finnes ikke i arket choices."
    ]


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
    assert comparable(xlsform.parse_xlsform(xlsform.export_xlsform(questionnaire))) == (
        comparable(xlsform.spec_from_questionnaire(questionnaire))
    )


def test_a_file_that_is_not_excel_is_refused():
    with pytest.raises(xlsform.XLSFormRefused, match="ikke en Excel-fil"):
        xlsform.parse_xlsform(b"%PDF-1.4 not a workbook")


def test_the_import_page_lists_the_problems(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    evaluation = f.make_evaluation(world, preload=False)
    content = _workbook([("type", "name", "label"), ("geopunkt", "sted", "Sted")])
    response = client_for(world.evaluator).post(
        reverse("evaluation:questionnaire_import", args=[evaluation.pk]),
        {"file": SimpleUploadedFile("skjema.xlsx", content)},
    )
    assert "Spørsmålstypen «geopunkt» finnes ikke i XLSForm." in response.content.decode()
    assert evaluation.questionnaires.count() == 0


def test_the_import_page_names_what_boligsosial_cannot_run(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    evaluation = f.make_evaluation(world, preload=False)
    content = _workbook(
        [("type", "name", "label", "calculation"), ("calculate", "sum", "", "1 + 1")]
    )
    client = client_for(world.evaluator)
    response = client.post(
        reverse("evaluation:questionnaire_import", args=[evaluation.pk]),
        {"file": SimpleUploadedFile("skjema.xlsx", content)},
        follow=True,
    )
    page = response.content.decode()
    assert "Skjemaet «Test» er importert" in page
    assert (
        "Beregninger (calculation) regnes ikke ut i Boligsosial: «sum». De kommer med ved "
        "eksport." in page
    )
    questionnaire = evaluation.questionnaires.get()
    assert questionnaire.questions.get().calculation == "1 + 1"
    again = client.get(reverse("evaluation:questionnaire", args=[questionnaire.pk]))
    assert "Beregninger (calculation) regnes ikke ut i Boligsosial" in again.content.decode()


def test_the_exports_convert_with_pyxform_and_pass_odk_validate(world):
    """The reference converter and ODK Validate (Java, shipped with pyxform) accept the
    export of a form built in Boligsosial and of an imported form with groups and choices."""
    from pathlib import Path

    from pyxform.xls2xform import convert

    preloaded = f.make_evaluation(world).questionnaires.get()
    example = Path(__file__).parent / "data" / "xlsform" / "example_xls__or_other.xlsx"
    imported = services.questionnaire_create_from_spec(
        user=world.evaluator,
        evaluation=f.make_evaluation(world, preload=False),
        spec=xlsform.parse_xlsform(example.read_bytes()),
    )
    for questionnaire in (preloaded, imported):
        warnings: list[str] = []
        result = convert(
            xlsform=xlsform.export_xlsform(questionnaire),
            file_type=".xlsx",
            validate=True,
            warnings=warnings,
        )
        assert "<h:title>" in result.xform
