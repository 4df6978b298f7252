"""The PDF laid out in parts (issue 14: memory bounded by a part, not by the report) is one
document: on the demonstration data, cut at every chapter, it has the same pages, contents
page numbers and bookmarks as the report laid out whole; one structure tree whose parent
tree maps every page and link; links of the contents to named destinations on the pages the
contents state; page numbers that run on across parts cut inside a chapter."""

import io
import re

import pytest

from boligsosial.evaluation_report.rendering import pdf as parts_pdf
from boligsosial.evaluation_report.rendering.outputs import render_pdf_whole


@pytest.fixture
def report(demo, db):
    """The test's database (see test_report_form.report)."""
    return demo["evaluation_report"]


def _reader(data: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data))


@pytest.fixture(scope="module")
def whole(module_draft):
    return _reader(render_pdf_whole(module_draft))


@pytest.fixture(scope="module")
def by_chapter(module_draft):
    """Every chapter a part of its own (budget 1, cut only before chapters)."""
    return _reader(parts_pdf.render_pdf(module_draft, budget=1, chapters_only=True))


@pytest.fixture(scope="module")
def cut_inside(module_draft):
    """Parts of about 15 000 characters, cut inside chapters too."""
    return _reader(parts_pdf.render_pdf(module_draft, budget=15_000))


def _text(page) -> str:
    """The page's text; the contents' dotted leaders (drawn only when laid out whole) left out."""
    return re.sub(r"(?:\s*\.){2,}\s*", " ", page.extract_text())


def _outline(reader) -> list[tuple[int, str, int]]:
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def _contents(reader) -> dict[str, int]:
    entries = {}
    for page in reader.pages[1:4]:
        for line in page.extract_text().splitlines():
            match = re.match(r"(.+?)[\s.]*?(\d+)$", line.strip())
            if match and match.group(1).strip(" ."):
                entries[match.group(1).strip(" .")] = int(match.group(2))
    return entries


def test_cut_at_every_chapter_the_pdf_has_the_pages_and_bookmarks_of_the_whole(
    report, module_draft, whole, by_chapter
):
    chapters = [s for s in module_draft["sections"] if s["level"] == 1]
    assert len(parts_pdf.group([(True, "x")] * len(chapters), 1, chapters_only=True)) == len(
        chapters
    )
    assert len(by_chapter.pages) == len(whole.pages)
    for number, (a, b) in enumerate(zip(whole.pages, by_chapter.pages, strict=True), start=1):
        assert _text(a) == _text(b), f"page {number} differs"
    assert _outline(by_chapter) == _outline(whole)
    assert len(_outline(whole)) > 50


def test_the_joined_pdf_is_tagged_with_one_structure_tree(report, whole, by_chapter):
    catalog = by_chapter.trailer["/Root"]
    assert catalog["/Lang"] == "nb"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert b"pdfuaid" in by_chapter.xmp_metadata.stream.get_data()
    assert by_chapter.metadata.title == whole.metadata.title
    tree = catalog["/StructTreeRoot"].get_object()
    assert len(tree["/K"]) == 1
    document = tree["/K"][0].get_object()
    assert document["/S"] == "/Document"
    kids = [kid.get_object() for kid in document["/K"]]
    assert all(kid["/P"].get_object() is document for kid in kids)
    nums = tree["/ParentTree"].get_object()["/Nums"]
    parent_tree = dict(zip([int(k) for k in nums[::2]], nums[1::2], strict=True))
    assert int(tree["/ParentTreeNextKey"]) == max(parent_tree) + 1
    page_ids = {page.indirect_reference.idnum: n for n, page in enumerate(by_chapter.pages)}
    links = 0
    for number, page in enumerate(by_chapter.pages):
        elements = parent_tree[int(page["/StructParents"])].get_object()
        assert elements, f"page {number + 1} has no marked content mapped"
        for element in elements:
            assert page_ids[element.get_object().raw_get("/Pg").idnum] == number
        for annotation in page.get("/Annots", []) or []:
            element = parent_tree[int(annotation.get_object()["/StructParent"])].get_object()
            assert element["/S"] == "/Link"
            links += 1
    whole_links = sum(len(page.get("/Annots", []) or []) for page in whole.pages)
    assert links == whole_links > 0


def test_the_contents_link_to_the_pages_they_state(report, module_draft, by_chapter):
    destinations = by_chapter.named_destinations
    ids = {s["id"] for s in module_draft["sections"]}
    assert ids <= set(destinations)
    linked = {
        str(annotation.get_object()["/Dest"])
        for page in by_chapter.pages[1:4]
        for annotation in page.get("/Annots", []) or []
    }
    assert ids <= linked
    entries = _contents(by_chapter)
    checked = 0
    for section in module_draft["sections"]:
        title = f"{section['number']} {section['title']}".strip()
        if title in entries:
            page = by_chapter.get_destination_page_number(destinations[section["id"]]) + 1
            assert page == entries[title], title
            checked += 1
    assert checked >= 20


def test_cut_inside_chapters_the_page_numbers_run_on_and_the_contents_follow(
    report, module_draft, cut_inside, whole
):
    assert len(cut_inside.pages) >= len(whole.pages)
    for number, page in enumerate(cut_inside.pages[2:], start=3):
        footer = page.extract_text().strip().splitlines()[-1].strip()
        assert footer == str(number), (number, footer)
    entries = _contents(cut_inside)
    for title in (
        "1 Sammendrag",
        "5.3 Porsgrunn",
        "6.1 Forankring",
        "Vedlegg 4 Grunnlaget for tallene",
    ):
        page = entries[title]
        assert title in cut_inside.pages[page - 1].extract_text().replace("\n", " "), title
    titles = [t for _d, t, _p in _outline(cut_inside)]
    assert titles == [t for _d, t, _p in _outline(whole)]


def test_the_evidence_appendix_is_cut_into_runs_of_findings(report, module_draft):
    many = {**module_draft, "findings": dict(module_draft["findings"])}
    codes = list(many["findings"])
    while len(many["findings"]) <= parts_pdf.EVIDENCE_CHUNK * 2:
        code = codes[len(many["findings"]) % len(codes)]
        many["findings"][f"{code}_{len(many['findings'])}"] = many["findings"][code]
    units = parts_pdf.units(many)
    continued = [items[0] for _chapter, items in units if "continued" in items[0]]
    assert len(continued) == 2
    shown = [c for item in continued for c in item["continued"]["codes"]]
    first = next(
        b
        for _chapter, items in units
        for s in items
        if "blocks" in s
        for b in s["blocks"]
        if b.get("type") == "evidence_list"
    )
    assert first["codes"] + shown == list(many["findings"])


def test_the_six_municipality_report_is_laid_out_whole_as_before(report, module_draft):
    """Within one part's budget: render_pdf gives the whole layout (no second pass, no join),
    so the demonstration report's PDF is the one it was before parts (issue 15's speed)."""
    from boligsosial.evaluation_report.rendering.render_html import PRINT, HtmlRenderer

    renderer = HtmlRenderer(module_draft, mode=PRINT)
    bodies = parts_pdf.group(
        [(c, parts_pdf._part_body(renderer, items)) for c, items in parts_pdf.units(module_draft)],
        parts_pdf.PART_BUDGET,
    )
    assert len(bodies) == 1


def test_parts_laid_out_in_parallel_give_the_pdf_laid_out_in_series(
    report, module_draft, by_chapter, tmp_path
):
    """The same report laid out in WORKERS forked processes (in a process of its own: a
    process with threads, such as pytest's, lays the parts out in series) is the same PDF
    as by_chapter, laid out here in series."""
    import json
    import os
    import subprocess
    import sys

    assert parts_pdf.WORKERS > 1
    source, output = tmp_path / "document.json", tmp_path / "parallel.pdf"
    source.write_text(json.dumps(module_draft))
    script = (
        "import django, json, sys; django.setup()\n"
        "from boligsosial.evaluation_report.rendering import pdf\n"
        "assert pdf.single_threaded()\n"
        "document = json.loads(open(sys.argv[1]).read())\n"
        "data = pdf.render_pdf(document, budget=1, chapters_only=True, workers=pdf.WORKERS)\n"
        "open(sys.argv[2], 'wb').write(data)\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run(
        [sys.executable, "-c", script, str(source), str(output)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    parallel = _reader(output.read_bytes())
    assert len(parallel.pages) == len(by_chapter.pages)
    for number, (a, b) in enumerate(zip(parallel.pages, by_chapter.pages, strict=True), start=1):
        assert a.extract_text() == b.extract_text(), f"page {number} differs"
    assert _outline(parallel) == _outline(by_chapter)
    assert parallel.named_destinations.keys() == by_chapter.named_destinations.keys()


def test_the_body_pages_numbers_are_drawn_as_artifacts(report, by_chapter):
    """The numbers drawn over the body's pages (pdf_join._draw_footers) are marked content
    /Artifact, outside the structure tree, as a page number is in PDF/UA."""
    for page in by_chapter.pages[2:]:
        forms = [
            xobject.get_object()
            for xobject in page["/Resources"]["/XObject"].values()
            if xobject.get_object().get("/Subtype") == "/Form"
        ]
        footers = [form.get_data() for form in forms if b"/Artifact BMC" in form.get_data()]
        assert len(footers) == 1
        assert b"BDC" not in footers[0] and b"MCID" not in footers[0]
