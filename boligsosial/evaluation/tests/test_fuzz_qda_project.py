"""Property-based probes of the REFI-QDA project import (.qdpx): drawn projects with odd
positions, GUIDs, repeated GUIDs, missing or odd sources, notes and sets, and byte
mutations, give a Norwegian refusal or an import, never a server error or a partial write."""

import io
import uuid
import zipfile

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from lxml import etree

from boligsosial.evaluation.models import (
    Code,
    CodedPassage,
    CodeSet,
    Document,
    ExternalCoder,
    Memo,
    TextSource,
)
from boligsosial.evaluation.refiqda_read import PROJECT_NAMESPACES, CodebookRefused
from boligsosial.evaluation.services.qda_import import project_import
from boligsosial.evaluation.tests import factories as f
from boligsosial.evaluation.tests.fuzzing import Probe

FUZZ = hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
FIXED = [uuid.UUID(int=n) for n in range(1, 4)]  # drawn again and again: repeated GUIDs
GUID = st.one_of(st.sampled_from(FIXED), st.uuids()).map(lambda u: str(u).upper())
BAD_GUID = st.one_of(GUID, st.sampled_from(["", "ikke-en-guid"]))
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40
)  # may hold NUL and controls: it goes in a file, not in the XML
POSITION = st.one_of(st.integers(min_value=-3, max_value=60), st.sampled_from(["", "x", "1e3"]))


def _project(data) -> bytes:
    ns = data.draw(st.sampled_from(PROJECT_NAMESPACES))
    root = etree.Element(f"{{{ns}}}Project", {"name": "fuzz"}, nsmap={None: ns})
    users = etree.SubElement(root, f"{{{ns}}}Users")
    user_guids = data.draw(st.lists(GUID, max_size=3))
    for guid in user_guids:
        etree.SubElement(users, f"{{{ns}}}User", {"guid": guid, "name": "evaluator"})
    codebook = etree.SubElement(etree.SubElement(root, f"{{{ns}}}CodeBook"), f"{{{ns}}}Codes")
    code_guids = [str(uuid.uuid4()).upper() for _ in range(data.draw(st.integers(0, 3)))]
    for guid in code_guids:
        etree.SubElement(
            codebook,
            f"{{{ns}}}Code",
            {
                "guid": guid,
                "name": "k",
                "isCodable": data.draw(st.sampled_from(["true", "false"])),
                "color": data.draw(st.sampled_from(["#BF8F00", "#ZZZZZZ", ""])),
            },
        )
    sources = etree.SubElement(root, f"{{{ns}}}Sources")
    files = {}
    for number in range(data.draw(st.integers(0, 3))):
        path = data.draw(
            st.sampled_from(["internal://s{n}.txt", "s{n}.txt", "relative:///s{n}.txt"])
        )
        source = etree.SubElement(
            sources,
            f"{{{ns}}}TextSource",
            {"guid": data.draw(BAD_GUID), "name": "kilde", "plainTextPath": path.format(n=number)},
        )
        if data.draw(st.booleans()):
            files[f"sources/s{number}.txt"] = data.draw(TEXT).encode("utf-8", "surrogatepass")
        for _ in range(data.draw(st.integers(0, 3))):
            selection = etree.SubElement(
                source,
                f"{{{ns}}}PlainTextSelection",
                {
                    "guid": data.draw(GUID),
                    "startPosition": str(data.draw(POSITION)),
                    "endPosition": str(data.draw(POSITION)),
                    "creatingUser": data.draw(st.sampled_from([*user_guids, str(uuid.uuid4())])),
                },
            )
            coding = etree.SubElement(selection, f"{{{ns}}}Coding", {"guid": str(uuid.uuid4())})
            target = data.draw(st.sampled_from([*code_guids, str(uuid.uuid4())]))
            etree.SubElement(coding, f"{{{ns}}}CodeRef", {"targetGUID": target})
            etree.SubElement(selection, f"{{{ns}}}NoteRef", {"targetGUID": data.draw(GUID)})
    notes = etree.SubElement(root, f"{{{ns}}}Notes")
    for _ in range(data.draw(st.integers(0, 2))):
        note = etree.SubElement(notes, f"{{{ns}}}Note", {"guid": data.draw(GUID), "name": "n"})
        etree.SubElement(note, f"{{{ns}}}PlainTextContent").text = data.draw(
            st.sampled_from(["notat", "", "   "])
        )
    sets = etree.SubElement(root, f"{{{ns}}}Sets")
    for _ in range(data.draw(st.integers(0, 2))):
        item = etree.SubElement(sets, f"{{{ns}}}Set", {"guid": data.draw(GUID), "name": "sett"})
        etree.SubElement(item, f"{{{ns}}}MemberCode", {"targetGUID": data.draw(GUID)})
    xml = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    if data.draw(st.booleans()):
        cut = data.draw(st.integers(min_value=0, max_value=len(xml)))
        xml = xml[:cut] + data.draw(st.binary(max_size=10)) + xml[cut + 10 :]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", xml)
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_project_import_never_fails_with_a_server_error_or_a_partial_write(world, report_counts):
    probe = Probe(
        TextSource,
        Document,
        Code,
        CodedPassage,
        Memo,
        CodeSet,
        ExternalCoder,
        refusals=(CodebookRefused,),
    )

    @FUZZ
    @given(data=st.data())
    def check(data):
        evaluation = f.make_evaluation(world, preload=False)
        content = _project(data)
        probe.run(
            "drawn project",
            lambda: project_import(user=world.evaluator, evaluation=evaluation, content=content),
        )
        assert probe.server_errors == [] and probe.partial_writes == []

    check()
    probe.report(report_counts, "REFI-QDA project import fuzz")
