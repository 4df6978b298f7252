"""REFI-QDA output validated against the standard's schemas (kept in tests/data)."""

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from boligsosial.evaluation import refiqda, services
from boligsosial.evaluation.models import Code
from boligsosial.evaluation.tests import factories as f

DATA = Path(__file__).parent / "data"


def schema(name):
    return etree.XMLSchema(etree.parse(str(DATA / name)))


def test_the_qdpx_project_validates_against_the_refi_qda_project_schema(world, fieldwork):
    services.memo_create(
        user=world.evaluator,
        evaluation=fieldwork.evaluation,
        passage=fieldwork.passage,
        text="Rådmannen som pådriver.",
    )
    services.memo_create(
        user=world.evaluator,
        evaluation=fieldwork.evaluation,
        code=fieldwork.anchoring,
        text="Formell og løpende forankring.",
    )
    archive = zipfile.ZipFile(io.BytesIO(refiqda.project_qdpx(fieldwork.evaluation)))
    project = etree.fromstring(archive.read("project.qde"))
    project_schema = schema("Project-mrt2019.xsd")
    assert project_schema.validate(project), project_schema.error_log
    ns = {"q": refiqda.PROJECT_NS}
    [selection] = project.findall(".//q:PlainTextSelection", ns)
    source = selection.getparent()
    path = source.get("plainTextPath").removeprefix("internal://")
    text = archive.read(f"sources/{path}").decode("utf-8")
    start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
    assert text[start:end] == "Rådmannen har fulgt arbeidet tett."
    code_ref = selection.find("q:Coding/q:CodeRef", ns).get("targetGUID")
    assert project.find(f".//q:Code[@guid='{code_ref}']", ns).get("name") == "Forankring"
    assert {c.get("name") for c in project.findall(".//q:Case", ns)} == {"Drammen", "Husbanken"}
    assert len(project.findall(".//q:Notes/q:Note", ns)) == 2
    assert len(archive.namelist()) == 1 + 3  # project.qde and three sources


def test_an_invalid_project_is_caught_by_the_schema(world, fieldwork):
    """The schema check is real: a selection without positions fails it."""
    project = etree.fromstring(refiqda.project_xml(fieldwork.evaluation)[0])
    selection = project.find(".//{urn:QDA-XML:project:1.0}PlainTextSelection")
    del selection.attrib["startPosition"]
    assert not schema("Project-mrt2019.xsd").validate(project)


def test_the_codebook_exports_as_valid_qdc_and_imports_again(world, fieldwork):
    content = refiqda.codebook_xml(fieldwork.evaluation)
    codebook_schema = schema("Codebook-mrt2019.xsd")
    assert codebook_schema.validate(etree.fromstring(content)), codebook_schema.error_log
    other = f.make_evaluation(world, preload=False)
    counts = refiqda.import_codebook(user=world.evaluator, evaluation=other, content=content)
    assert counts == {"created": 19, "existing": 0, "sets": 0}
    tree = [
        (c.name, c.parent.name if c.parent else None, c.is_codable)
        for c in Code.objects.filter(evaluation=other)
    ]
    assert ("Forankring", "Vellykkede tilnærminger og suksessfaktorer (kap. 6)", True) in tree
    assert ("NOU 2011:15 Rom for alle", None, False) in tree
    assert refiqda.import_codebook(user=world.evaluator, evaluation=other, content=content) == {
        "created": 0,
        "existing": 19,
        "sets": 0,
    }


def test_a_codebook_from_another_tool_is_imported(world):
    qdc = b"""<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="QualCoder">
  <Codes>
    <Code guid="3C29F4F4-9C3B-4E3C-9E05-9B7C0F5D1F01" name="Bosetting" isCodable="true" color="#AA0000">
      <Description>Bosetting av vanskeligstilte</Description>
      <Code guid="{3C29F4F4-9C3B-4E3C-9E05-9B7C0F5D1F02}" name="Ungdom" isCodable="true"/>
    </Code>
  </Codes>
</CodeBook>"""
    assert schema("Codebook-mrt2019.xsd").validate(etree.fromstring(qdc))
    evaluation = f.make_evaluation(world, preload=False)
    refiqda.import_codebook(user=world.evaluator, evaluation=evaluation, content=qdc)
    child = Code.objects.get(evaluation=evaluation, name="Ungdom")
    assert child.parent.name == "Bosetting" and child.parent.color == "#AA0000"
    assert (
        child.parent.description == "Bosetting av vanskeligstilte" and child.data_source == "import"
    )


def test_a_file_that_is_not_a_codebook_is_refused(world):
    evaluation = f.make_evaluation(world, preload=False)
    with pytest.raises(refiqda.CodebookRefused, match="ikke en REFI-QDA-kodebok"):
        refiqda.import_codebook(
            user=world.evaluator, evaluation=evaluation, content=b"<Project xmlns='x'/>"
        )
    with pytest.raises(refiqda.CodebookRefused, match="ikke gyldig XML"):
        refiqda.import_codebook(
            user=world.evaluator,
            evaluation=evaluation,
            content=b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;',
        )
