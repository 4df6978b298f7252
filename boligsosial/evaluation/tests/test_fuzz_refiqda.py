"""Property-based probes of the REFI-QDA codebook import (.qdc and .qdpx): malformed, huge,
deep, bomb, entity and encoding cases give a Norwegian refusal or codes, never a server
error or a partial write."""

import io
import uuid
import zipfile

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from lxml import etree

from boligsosial.evaluation import refiqda
from boligsosial.evaluation.models import Code
from boligsosial.evaluation.tests import factories as f
from boligsosial.evaluation.tests.fuzzing import (
    BILLION_LAUGHS,
    EXTERNAL_ENTITY,
    Probe,
    deep_xml,
    zip_bomb,
)

NS = refiqda.CODEBOOK_NS
FUZZ = hypothesis_settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
XML_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
).map(lambda s: "".join(c for c in s if c in "\t\n\r" or ord(c) >= 0x20))
GUIDS = st.one_of(
    st.uuids().map(lambda u: str(u).upper()),
    st.sampled_from(["", "ikke-en-guid", "{" + str(uuid.UUID(int=1)) + "}"]),
    XML_TEXT,
)
CODE = st.fixed_dictionaries(
    {},
    optional={
        "guid": GUIDS,
        "name": st.one_of(XML_TEXT, st.just("N" * 250), st.just("   ")),
        "isCodable": st.sampled_from(["true", "false", "1", "ja", ""]),
        "color": st.sampled_from(["#BF8F00", "#ZZZZZZ", "red", "", "#12345"]),
    },
)
TREE = st.recursive(
    st.tuples(CODE, st.just([])),
    lambda children: st.tuples(CODE, st.lists(children, max_size=3)),
    max_leaves=12,
)


def codebook(trees, ns: str = NS, root: str = "CodeBook", description: str | None = None) -> bytes:
    top = etree.Element(f"{{{ns}}}{root}", nsmap={None: ns})
    codes = etree.SubElement(top, f"{{{ns}}}Codes")

    def add(parent, node):
        attributes, children = node
        element = etree.SubElement(parent, f"{{{ns}}}Code", attributes)
        if description is not None:
            etree.SubElement(element, f"{{{ns}}}Description").text = description
        for child in children:
            add(element, child)

    for tree in trees:
        add(codes, tree)
    return etree.tostring(top, xml_declaration=True, encoding="utf-8")


def qdpx(project_xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", project_xml)
    return buffer.getvalue()


def _import(world, evaluation, content: bytes):
    return lambda: refiqda.import_codebook(
        user=world.evaluator, evaluation=evaluation, content=content
    )


def test_codebook_import_never_fails_with_a_server_error_or_a_partial_write(world, report_counts):
    evaluation = f.make_evaluation(world, preload=False)
    probe = Probe(Code, refusals=(refiqda.CodebookRefused,))

    @FUZZ
    @given(data=st.data())
    def check(data):
        kind = data.draw(st.sampled_from(["qdc", "qdc", "qdpx", "bytes", "mutated"]))
        trees = data.draw(st.lists(TREE, max_size=4))
        if kind == "qdc":
            content = codebook(trees, description=data.draw(st.none() | XML_TEXT))
        elif kind == "qdpx":
            content = qdpx(codebook(trees, ns=refiqda.PROJECT_NS, root="Project"))
        elif kind == "bytes":
            content = data.draw(st.binary(max_size=2000))
        else:
            valid = codebook(trees)
            cut = data.draw(st.integers(min_value=0, max_value=len(valid)))
            content = valid[:cut] + data.draw(st.binary(max_size=20)) + valid[cut + 20 :]
        probe.run(kind, _import(world, evaluation, content))
        assert probe.server_errors == [] and probe.partial_writes == []

    check()
    probe.report(report_counts, "REFI-QDA codebook import fuzz")


def test_codebook_bombs_entities_depth_and_size_are_refused(world, report_counts):
    evaluation = f.make_evaluation(world, preload=False)
    ns = f' xmlns="{NS}"'
    code = '<Code guid="{g}" name="{n}">'
    deep = (
        f"<CodeBook{ns}><Codes>"
        + "".join(code.format(g=uuid.uuid4(), n=f"k{i}") for i in range(60))
        + "</Code>" * 60
        + "</Codes></CodeBook>"
    ).encode()
    same = uuid.uuid4()
    duplicate = (
        f'<CodeBook{ns}><Codes><Code guid="{same}" name="a"/><Code guid="{same}" name="b"/>'
        "</Codes></CodeBook>"
    ).encode()
    many = (
        f"<CodeBook{ns}><Codes>"
        + "".join(f'<Code guid="{uuid.uuid4()}" name="k{i}"/>' for i in range(5001))
        + "</Codes></CodeBook>"
    ).encode()
    cases = {
        "entity expansion": BILLION_LAUGHS
        + f'<CodeBook{ns}><Codes><Code guid="{uuid.uuid4()}" name="&lol9;"/></Codes></CodeBook>'.encode(),
        "external entity": EXTERNAL_ENTITY
        + f'<CodeBook{ns}><Codes><Code guid="{uuid.uuid4()}" name="&xxe;"/></Codes></CodeBook>'.encode(),
        "deep xml": deep_xml("CodeBook", 100_000, NS),
        "deep codes": deep,
        "duplicate guid": duplicate,
        "too many codes": many,
        "too large": b" " * (refiqda.MAX_CODEBOOK_BYTES + 1),
        "zip bomb": zip_bomb("project.qde", 300 * 1024 * 1024),
        "qdpx without project": qdpx(b"")[:0] + zip_bomb("annet.txt", 1024 * 1024),
        "utf-16": codebook([({"guid": str(uuid.uuid4()), "name": "æøå"}, [])])
        .decode()
        .encode("utf-16"),
        "latin-1 declared utf-8": codebook([({"guid": str(uuid.uuid4()), "name": "æøå"}, [])])
        .decode()
        .encode("latin-1"),
    }
    probe = Probe(Code, refusals=(refiqda.CodebookRefused,))
    for label, content in cases.items():
        probe.run(label, _import(world, evaluation, content))
    names = list(Code.objects.filter(evaluation=evaluation).values_list("name", flat=True))
    assert not any("root:" in n or "lollol" in n for n in names)
    probe.report(report_counts, "REFI-QDA codebook bombs and bounds")
