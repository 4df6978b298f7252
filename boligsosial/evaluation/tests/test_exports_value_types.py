"""The results exports carry every kind of answer the questionnaire stores: choices, numbers,
text and dates (a date answer is in both the CSV and the Excel file)."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from boligsosial.evaluation import services
from boligsosial.evaluation.models import QuestionKind
from boligsosial.evaluation.tests import factories as f
from boligsosial.evaluation.tests.test_questionnaires import _all_required


def test_a_date_answer_and_a_number_go_out_in_the_csv_and_the_workbook(
    world, fieldwork, client_for
):
    questionnaire = fieldwork.questionnaire
    services.question_add(
        user=world.evaluator,
        questionnaire=questionnaire,
        kind=QuestionKind.DATE,
        label="Når ble handlingsplanen vedtatt?",
        name="vedtatt",
    )
    services.question_add(
        user=world.evaluator,
        questionnaire=questionnaire,
        kind=QuestionKind.INTEGER,
        label="Hvor mange ansatte arbeider med programmet?",
        name="ansatte",
    )
    respondent = f.make_respondent(world, questionnaire, world.drammen_participation, "leder")
    data = _all_required("ja")
    data["vedtatt"] = {"value": "18.06.2009"}
    data["ansatte"] = {"value": "7"}
    services.answers_save(respondent=respondent, data=data, submit=True, user=None)
    url = reverse("evaluation:results", args=[fieldwork.evaluation.pk])
    evaluator = client_for(world.evaluator)
    text = b"".join(evaluator.get(url, {"format": "csv"}).streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert any("Når ble handlingsplanen vedtatt?" in r and "2009-06-18" in r for r in rows)
    assert any("Hvor mange ansatte arbeider med programmet?" in r and "7,0" in r for r in rows)
    workbook = load_workbook(
        io.BytesIO(b"".join(evaluator.get(url, {"format": "xlsx"}).streaming_content))
    )
    cells = [[c.value for c in row] for sheet in workbook for row in sheet.iter_rows() if any(row)]
    assert any("Når ble handlingsplanen vedtatt?" in r and "2009-06-18" in r for r in cells)
    assert any("Hvor mange ansatte arbeider med programmet?" in r and 7 in r for r in cells)
