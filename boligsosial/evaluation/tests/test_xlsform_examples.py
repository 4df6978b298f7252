"""The reference converter's own example forms (tests/data/xlsform, see SOURCES.md).

Every form pyxform converts imports, fully or with named warnings, and exports back to the
same form (pyxform reads the export as it read the original); the ones pyxform refuses are
refused with the reason in Norwegian.
"""

from pathlib import Path

import pytest

from boligsosial.evaluation import services, xlsform
from boligsosial.evaluation.models import Choice, Question
from boligsosial.evaluation.tests import factories as f
from boligsosial.evaluation.xlsform.common import column_base

DATA = Path(__file__).parent / "data" / "xlsform"

# file: (questions, choices, groups, warnings)
IMPORTED = {
    "bug_example_xls__ODKValidateWarnings.xlsx": (3, 0, 0, 1),
    "bug_example_xls__UCL_Biomass_Plot_Form.xlsx": (65, 41, 8, 14),
    "bug_example_xls__bad_calc.xlsx": (1, 0, 0, 1),
    "bug_example_xls__xl_date_ambiguous.xlsx": (4, 3, 0, 2),
    "bug_example_xls__xl_date_ambiguous_v1.xlsx": (5, 3, 0, 2),
    "example_xls__attribute_columns_test.xlsx": (48, 18, 5, 23),
    "example_xls__bad_calc.xlsx": (1, 0, 0, 1),
    "example_xls__case_insensitivity.xlsx": (3, 2, 0, 4),
    "example_xls__choice_filter_test.xlsx": (3, 14, 0, 3),
    "example_xls__extra_columns.xlsx": (1, 0, 0, 0),
    "example_xls__extra_sheet_names.xlsx": (1, 0, 0, 0),
    "example_xls__field-list.xlsx": (1, 2, 1, 0),
    "example_xls__flat_xlsform_test.xlsx": (48, 18, 4, 22),
    "example_xls__group.xlsx": (3, 0, 1, 1),
    "example_xls__loop.xlsx": (3, 4, 1, 1),
    "example_xls__or_other.xlsx": (3, 12, 0, 2),
    "example_xls__pull_data.xlsx": (2, 0, 0, 1),
    "example_xls__specify_other.xlsx": (2, 3, 0, 0),
    "example_xls__survey_no_name.xlsx": (1, 0, 0, 0),
    "example_xls__text_and_integer.xlsx": (2, 0, 0, 0),
    "example_xls__xlsform_spec_test.xlsx": (46, 18, 5, 22),
    "example_xls__yes_or_no_question.xlsx": (1, 2, 0, 0),
}
REFUSED = {
    "bug_example_xls__duplicate_columns.xlsx": (
        "Kolonneoverskriften «label» står mer enn én gang i samme ark."
    ),
    "example_xls__include.xlsx": (
        "Skjemaet bruker «include» (å ta inn andre skjemaer), som XLSForm ikke lenger "
        "støtter. Sett spørsmålene inn i skjemaet selv."
    ),
    "example_xls__include_json.xlsx": (
        "Skjemaet bruker «include» (å ta inn andre skjemaer), som XLSForm ikke lenger "
        "støtter. Sett spørsmålene inn i skjemaet selv."
    ),
}


def pyxform_reading(content: bytes) -> dict:
    """What pyxform reads from a form; the names it makes from row numbers made neutral
    (a blank row between questions is not kept by the export)."""
    import json
    import re

    from pyxform.xls2xform import convert

    reading = convert(xlsform=content, file_type=".xlsx", validate=False, warnings=[])._pyxform
    text = re.sub(r"reserved_name_for_field_list_labels_\d+", "reserved", json.dumps(reading))
    return json.loads(text)


def test_the_data_folder_holds_the_25_example_forms_with_licence_and_source():
    forms = sorted(p.name for p in DATA.glob("*.xlsx"))
    assert forms == sorted([*IMPORTED, *REFUSED]) and len(forms) == 25
    assert (
        "BSD" in (DATA / "LICENSE").read_text()
        or "Redistribution" in (DATA / "LICENSE").read_text()
    )
    assert "51e5bfecc306febe03b3c4791ad0dbdecad208a4" in (DATA / "SOURCES.md").read_text()


def test_pyxform_converts_exactly_the_forms_that_import():
    from pyxform.errors import PyXFormError

    for name in IMPORTED:
        pyxform_reading((DATA / name).read_bytes())
    for name in REFUSED:
        with pytest.raises(PyXFormError):
            pyxform_reading((DATA / name).read_bytes())


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_form_pyxform_refuses_is_refused_in_norwegian(name):
    with pytest.raises(xlsform.XLSFormRefused) as error:
        xlsform.parse_xlsform((DATA / name).read_bytes())
    assert error.value.errors == [REFUSED[name]]


def _without_generated_names(reading: dict, had_settings_id: bool) -> dict:
    """pyxform's reading, less the title and id it makes up when the form has none."""
    if had_settings_id:
        return reading
    return {k: v for k, v in reading.items() if k not in ("title", "id_string", "sms_keyword")}


@pytest.mark.parametrize("name", sorted(IMPORTED))
def test_every_form_pyxform_converts_imports_and_exports_back_as_it_came(world, name):
    content = (DATA / name).read_bytes()
    spec = xlsform.parse_xlsform(content)
    evaluation = f.make_evaluation(world, preload=False)
    questionnaire = services.questionnaire_create_from_spec(
        user=world.evaluator, evaluation=evaluation, spec=spec, data_source="import"
    )
    questions, choices, groups, warnings = IMPORTED[name]
    assert questionnaire.questions.count() == questions
    assert Choice.objects.filter(question__questionnaire=questionnaire).count() == choices
    assert questionnaire.sections.count() == groups
    assert len(questionnaire.import_warnings) == warnings
    for question in questionnaire.questions.filter(label=""):  # none lost its label
        row = question.xlsform.get("row") or {}
        assert not [c for c, v in row.items() if column_base(c) in ("label", "caption") and v]
    exported = xlsform.export_xlsform(questionnaire)
    had_id = bool(spec["form_id"])
    assert _without_generated_names(pyxform_reading(exported), had_id) == (
        _without_generated_names(pyxform_reading(content), had_id)
    )


def test_spellings_pyxform_accepts_are_read(world):
    """Upper-case headers and sheet names, `label::EN` only, external selects, osm."""
    spec = xlsform.parse_xlsform((DATA / "example_xls__case_insensitivity.xlsx").read_bytes())
    q1 = spec["items"][0]
    assert (q1["name"], q1["kind"], q1["label"], q1["choice_list"]) == (
        "q1",
        "single",
        "Are you good?",
        "c1",
    )
    assert [c["value"] for c in q1["choices"]] == ["n1-c", "n2-c"]
    assert spec["form_id"] == "YesNo" and spec["default_language"] == "EN"
    assert spec["warnings"][0] == (
        "Spørsmålstypen «select one external» kan ikke besvares i Boligsosial. «q2» er lagret "
        "og kommer med når skjemaet eksporteres."
    )


def test_or_other_runs_in_boligsosial_and_exports_as_or_other(world):
    content = (DATA / "example_xls__or_other.xlsx").read_bytes()
    evaluation = f.make_evaluation(world, preload=False)
    questionnaire = services.questionnaire_create_from_spec(
        user=world.evaluator, evaluation=evaluation, spec=xlsform.parse_xlsform(content)
    )
    colour = questionnaire.questions.get(name="fav_color")
    assert colour.or_other and colour.choices.last().value == "other"
    other = questionnaire.questions.get(name="fav_color_other")
    assert (other.kind, other.relevant) == ("text", "selected(${fav_color}, 'other')")
    pastel = questionnaire.questions.get(name="fav_pastel")
    assert pastel.choice_filter == "pastel=yes" and not pastel.or_other
    import io

    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(xlsform.export_xlsform(questionnaire)))["survey"].values)
    assert [r[0] for r in rows[1:]] == ["select_one colors or_other", "select_one colors"]


def test_nested_groups_and_repeats_are_kept(world):
    content = (DATA / "example_xls__xlsform_spec_test.xlsx").read_bytes()
    evaluation = f.make_evaluation(world, preload=False)
    questionnaire = services.questionnaire_create_from_spec(
        user=world.evaluator, evaluation=evaluation, spec=xlsform.parse_xlsform(content)
    )
    repeat = questionnaire.sections.get(name="repeat_test")
    assert repeat.repeat and repeat.parent.name == "everything"
    assert [s.name for s in repeat.subsections.order_by("order")] == [
        "group_test",
        "labeled_select_group",
        "name",
    ]
    required = Question.objects.get(questionnaire=questionnaire, name="required_text")
    assert (required.required, required.required_message) == (True, "Custom required message.")
    assert required.section.parent == repeat
    assert questionnaire.questions.get(name="calculate_test").calculation == "2+2"


def test_a_label_only_in_a_language_column_is_the_main_label(world):
    spec = xlsform.parse_xlsform((DATA / "example_xls__loop.xlsx").read_bytes())
    first = spec["items"][0]
    assert first["label"] == "What type of toilets are on the premises?"
    assert first["translations"] == {}


def test_forms_without_a_form_id_get_distinct_ids_in_one_evaluation(world):
    evaluation = f.make_evaluation(world, preload=False)
    ids = []
    for name in ("example_xls__group.xlsx", "example_xls__text_and_integer.xlsx"):
        spec = xlsform.parse_xlsform((DATA / name).read_bytes())
        assert spec["form_id"] == ""
        ids.append(
            services.questionnaire_create_from_spec(
                user=world.evaluator, evaluation=evaluation, spec=spec
            ).form_id
        )
    assert ids == ["skjema", "skjema-2"]


def test_an_imported_form_changed_in_boligsosial_exports_with_the_changes(world):
    """Questions added and removed after the import; the rest still comes back as it came."""
    content = (DATA / "example_xls__xlsform_spec_test.xlsx").read_bytes()
    evaluation = f.make_evaluation(world, preload=False)
    questionnaire = services.questionnaire_create_from_spec(
        user=world.evaluator, evaluation=evaluation, spec=xlsform.parse_xlsform(content)
    )
    group = questionnaire.sections.get(name="everything")
    services.question_add(
        user=world.evaluator,
        questionnaire=questionnaire,
        kind="single",
        label="Har kommunen en boligsosial handlingsplan?",
        name="handlingsplan",
        choices=[("ja", "Ja"), ("nei", "Nei")],
        section=group,
    )
    services.question_delete(
        user=world.evaluator, question=questionnaire.questions.get(name="barcode_test")
    )
    questionnaire.refresh_from_db()
    services.questionnaire_update(
        user=world.evaluator,
        questionnaire=questionnaire,
        version=questionnaire.version,
        status="draft",
        sent_on=None,
        closes_on=None,
        title="Spesifikasjonstest",
    )
    reading = pyxform_reading(xlsform.export_xlsform(questionnaire))
    original = pyxform_reading(content)
    assert reading["title"] == "Spesifikasjonstest" and original["title"] == "Spec test"

    def names(element):
        yield element["name"]
        for child in element.get("children", []):
            yield from names(child)

    assert set(names(reading)) == set(names(original)) - {"barcode_test"} | {"handlingsplan"}
    assert reading["choices"]["handlingsplan"] == [
        {"name": "ja", "label": "Ja"},
        {"name": "nei", "label": "Nei"},
    ]
