"""Property-based probes of the XLSForm import: malformed, huge, deep, bomb and encoding
cases give a Norwegian refusal or a questionnaire, never a server error or a partial write."""

import io
import zipfile

from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from boligsosial.evaluation import services, xlsform
from boligsosial.evaluation.models import Choice, Question, Questionnaire, Section
from boligsosial.evaluation.tests import factories as f
from boligsosial.evaluation.tests.fuzzing import BILLION_LAUGHS, Probe, deep_xml, zip_bomb

TYPES = [
    "text",
    "integer",
    "decimal",
    "date",
    "note",
    "select_one ja_nei_delvis",
    "select_one skala_1_5",
    "select_multiple farger",
    "select_one mangler",
    "begin group",
    "end group",
    "begin_group",
    "calculate",
    "",
]
COLUMNS = [
    "type",
    "name",
    "label",
    "label::English (en)",
    "hint",
    "required",
    "relevant",
    "constraint",
    "constraint_message",
    "appearance",
    "list_name",
    "form_id",
    "form_title",
    "version",
    "default_language",
]
EXPRESSIONS = ["${a} = 'ja'", ". > 0", "yes", "no", "true()", "=1+1", "${", "'ja' or (", "x" * 600]

text = st.text(max_size=40).map(lambda s: ILLEGAL_CHARACTERS_RE.sub("", s))
cell = st.one_of(
    text,
    st.sampled_from(TYPES + EXPRESSIONS),
    st.from_regex(r"[a-z_][a-z0-9_]{0,12}", fullmatch=True),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)
sheet = st.tuples(
    st.lists(st.one_of(st.sampled_from(COLUMNS), text), min_size=1, max_size=7),
    st.lists(st.lists(cell, max_size=7), max_size=10),
)
sheets = st.dictionaries(
    st.sampled_from(["survey", "choices", "settings", "Survey", "annet"]),
    sheet,
    min_size=1,
    max_size=4,
)

name = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True) | st.text(
    alphabet="abcæøå_-.1 ", max_size=120
)
plausible = st.builds(
    lambda rows, form_id, title, long_label: {
        "survey": (
            ["type", "name", "label", "required"],
            [
                [t, n, (long_label if i == 0 else label), r]
                for i, (t, n, label, r) in enumerate(rows)
            ],
        ),
        "choices": (
            ["list_name", "name", "label"],
            [["farger", "rod", "Rød"], ["farger", "bla", "Blå"]],
        ),
        "settings": (["form_title", "form_id"], [[title, form_id]]),
    },
    st.lists(
        st.tuples(
            st.sampled_from(["text", "integer", "decimal", "date", "select_multiple farger"]),
            name,
            text,
            st.sampled_from(["yes", "no", ""]),
        ),
        min_size=1,
        max_size=6,
    ),
    name,
    st.text(max_size=350).map(lambda s: ILLEGAL_CHARACTERS_RE.sub("", s)),
    st.sampled_from(["Spørsmål", "x" * 5000, "=HYPERLINK(1)"]),
)


def workbook_bytes(content: dict) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, (header, rows) in content.items():
        worksheet = workbook.create_sheet(title)
        worksheet.append(header)
        for row in rows:
            worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


VALID = workbook_bytes(
    {
        "survey": (["type", "name", "label"], [["text", "navn", "Navn?"]]),
        "settings": (["form_title", "form_id"], [["Fuzz", "fuzz"]]),
    }
)


def mutated(data: st.DataObject) -> bytes:
    position = data.draw(st.integers(min_value=0, max_value=len(VALID) - 1))
    how = data.draw(st.sampled_from(["truncate", "flip", "insert"]))
    if how == "truncate":
        return VALID[:position]
    if how == "flip":
        return VALID[:position] + bytes([VALID[position] ^ 0xFF]) + VALID[position + 1 :]
    return VALID[:position] + data.draw(st.binary(max_size=50)) + VALID[position:]


def _import(world, evaluation, content: bytes):
    def action():
        spec = xlsform.parse_xlsform(content)
        services.questionnaire_create_from_spec(
            user=world.evaluator,
            evaluation=evaluation,
            spec=spec,
            data_source="import",
            source_note="fuzz",
        )

    return action


MODELS = (Questionnaire, Section, Question, Choice)


FUZZ = hypothesis_settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def test_xlsform_import_never_fails_with_a_server_error_or_a_partial_write(world, report_counts):
    evaluation = f.make_evaluation(world, preload=False)
    probe = Probe(*MODELS, refusals=(xlsform.XLSFormRefused,))

    @FUZZ
    @given(data=st.data())
    def check(data):
        kind = data.draw(st.sampled_from(["generated", "plausible", "bytes", "mutated"]))
        if kind == "generated":
            content = workbook_bytes(data.draw(sheets))
        elif kind == "plausible":
            content = workbook_bytes(data.draw(plausible))
        elif kind == "bytes":
            content = data.draw(st.binary(max_size=3000))
        else:
            content = mutated(data)
        probe.run(kind, _import(world, evaluation, content))
        assert probe.server_errors == [] and probe.partial_writes == []

    check()
    probe.report(report_counts, "XLSForm import fuzz")


def _replace_member(content: bytes, member: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for info in source.infolist():
            archive.writestr(
                info.filename, data if info.filename == member else source.read(info.filename)
            )
    return buffer.getvalue()


def test_xlsform_bombs_deep_and_huge_files_are_refused_quickly(world, report_counts, settings):
    evaluation = f.make_evaluation(world, preload=False)
    many_rows = workbook_bytes(
        {"survey": (["type", "name", "label"], [["text", f"q{n}", "Q"] for n in range(2100)])}
    )
    cases = {
        "zip bomb": zip_bomb("xl/worksheets/sheet1.xml", 300 * 1024 * 1024),
        "deep sheet": _replace_member(
            VALID, "xl/worksheets/sheet1.xml", deep_xml("worksheet", 100_000)
        ),
        "entity expansion": _replace_member(
            VALID, "xl/worksheets/sheet1.xml", BILLION_LAUGHS + b"<worksheet>&lol9;</worksheet>"
        ),
        "too many rows": many_rows,
        "too large": b"PK" + b"\0" * (xlsform.MAX_XLSFORM_BYTES + 1),
        "latin-1 text": "survey;type\næøå".encode("latin-1"),
        "utf-16 text": "type,name\ntext,a".encode("utf-16"),
        "empty": b"",
    }
    probe = Probe(*MODELS, refusals=(xlsform.XLSFormRefused,))
    for label, content in cases.items():
        probe.run(label, _import(world, evaluation, content))
    assert probe.accepted == 0
    probe.report(report_counts, "XLSForm import bombs and bounds")


def test_the_import_page_refuses_a_bomb_in_norwegian(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    evaluation = f.make_evaluation(world, preload=False)
    response = client_for(world.evaluator).post(
        reverse("evaluation:questionnaire_import", args=[evaluation.pk]),
        {"file": SimpleUploadedFile("bombe.xlsx", zip_bomb("xl/a.xml", 300 * 1024 * 1024))},
    )
    assert response.status_code == 200
    assert "XLSForm-filen blir 300 MB når den pakkes ut" in response.content.decode()
    assert not Questionnaire.objects.filter(evaluation=evaluation).exists()


def test_a_form_whose_texts_do_not_fit_is_refused_naming_each_problem(world):
    import pytest
    from django.core.exceptions import ValidationError

    evaluation = f.make_evaluation(world, preload=False)
    spec = {
        "title": "T" * 301,
        "form_id": "ikke en slug",
        "version": "",
        "default_language": "",
        "items": [
            {"type": "question", "name": "a", "kind": "text", "label": "A", "relevant": "x" * 501},
            {"type": "question", "name": "a", "kind": "text", "label": "A igjen"},
        ],
    }
    before = Questionnaire.objects.count()
    with pytest.raises(ValidationError) as error:
        services.questionnaire_create_from_spec(
            user=world.evaluator, evaluation=evaluation, spec=spec
        )
    assert error.value.messages == [
        "form_title: title har 301 tegn; høyst 300 er tillatt.",
        "form_id «ikke en slug» kan bare ha bokstaver a–z, tall, bindestrek og understrek.",
        "«a»: relevant har 501 tegn; høyst 500 er tillatt.",
        "Spørsmålsnavnet «a» er brukt mer enn én gang.",
    ]
    assert Questionnaire.objects.count() == before
