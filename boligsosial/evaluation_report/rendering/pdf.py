"""The PDF (PDF/UA-1), laid out by WeasyPrint a part at a time and joined as one document.

WeasyPrint keeps the layout of every page until the PDF is written, so the report laid out
as one HTML document took memory in proportion to its pages (958 MiB for 357
municipalities). Here the report is laid out in parts: the front matter (cover and
contents), then each chapter (a level-1 section, which starts a page anyway); a chapter of
more than `CHUNK` sub-sections (chapter 5 at national scale) is cut after every `CHUNK`,
and the evidence appendix after every `EVIDENCE_CHUNK` findings. Each part is written to
PDF and its layout released before the next is laid out.

The body's parts are laid out without page numbers, so that no part depends on the page
count of the parts before it: `WORKERS` processes (forked, one per part, so each returns its
memory when done) lay them out at once, with the front matter's first pass (stand-in
numbers, to count its pages). The front matter is then laid out with the real numbers, and
one footer document (empty pages numbered from the body's first page) gives the numbers the
join draws over the body's pages as artifacts. From `national.NATIONAL_FROM` municipalities
the PDF is the national edition (national.py).

`pdf_join.join` makes one document of the parts' PDFs: one structure tree, one outline
(built from the headings' bookmark levels the way WeasyPrint builds it), named destinations
of every anchor, the front part's metadata. Page numbers run on across the parts, and the
contents show the page numbers measured on the laid-out parts.

A report cut only before chapters has the same pages as one laid out whole (tested); a cut
inside a chapter starts its part on a new page. A report within one part's budget is laid
out whole (no second pass of the front matter, no join).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from boligsosial.evaluation_report.findings import display_value
from boligsosial.evaluation_report.rendering.national import is_national, national_edition
from boligsosial.evaluation_report.rendering.pdf_join import Part, join
from boligsosial.evaluation_report.rendering.render_html import PRINT, HtmlRenderer

PART_BUDGET = 250_000  # characters of HTML laid out at a time (about 80 pages at most)
EVIDENCE_CHUNK = 60  # findings of the evidence appendix per unit
STAND_IN_PAGE = "999"
WORKERS = 2  # processes laying out parts at once (the machine's two cores)  # the contents' numbers while the front matter's pages are counted


def units(document: dict) -> list[tuple[bool, list[dict]]]:
    """The report's body as units a part may start with: every section, and the evidence
    list in runs of EVIDENCE_CHUNK findings (`{"continued": block, "level": n}`). The flag
    says whether the unit starts a chapter (a new page in any case)."""
    found: list[tuple[bool, list[dict]]] = []
    for section in document["sections"]:
        found.extend(_evidence_units(section, document))
    return found


def _evidence_units(section: dict, document: dict) -> list[tuple[bool, list[dict]]]:
    chapter = section["level"] == 1
    index = next((i for i, b in enumerate(section["blocks"]) if b["type"] == "evidence_list"), None)
    if index is None:
        return [(chapter, [section])]
    codes = section["blocks"][index].get("codes")
    codes = list(document["findings"]) if codes is None else codes
    if len(codes) <= EVIDENCE_CHUNK:
        return [(chapter, [section])]
    level = section["level"] + 1
    chunks = [codes[i : i + EVIDENCE_CHUNK] for i in range(0, len(codes), EVIDENCE_CHUNK)]
    blocks = section["blocks"]
    first = {**section, "blocks": [*blocks[:index], {**blocks[index], "codes": chunks[0]}]}
    rest = [
        {"continued": {**blocks[index], "codes": chunk, "intro": False}, "level": level}
        for chunk in chunks[1:]
    ]
    if blocks[index + 1 :]:
        rest[-1]["after"] = blocks[index + 1 :]
    return [(chapter, [first]), *((False, [item]) for item in rest)]


def group(bodies: list[tuple[bool, str]], budget: int, *, chapters_only: bool = False) -> list[str]:
    """Units' HTML joined into parts of at most `budget` characters (a larger unit is a part
    of its own): a part closes before a chapter once it holds half its budget, or before
    any unit that would take it over (with `chapters_only`, only before a chapter)."""
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for chapter, html in bodies:
        over = size + len(html) > budget and (chapter or not chapters_only)
        if current and (over or (chapter and size >= budget // 2)):
            parts.append("".join(current))
            current, size = [], 0
        current.append(html)
        size += len(html)
    if current:
        parts.append("".join(current))
    return parts


def _part_body(renderer: HtmlRenderer, items: list[dict]) -> str:
    html = []
    for item in items:
        if "continued" in item:
            level = item["level"]
            blocks = [item["continued"], *item.get("after", [])]
            inner = "".join(renderer.block(block, level) for block in blocks)
            html.append(f'<section class="bs-report-section bs-report-continued">{inner}</section>')
        else:
            html.append(renderer.section(item))
    return "".join(html)


@dataclass
class _Laid:
    """A part laid out and written: what the join needs of its pages, kept after its layout
    is released (and sent back from a worker process)."""

    data: bytes
    stubs: list[SimpleNamespace] = field(default_factory=list)  # bookmarks and height
    anchors: list[list[str]] = field(default_factory=list)  # the anchors of each page
    foreign: set[str] = field(default_factory=set)  # links to anchors in other parts


def render_pdf(
    document: dict,
    *,
    version: dict | None = None,
    budget: int = PART_BUDGET,
    chapters_only: bool = False,
    workers: int = WORKERS,
) -> bytes:
    """The report's PDF/UA-1, laid out in parts (see the module's docstring)."""
    with translation.override(document["language"]):
        if is_national(document):
            document = national_edition(document)
        renderer = HtmlRenderer(document, mode=PRINT)
        context = {
            "document": document,
            "as_of_text": display_value(document["as_of"], "date"),
            "version": version,
        }
        toc = renderer.toc()
        found = units(document)
        bodies = group(
            [(chapter, _part_body(renderer, items)) for chapter, items in found],
            budget,
            chapters_only=chapters_only,
        )
        if len(bodies) == 1:
            # A report within one part's budget (the six-municipality demo): laid out whole,
            # which gives the same pages (tested) without the second pass and the join; its
            # sections' HTML is the part's when no evidence list was cut.
            from boligsosial.evaluation_report.rendering.outputs import render_pdf_whole

            cut = any("continued" in items[0] for _chapter, items in found)
            return render_pdf_whole(document, version=version, body=None if cut else bodies[0])
        return _in_parts(context, toc, bodies, workers)


def _in_parts(context: dict, toc: list[dict], bodies: list[str], workers: int) -> bytes:
    """The body parts laid out without page numbers (their first page does not depend on
    the parts before them), `workers` at a time; the front matter laid out with the
    contents' page numbers; the numbers drawn over the body's pages from one footer
    document (see the module's docstring)."""
    stand_in = [{**item, "page": STAND_IN_PAGE} for item in toc]
    jobs = [_part_html(context, stand_in, front=True)]
    jobs += [_part_html(context, [], body=body, last=body is bodies[-1]) for body in bodies]
    laid = list(_each(jobs, workers))
    front_count, parts = len(laid[0].stubs), laid[1:]
    for _attempt in range(3):
        anchors: dict[str, int] = {}
        number = front_count
        for part in parts:
            for names in part.anchors:
                number += 1
                for name in names:
                    anchors.setdefault(name, number)
        numbered = [{**item, "page": anchors.get(item["id"], "")} for item in toc]
        front = _lay_out_part(_part_html(context, numbered, front=True))
        if len(front.stubs) == front_count:
            break
        front_count = len(front.stubs)  # the numbers changed the contents' length
    body_pages = sum(len(part.stubs) for part in parts)
    footers = _lay_out_part(
        _part_html(context, [], blanks=range(body_pages), start=front_count + 1)
    ).data
    page_stubs = [*front.stubs, *(stub for part in parts for stub in part.stubs)]
    joined = [Part(data=p.data, stand_ins=p.foreign, page_stubs=p.stubs) for p in (front, *parts)]
    return join(joined, page_stubs, footers=footers, first_numbered=front_count)


def _each(jobs: list[str], workers: int):
    """The parts laid out in order: in this process, or in `workers` processes forked from
    it, each for one part (its memory returned when the part is done)."""
    if workers <= 1 or len(jobs) <= 1 or not single_threaded():
        for html in jobs:
            yield _lay_out_part(html)
            gc.collect()  # the layout's boxes hold reference cycles: release them now
        return
    import multiprocessing

    _fonts()  # found once, before the fork
    gc.collect()
    gc.freeze()  # the workers' collections leave the shared objects' pages shared
    try:
        with multiprocessing.get_context("fork").Pool(workers, maxtasksperchild=1) as pool:
            yield from pool.imap(_lay_out_part, jobs)
    finally:
        gc.unfreeze()


def single_threaded() -> bool:
    """Whether no other Python thread runs, so that this process may fork: a fork copies
    only the calling thread, and a lock another thread held would stay locked in the child.
    (Native pools, such as OpenBLAS's under numpy, handle a fork themselves.) Otherwise the
    parts are laid out in series, which gives the same PDF."""
    import threading

    return threading.active_count() == 1


def _part_html(
    context: dict,
    toc: list[dict],
    *,
    front: bool = False,
    body: str = "",
    start: int = 1,
    last: bool = False,
    blanks: range | None = None,
) -> str:
    return render_to_string(
        "evaluation_report/print_part.html",
        {
            **context,
            "toc": toc,
            "front": front,
            "body": mark_safe(body),
            "start": start,
            "last": last,
            "blanks": blanks,
        },
    )


_FONTS: list = []


def _fonts():
    """One font configuration for every part: the fonts are found once."""
    if not _FONTS:
        from weasyprint.text.fonts import FontConfiguration

        _FONTS.append(FontConfiguration())
    return _FONTS[0]


def _lay_out_part(html: str) -> _Laid:
    """The part's layout and PDF, and what the join needs of its pages: bookmarks, anchors,
    and the links to anchors in other parts (given a stand-in anchor so WeasyPrint keeps
    them as named destinations, which the joined document resolves)."""
    from weasyprint import HTML

    document = HTML(string=html).render(font_config=_fonts())
    anchors = [list(page.anchors) for page in document.pages]
    own = {name for names in anchors for name in names}
    foreign = {
        target
        for page in document.pages
        for kind, target, _rect, _box in page.links
        if kind == "internal" and target not in own
    }
    if foreign and document.pages:
        document.pages[0].anchors.update({name: (0, 0, 0, 0) for name in foreign})
    stubs = [
        SimpleNamespace(bookmarks=list(page.bookmarks), height=page.height)
        for page in document.pages
    ]
    data = document.write_pdf(pdf_variant="pdf/ua-1")
    return _Laid(data=data, stubs=stubs, anchors=anchors, foreign=foreign)
