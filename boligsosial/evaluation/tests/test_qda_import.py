"""REFI-QDA project import (.qdpx): real projects from three QDA programs (their counts
checked against their own XML), the round trip of Boligsosial's own export, the codebook's
Sets, both namespace spellings, and all-or-nothing refusals.

The sample projects and where they come from are listed in data/qda/SOURCES.md."""

import io
import re
import uuid
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import etree

from boligsosial.evaluation import refiqda, services
from boligsosial.evaluation.models import (
    Code,
    CodedPassage,
    CodeSet,
    Document,
    ExternalCoder,
    Memo,
    SetKind,
    TextSource,
)
from boligsosial.evaluation.refiqda_read import CodebookRefused
from boligsosial.evaluation.services.qda_import import project_import
from boligsosial.evaluation.tests import factories as f
from boligsosial.evaluation.tests.fuzzing import Probe, zip_bomb

DATA = Path(__file__).parent / "data"
QDA = DATA / "qda"
NS = {"q": "urn:QDA-XML:project:1.0"}


def _xml(path: Path):
    with zipfile.ZipFile(path) as archive:
        [name] = [n for n in archive.namelist() if n.lower().endswith(".qde")]
        return etree.fromstring(archive.read(name))


def _count(root, xpath: str) -> int:
    return len(root.xpath(xpath, namespaces=NS))


# file: (program that wrote it, sources, codes, codings, memos, sets, external coders)
SAMPLES = {
    "qc_demo.qdpx": ("qc 1.3.2", 2, 262, 205, 0, 0, 1),
    "nvivo_windows_oltas_teszt.qdpx": ("NVivo for Windows 12.6", 2, 152, 330, 0, 0, 3),
    "nvivo_mac_project.qdpx": ("NVivo for Mac 15.0.0", 2, 262, 0, 0, 0, 2),
    "atlasti_standard_project.qdpx": ("ATLAS.ti 8.4.0", 0, 14, 0, 2, 16, 3),
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_a_real_project_from_another_qda_program_imports_with_its_counts(world, name):
    origin, sources, codes, codings, memos, sets, externals = SAMPLES[name]
    root = _xml(QDA / name)
    assert root.get("origin").startswith(origin)
    # The expected numbers are the file's own: every Code, every Coding in a text source
    # whose text is in the file, every Set and Note.
    assert _count(root, "//q:Code") == codes
    assert _count(root, "//q:Sets/q:Set") == sets
    assert _count(root, "//q:Notes/q:Note") == memos
    evaluation = f.make_evaluation(world, preload=False)
    result = project_import(
        user=world.evaluator, evaluation=evaluation, content=(QDA / name).read_bytes()
    )
    assert (
        result.counts["kilder"]
        == sources
        == TextSource.objects.filter(evaluation=evaluation).count()
    )
    assert Document.objects.filter(evaluation=evaluation).count() == sources
    assert Code.objects.filter(evaluation=evaluation).count() == codes
    assert CodedPassage.objects.filter(source__evaluation=evaluation).count() == codings
    assert Memo.objects.filter(evaluation=evaluation).count() == memos
    assert CodeSet.objects.filter(evaluation=evaluation, kind=SetKind.SET).count() == sets
    assert ExternalCoder.objects.filter(evaluation=evaluation).count() == externals
    if sources:
        with_text = _count(root, "//q:TextSource//q:Coding")
        assert codings == with_text  # every coding of a stored text came in


def test_the_qc_project_s_passages_are_exactly_the_lines_its_selections_name(world):
    """qc names each selection after the line it codes («line:6»); the imported passage's
    text is that line of the source, so the offsets are read right (code points)."""
    evaluation = f.make_evaluation(world, preload=False)
    project_import(
        user=world.evaluator,
        evaluation=evaluation,
        content=(QDA / "qc_demo.qdpx").read_bytes(),
    )
    names = {
        uuid.UUID(s.get("guid")): int(s.get("name").removeprefix("line:"))
        for s in _xml(QDA / "qc_demo.qdpx").xpath("//q:PlainTextSelection", namespaces=NS)
    }
    checked = 0
    for passage in CodedPassage.objects.filter(source__evaluation=evaluation).select_related(
        "source"
    ):
        if passage.guid in names:
            line = passage.source.plain_text.splitlines()[names[passage.guid]]
            assert passage.text.strip() == line.strip()
            checked += 1
    assert checked == len(names) == 158
    coder = ExternalCoder.objects.get(evaluation=evaluation)
    assert coder.name == "cp" and coder.passages.count() == 205


def test_codes_keep_hierarchy_colours_and_descriptions(world):
    evaluation = f.make_evaluation(world, preload=False)
    project_import(
        user=world.evaluator,
        evaluation=evaluation,
        content=(QDA / "nvivo_windows_oltas_teszt.qdpx").read_bytes(),
    )
    parent = Code.objects.get(evaluation=evaluation, name="1. Oltás típusa")
    assert parent.description == "COVID vay nem COVID"
    assert sorted(parent.children.values_list("name", flat=True)) == ["COVID", "Nem COVID"]
    atlas = f.make_evaluation(world, preload=False)
    result = project_import(
        user=world.evaluator,
        evaluation=atlas,
        content=(QDA / "atlasti_standard_project.qdpx").read_bytes(),
    )
    assert Code.objects.get(evaluation=atlas, name="Coke").color == "#966450"
    feelings = CodeSet.objects.get(evaluation=atlas, name="Feelings")
    assert feelings.codes.count() > 0
    # The ATLAS.ti project links its media instead of storing them: each is named.
    assert any("«Simon.docx»" in w and "3 kodede utdrag" in w for w in result.warnings)
    assert any("«cornflakes-n-milk.jpg»" in w for w in result.warnings)
    research_plan = Memo.objects.get(evaluation=atlas, title="Research Plan")
    assert research_plan.external_author.name == "Friedrich Markgraf"


def _normalised(content: bytes) -> tuple[str, dict]:
    """The export with what legitimately differs between two evaluations blanked: the
    export time, case GUIDs made from the evaluation's id, and source GUIDs (unique across
    evaluations, so the import gives the second copy new ones)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        root = etree.fromstring(archive.read("project.qde"))
        files = {n: archive.read(n) for n in archive.namelist() if n != "project.qde"}
    root.set("creationDateTime", "")
    renames = {}
    for number, source in enumerate(
        root.xpath("//q:TextSource | //q:PDFSource | //q:Representation", namespaces=NS)
    ):
        renames[source.get("guid")] = f"SOURCE-{number}"
    for case in root.xpath("//q:Case", namespaces=NS):
        case.set("guid", case.get("name"))
    xml = etree.tostring(root, encoding="unicode")
    for old, new in renames.items():
        xml = xml.replace(old, new)
    named = {}
    for name, data in files.items():
        for old, new in renames.items():
            name = name.replace(old, new)
        named[name] = data
    return xml, named


def _native_evaluation(world):
    evaluation = f.make_evaluation(world)
    document = services.document_upload(
        user=world.evaluator,
        evaluation=evaluation,
        kind="status_report",
        title="Statusrapport Drammen",
        participation=world.drammen_participation,
        uploaded_file=f.text_upload("Programmet er forankret hos rådmannen. Æ, ø og å."),
    )
    plan = services.document_upload(
        user=world.evaluator,
        evaluation=evaluation,
        kind="programme_plan",
        title="Husbankens programplan",
        uploaded_file=f.text_upload("Husbanken følger opp kommunene hvert halvår."),
    )
    from boligsosial.evaluation.tests.test_documents import minimal_pdf

    application = services.document_upload(
        user=world.evaluator,
        evaluation=evaluation,
        kind="application",
        title="Søknad fra Drammen",
        participation=world.drammen_participation,
        uploaded_file=SimpleUploadedFile(
            "soknad.pdf", minimal_pdf("Soknad om deltakelse i programmet"), "application/pdf"
        ),
    )
    anchoring = f.code(evaluation, "forankring")
    passage = f.code_excerpt(world.evaluator, document.source, anchoring, "forankret hos rådmannen")
    f.code_excerpt(world.evaluator, plan.source, anchoring, "hvert halvår")
    f.code_excerpt(world.evaluator, application.source, anchoring, "deltakelse i programmet")
    services.memo_create(
        user=world.evaluator, evaluation=evaluation, passage=passage, text="Rådmannen som pådriver."
    )
    services.memo_create(
        user=world.evaluator, evaluation=evaluation, code=anchoring, text="Formell forankring."
    )
    group = CodeSet.objects.create(evaluation=evaluation, name="Forankring og styring")
    group.codes.set([anchoring])
    group.sources.set([document.source])
    return evaluation


def test_a_project_exported_by_boligsosial_imports_back_identical(world):
    original = _native_evaluation(world)
    exported = refiqda.project_qdpx(original)
    project = etree.fromstring(zipfile.ZipFile(io.BytesIO(exported)).read("project.qde"))
    schema = etree.XMLSchema(etree.parse(str(DATA / "Project-mrt2019.xsd")))
    assert schema.validate(project), schema.error_log
    copy = f.make_evaluation(world, preload=False)
    project_import(user=world.evaluator, evaluation=copy, content=exported)
    assert _normalised(refiqda.project_qdpx(copy)) == _normalised(exported)
    drammen = TextSource.objects.get(evaluation=copy, name="Statusrapport Drammen")
    assert drammen.participation == world.drammen_participation  # its Case was Drammen
    original_pdf = Document.objects.get(evaluation=original, title="Søknad fra Drammen")
    copied_pdf = Document.objects.get(evaluation=copy, title="Søknad fra Drammen")
    assert copied_pdf.content_type == "application/pdf"
    assert copied_pdf.sha256 == original_pdf.sha256  # the stored PDF came back byte for byte
    assert not ExternalCoder.objects.filter(evaluation=copy).exists()  # the coder is a user


def test_a_project_from_another_program_round_trips_through_boligsosial(world):
    """qc's project, imported, exported and imported again, exports the same again: external
    coders, codings and code tree survive the trip."""
    first = f.make_evaluation(world, preload=False)
    project_import(
        user=world.evaluator, evaluation=first, content=(QDA / "qc_demo.qdpx").read_bytes()
    )
    exported = refiqda.project_qdpx(first)
    second = f.make_evaluation(world, preload=False)
    project_import(user=world.evaluator, evaluation=second, content=exported)
    assert _normalised(refiqda.project_qdpx(second)) == _normalised(exported)
    assert ExternalCoder.objects.get(evaluation=second).name == "cp"


def test_the_1_0_namespace_spelling_is_read_for_projects_and_codebooks(world):
    with zipfile.ZipFile(QDA / "qc_demo.qdpx") as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    members["project.qde"] = members["project.qde"].replace(
        b"urn:QDA-XML:project:1.0", b"urn:QDA-XML:project:1:0"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    evaluation = f.make_evaluation(world, preload=False)
    result = project_import(user=world.evaluator, evaluation=evaluation, content=buffer.getvalue())
    assert result.counts["kodinger"] == 205
    qdc = (QDA / "atlasti_codebook_sets.qdc").read_bytes()
    other = f.make_evaluation(world, preload=False)
    counts = refiqda.import_codebook(
        user=world.evaluator,
        evaluation=other,
        content=qdc.replace(b"urn:QDA-XML:codebook:1.0", b"urn:QDA-XML:codebook:1:0"),
    )
    assert counts == {"created": 1, "existing": 0, "sets": 1}


def test_a_codebook_keeps_its_sets_and_exports_them_again(world):
    evaluation = f.make_evaluation(world, preload=False)
    content = (QDA / "atlasti_codebook_sets.qdc").read_bytes()
    assert refiqda.import_codebook(
        user=world.evaluator, evaluation=evaluation, content=content
    ) == {
        "created": 1,
        "existing": 0,
        "sets": 1,
    }
    group = CodeSet.objects.get(evaluation=evaluation)
    assert (group.name, group.description) == ("code group 1", "kategorie 1")
    assert list(group.codes.values_list("name", flat=True)) == ["code1"]
    exported = etree.fromstring(refiqda.codebook_xml(evaluation))
    schema = etree.XMLSchema(etree.parse(str(DATA / "Codebook-mrt2019.xsd")))
    assert schema.validate(exported), schema.error_log
    [member] = exported.xpath(
        "//c:Set[@name='code group 1']/c:MemberCode", namespaces={"c": refiqda.CODEBOOK_NS}
    )
    assert member.get("guid") == "1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294"


MODELS = (TextSource, Document, Code, CodedPassage, Memo, CodeSet, ExternalCoder)


def _broken_late(content: bytes) -> bytes:
    """The qc project with its last selection's GUID spoiled: refused after much was read."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    xml = members["project.qde"].decode()
    last = [m.start() for m in re.finditer("<PlainTextSelection", xml)][-1]
    xml = xml[:last] + re.sub('guid="[^"]+"', 'guid="ikke-en-guid"', xml[last:], count=1)
    members["project.qde"] = xml.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_refusals_save_nothing_and_say_why(world, private_media, report_counts):
    evaluation = f.make_evaluation(world, preload=False)
    qc = (QDA / "qc_demo.qdpx").read_bytes()
    probe = Probe(*MODELS, refusals=(CodebookRefused,))
    cases = {
        "bad guid late in the file": _broken_late(qc),
        "not a zip": b"<Project/>",
        "zip bomb": zip_bomb("project.qde", 300 * 1024 * 1024),
        "no project.qde": zip_bomb("annet.txt", 1024),
        "truncated": qc[: len(qc) // 2],
    }
    for label, content in cases.items():
        probe.run(
            label,
            lambda c=content: project_import(
                user=world.evaluator, evaluation=evaluation, content=c
            ),
        )
    assert probe.server_errors == [] and probe.partial_writes == [] and probe.refused == 5
    stored = list(private_media.rglob("*.*")) if private_media.exists() else []
    assert stored == []  # no document file is left behind by a refused import
    project_import(user=world.evaluator, evaluation=evaluation, content=qc)
    before = tuple(m.objects.count() for m in MODELS)
    with pytest.raises(CodebookRefused, match="importert før"):
        project_import(user=world.evaluator, evaluation=evaluation, content=qc)
    assert tuple(m.objects.count() for m in MODELS) == before
    probe.report(report_counts, "REFI-QDA project import refusals")


def test_the_codebook_page_imports_a_project_and_names_what_it_left_out(world, client_for):
    evaluation = f.make_evaluation(world, preload=False)
    url = reverse("evaluation:codebook_import", args=[evaluation.pk])
    upload = SimpleUploadedFile("atlas.qdpx", (QDA / "atlasti_standard_project.qdpx").read_bytes())
    response = client_for(world.evaluator).post(url, {"file": upload}, follow=True)
    page = response.content.decode()
    assert (
        "Prosjektet er importert: 0 kilder, 14 koder, 0 kodede utdrag, 2 notater, 16 sett" in page
    )
    assert "cornflakes-n-milk.jpg" in page
    outsider = SimpleUploadedFile("qc.qdpx", (QDA / "qc_demo.qdpx").read_bytes())
    assert client_for(world.viewer).post(url, {"file": outsider}).status_code == 404
    assert not TextSource.objects.filter(evaluation=evaluation).exists()


def test_a_stored_pdf_is_kept_as_the_document_with_its_text_representation(world, private_media):
    from boligsosial.evaluation.tests.test_documents import minimal_pdf

    pdf = minimal_pdf("Soknad om deltakelse i programmet")
    code, first, second = (str(uuid.uuid4()).upper() for _ in range(3))
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="pdf" origin="test">
 <CodeBook><Codes><Code guid="{code}" name="Søknad" isCodable="true"/></Codes></CodeBook>
 <Sources>
  <PDFSource guid="{first}" name="soknad.pdf" path="internal://{first}.pdf">
   <Representation guid="{uuid.uuid4()}" plainTextPath="internal://{first}.txt">
    <PlainTextSelection guid="{uuid.uuid4()}" startPosition="0" endPosition="6">
     <Coding guid="{uuid.uuid4()}"><CodeRef targetGUID="{code}"/></Coding>
    </PlainTextSelection>
   </Representation>
  </PDFSource>
  <PDFSource guid="{second}" name="uten-tekst.pdf" path="internal://{second}.pdf"/>
 </Sources>
</Project>"""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", qde)
        archive.writestr(f"sources/{first}.pdf", pdf)
        archive.writestr(f"sources/{first}.txt", "Søknad om deltakelse")
        archive.writestr(f"sources/{second}.pdf", pdf)
    evaluation = f.make_evaluation(world, preload=False)
    project_import(user=world.evaluator, evaluation=evaluation, content=buffer.getvalue())
    document = Document.objects.get(evaluation=evaluation, title="soknad.pdf")
    assert document.content_type == "application/pdf" and document.file.read() == pdf
    assert CodedPassage.objects.get(source=document.source).text == "Søknad"
    extracted = Document.objects.get(evaluation=evaluation, title="uten-tekst.pdf")
    assert "Soknad om deltakelse i programmet" in extracted.source.plain_text


def test_imported_sets_and_external_coders_show_on_the_pages(world, client_for):
    evaluation = f.make_evaluation(world, preload=False)
    project_import(
        user=world.evaluator,
        evaluation=evaluation,
        content=(QDA / "atlasti_standard_project.qdpx").read_bytes(),
    )
    project_import(
        user=world.evaluator,
        evaluation=evaluation,
        content=(QDA / "nvivo_windows_oltas_teszt.qdpx").read_bytes(),
    )
    evaluator = client_for(world.evaluator)
    codebook = evaluator.get(reverse("evaluation:codebook", args=[evaluation.pk])).content.decode()
    assert "Sett og case fra REFI-QDA" in codebook and "gender: female" in codebook
    passage = CodedPassage.objects.filter(source__evaluation=evaluation).first()
    document = Document.objects.get(source=passage.source)
    page = evaluator.get(reverse("evaluation:document", args=[document.pk])).content.decode()
    assert f"kodet av {passage.external_coder.name} (ekstern koder)" in page
