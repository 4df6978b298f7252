"""One tagged PDF (PDF/UA-1) from the PDFs of a report's parts (pdf.py), with pikepdf (qpdf).

WeasyPrint tags each page's content as its own subtree under one /Document element and maps
the page's marked content through the parent tree under the key /StructParents = the page's
index, then the link annotations under the keys after the last page. Joining therefore:

- the pages in order, each page's /StructParents and its annotations' /StructParent moved
  on by the keys the parts before it used;
- one /Document element whose kids are the parts' kids in order (their /P set to it), one
  parent tree with the parts' entries under the moved keys;
- named destinations: every part's anchors, the first real one of a name winning (a part's
  stand-in anchors for links to other parts are dropped);
- one outline, built from every page's bookmarks with WeasyPrint's own rule for levels;
- the first part's metadata: document information, XMP (with the PDF/UA identification),
  /Lang, /MarkInfo, /ViewerPreferences;
- written with object streams (as WeasyPrint writes): a structure tree is many small objects.

qpdf copies each part's objects once, keeping one map per part, so the pages, annotations
and structure elements copied from a part refer to each other as in the part.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from types import SimpleNamespace


@dataclass
class Part:
    data: bytes
    stand_ins: set[str] = field(default_factory=set)
    page_stubs: list[SimpleNamespace] = field(default_factory=list)


CATALOG_KEYS = ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata")


def join(
    parts: list[Part],
    page_stubs: list[SimpleNamespace],
    *,
    footers: bytes | None = None,
    first_numbered: int = 0,
) -> bytes:
    """`footers`: a PDF whose pages hold only the page numbers of the pages from
    `first_numbered` on (pdf.py), drawn over them as artifacts."""
    import pikepdf

    out = pikepdf.Pdf.new()
    document = out.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, K=pikepdf.Array())
    )
    nums = pikepdf.Array()
    destinations: dict[str, pikepdf.Array] = {}
    offset = 0
    version = "1.7"
    for index, part in enumerate(parts):
        with pikepdf.Pdf.open(io.BytesIO(part.data)) as source:
            version = max(version, source.pdf_version)
            if index == 0:
                _copy_metadata(out, source)
            first = len(out.pages)
            with warnings.catch_warnings():
                # Named destinations are joined below, from every part.
                warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
                out.pages.extend(source.pages)
            used = _move_keys(out, source, first, offset)
            tree = source.Root.StructTreeRoot
            kids = list(tree.K[0].K)
            for kid in kids:
                del kid.P  # not to copy the part's own /Document (and its whole tree) again
            # One copy of each list (qpdf copies the objects it reaches), not one per item.
            for copied in out.copy_foreign(source.make_indirect(pikepdf.Array(kids))):
                copied.P = document
                document.K.append(copied)
            parent_nums = tree.ParentTree.Nums
            keys = [int(key) + offset for key in parent_nums[::2]]
            values = out.copy_foreign(source.make_indirect(pikepdf.Array(parent_nums[1::2])))
            for key, value in zip(keys, values, strict=True):
                nums.append(key)
                nums.append(value)
            offset += used
            _collect_destinations(out, source, part.stand_ins, destinations)
    _finish_structure(out, document, nums, offset)
    if footers is not None:
        _draw_footers(out, footers, first_numbered)
    _write_destinations(out, destinations)
    _write_outline(out, page_stubs)
    buffer = io.BytesIO()
    out.save(
        buffer,
        min_version=version,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        fix_metadata_version=False,
    )
    return buffer.getvalue()


def _draw_footers(out, footers: bytes, first: int) -> None:
    """Each footer page over its page: its marked content (a /Span with an MCID of the
    footer document's own tree) made an /Artifact, as a page number is in PDF/UA."""
    import pikepdf

    with pikepdf.Pdf.open(io.BytesIO(footers)) as source:
        for number, page in enumerate(source.pages):
            instructions: list = []
            for instruction in pikepdf.parse_content_stream(page):
                if str(instruction.operator) == "BDC":
                    instruction = pikepdf.ContentStreamInstruction(
                        [pikepdf.Name.Artifact], pikepdf.Operator("BMC")
                    )
                instructions.append(instruction)
            page.Contents = source.make_stream(pikepdf.unparse_content_stream(instructions))
            target = out.pages[first + number]
            # A part's pages share one resource dictionary: each page gets its own, so that
            # a page's resources name only its own footer.
            resources = pikepdf.Dictionary(dict(target.Resources.items()))
            if "/XObject" in resources:
                resources.XObject = pikepdf.Dictionary(dict(resources.XObject.items()))
            target.Resources = resources
            target.add_overlay(page)


def _copy(out, value):
    """A copy in `out` of a part's object: indirect ones through qpdf's map, direct arrays
    and dictionaries (WeasyPrint's parent tree, destinations, /MarkInfo) item by item."""
    import pikepdf

    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return out.copy_foreign(value)
    if isinstance(value, pikepdf.Array):
        return pikepdf.Array([_copy(out, item) for item in value])
    if isinstance(value, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copy(out, item) for key, item in value.items()})
    return value


def _copy_metadata(out, source) -> None:
    for key, value in source.docinfo.items():
        out.docinfo[key] = value
    for key in CATALOG_KEYS:
        if key in source.Root:
            out.Root[key] = _copy(out, source.Root[key])


def _move_keys(out, source, first: int, offset: int) -> int:
    """Set the joined pages' /StructParents and their annotations' /StructParent to the
    part's keys moved on by `offset`; returns the number of keys the part uses."""
    used = 0
    for number in range(len(source.pages)):
        joined = out.pages[first + number].obj
        if "/StructParents" in joined:
            key = int(joined.StructParents)
            joined.StructParents = key + offset
            used = max(used, key + 1)
        for annotation in joined.get("/Annots", []):
            if "/StructParent" in annotation:
                key = int(annotation.StructParent)
                annotation.StructParent = key + offset
                used = max(used, key + 1)
    return used


def _finish_structure(out, document, nums, used: int) -> None:
    import pikepdf

    root = out.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.StructTreeRoot,
            K=pikepdf.Array([document]),
            ParentTree=out.make_indirect(pikepdf.Dictionary(Nums=nums)),
            ParentTreeNextKey=used,
        )
    )
    document.P = root
    out.Root.StructTreeRoot = root


def _collect_destinations(out, source, stand_ins: set[str], destinations: dict) -> None:
    import pikepdf

    if "/Names" not in source.Root or "/Dests" not in source.Root.Names:
        return
    for name, target in pikepdf.NameTree(source.Root.Names.Dests).items():
        if name in stand_ins or name in destinations:
            continue
        destinations[name] = _copy(out, target)


def _write_destinations(out, destinations: dict) -> None:
    import pikepdf

    if not destinations:
        return
    flat = pikepdf.Array()
    for name in sorted(destinations):
        flat.append(pikepdf.String(name))
        flat.append(destinations[name])
    out.Root.Names = pikepdf.Dictionary(Dests=out.make_indirect(pikepdf.Dictionary(Names=flat)))


def _write_outline(out, page_stubs: list[SimpleNamespace]) -> None:
    """The bookmarks of every page, nested by WeasyPrint's rule (as write_pdf does)."""
    import pikepdf
    from weasyprint.anchors import make_page_bookmark_tree
    from weasyprint.matrix import Matrix

    root: list = []
    skipped: list = []
    last_by_depth = [root]
    previous = 0
    scale = 0.75  # PDF points per CSS pixel, as WeasyPrint's write_pdf with zoom 1
    for number, stub in enumerate(page_stubs):
        matrix = Matrix(a=scale, d=-scale, f=stub.height * scale)
        previous = make_page_bookmark_tree(stub, skipped, last_by_depth, previous, number, matrix)

    def items(tree):
        made = []
        for label, (page, x, y), children, state in tree:
            item = pikepdf.OutlineItem(label, page, pikepdf.PageLocation.XYZ, left=x, top=y, zoom=0)
            item.children.extend(items(children))
            item.is_closed = state == "closed"
            made.append(item)
        return made

    with out.open_outline() as outline:
        outline.root.extend(items(root))
