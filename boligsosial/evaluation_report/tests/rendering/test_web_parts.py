"""The web draft of a national report counts a figure that lists more than LONG
municipalities and links the number to the list on a page of its own; the evidence list
keeps the figure whole (rendering/web_parts.py)."""

import re

import pytest

from boligsosial.evaluation_report.rendering import national
from boligsosial.evaluation_report.rendering.web_parts import PartedHtmlRenderer
from boligsosial.evaluation_report.tests.rendering.test_pdf_national import _national


@pytest.fixture
def listing(module_draft, db):
    """A national draft whose first text figure lists every municipality."""
    document = _national(module_draft)
    names = sorted(national.municipality_names(document))
    for code, finding in document["findings"].items():
        for key, figure in (finding.get("figures") or {}).items():
            if figure.get("kind") == "text" and f"{{{key}}}" in finding["text"]:
                figure["value"] = ", ".join(names[:-1]) + " og " + names[-1]
                return document, code, key, names
    raise AssertionError("no text figure")


def _renderer(document):
    return PartedHtmlRenderer(
        document, evidence_url="/grunnlag/", part_url=lambda part_id: f"/del/{part_id}/"
    )


def test_a_long_list_of_municipalities_is_counted_and_listed_on_its_own_page(listing):
    document, code, key, names = listing
    renderer = _renderer(document)
    body = str(renderer.render())
    shown = re.search(
        rf'<a class="bs-evidence-link" href="([^"]+)" data-figure="{code}\.{key}">([^<]+)</a>', body
    )
    assert shown is not None
    assert shown.group(1) == f"/del/liste-{code}-{key}/"
    assert shown.group(2) == f"{len(names)} kommuner"
    assert ", ".join(names[10:13]) not in body
    part = renderer.parts[f"liste-{code}-{key}"]
    assert re.findall(r"<li>([^<]+)</li>", part["html"]) == names
    assert part["title"].endswith(f": {len(names)} kommuner")
    # The evidence list keeps the figure as it is.
    assert ", ".join(names[10:13]) in str(renderer.evidence())


def test_below_the_threshold_a_list_stays_in_the_text(module_draft, db):
    document = module_draft
    renderer = _renderer(document)
    body = str(renderer.render())
    assert not any(part_id.startswith("liste-") for part_id in renderer.parts)
    assert "/del/liste-" not in body
