"""One tagged PDF (PDF/UA-1) from the PDFs of a report's parts (pdf.py), with pypdf.

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
  /Lang, /MarkInfo, /ViewerPreferences.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from types import SimpleNamespace


@dataclass
class Part:
    data: bytes
    stand_ins: set[str] = field(default_factory=set)
    page_stubs: list[SimpleNamespace] = field(default_factory=list)


CATALOG_KEYS = ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata")


def join(parts: list[Part], page_stubs: list[SimpleNamespace]) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NullObject

    writer = PdfWriter()
    document = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructElem"),
            NameObject("/S"): NameObject("/Document"),
            NameObject("/K"): ArrayObject(),
        }
    )
    document_ref = writer._add_object(document)
    nums = ArrayObject()
    destinations: dict[str, object] = {}
    offset = 0
    for index, part in enumerate(parts):
        reader = PdfReader(io.BytesIO(part.data))
        catalog = reader.trailer["/Root"]
        if index == 0:
            _copy_metadata(writer, reader, catalog)
        first = len(writer.pages)
        for page in reader.pages:
            writer.add_page(page)
        used = _move_keys(writer, reader, first, offset)
        tree = catalog["/StructTreeRoot"].get_object()
        part_document = tree["/K"][0].get_object()
        kids = list(part_document["/K"])
        for kid in kids:
            kid.get_object()[NameObject("/P")] = NullObject()
        for kid in kids:
            clone = kid.clone(writer)
            clone.get_object()[NameObject("/P")] = document_ref
            document["/K"].append(clone)
        parent_nums = tree["/ParentTree"].get_object()["/Nums"]
        for key, value in zip(parent_nums[::2], parent_nums[1::2], strict=True):
            nums.extend([_number(int(key) + offset), value.clone(writer)])
        offset += used
        _collect_destinations(writer, catalog, part.stand_ins, destinations)
    _finish_structure(writer, document, document_ref, nums, offset)
    _write_destinations(writer, destinations)
    _write_outline(writer, page_stubs)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _number(value: int):
    from pypdf.generic import NumberObject

    return NumberObject(value)


def _copy_metadata(writer, reader, catalog) -> None:
    from pypdf.generic import NameObject

    if reader.metadata:
        writer.add_metadata({k: v for k, v in reader.metadata.items() if k != "/Producer"})
        if "/Producer" in reader.metadata:
            writer._info.get_object()[NameObject("/Producer")] = reader.metadata["/Producer"]
    for key in CATALOG_KEYS:
        if key in catalog:
            writer._root_object[NameObject(key)] = catalog[key].clone(writer)


def _move_keys(writer, reader, first: int, offset: int) -> int:
    """Set the joined pages' /StructParents and their annotations' /StructParent to the
    part's keys moved on by `offset`; returns the number of keys the part uses."""
    from pypdf.generic import NameObject

    used = 0
    for number, page in enumerate(reader.pages):
        joined = writer.pages[first + number]
        if "/StructParents" in page:
            key = int(page["/StructParents"])
            joined[NameObject("/StructParents")] = _number(key + offset)
            used = max(used, key + 1)
        for annotation in joined.get("/Annots", []) or []:
            annotation = annotation.get_object()
            if "/StructParent" in annotation:
                key = int(annotation["/StructParent"])
                annotation[NameObject("/StructParent")] = _number(key + offset)
                used = max(used, key + 1)
    return used


def _finish_structure(writer, document, document_ref, nums, used: int) -> None:
    from pypdf.generic import DictionaryObject, NameObject

    parent_tree = DictionaryObject({NameObject("/Nums"): nums})
    root = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructTreeRoot"),
            NameObject("/K"): _array([document_ref]),
            NameObject("/ParentTree"): writer._add_object(parent_tree),
            NameObject("/ParentTreeNextKey"): _number(used),
        }
    )
    document[NameObject("/P")] = writer._add_object(root)
    writer._root_object[NameObject("/StructTreeRoot")] = document["/P"]


def _array(items):
    from pypdf.generic import ArrayObject

    return ArrayObject(items)


def _name_tree_pairs(node) -> list:
    node = node.get_object()
    pairs = list(zip(node.get("/Names", [])[::2], node.get("/Names", [])[1::2], strict=True))
    for kid in node.get("/Kids", []) or []:
        pairs.extend(_name_tree_pairs(kid))
    return pairs


def _collect_destinations(writer, catalog, stand_ins: set[str], destinations: dict) -> None:
    names = catalog.get("/Names")
    if names is None or "/Dests" not in names.get_object():
        return
    for name, target in _name_tree_pairs(names.get_object()["/Dests"]):
        if str(name) in stand_ins or str(name) in destinations:
            continue
        destinations[str(name)] = target.clone(writer)


def _write_destinations(writer, destinations: dict) -> None:
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    if not destinations:
        return
    flat = []
    for name in sorted(destinations):
        flat.extend([TextStringObject(name), destinations[name]])
    dests = DictionaryObject({NameObject("/Names"): _array(flat)})
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/Dests"): writer._add_object(dests)}
    )


def _write_outline(writer, page_stubs: list[SimpleNamespace]) -> None:
    """The bookmarks of every page, nested by WeasyPrint's rule (as write_pdf does)."""
    from pypdf.generic import Fit
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

    def add(items, parent=None):
        for label, (page, x, y), children, state in items:
            item = writer.add_outline_item(
                title=label,
                page_number=page,
                parent=parent,
                fit=Fit.xyz(x, y, 0),
                is_open=state != "closed",
            )
            add(children, item)

    add(root)
