"""The PDF's national edition (issue 14: the report for 357 municipalities in under 60 s):
from NATIONAL_FROM municipalities a table or chart with one row per municipality is shown as
its distribution, long name lists and record lists are counted, and the evidence appendix
shows chapter 5's per-municipality findings as one table; every omission says where the full
detail is. The six-municipality demonstration report is not the national edition."""

import copy
import io

import pytest

from boligsosial.evaluation_report.rendering import national
from boligsosial.evaluation_report.rendering import pdf as parts_pdf

WHERE = "Alle tall per kommune står i HTML- og Word-utgaven av rapporten og i API-et"


@pytest.fixture
def report(demo, db):
    return demo["evaluation_report"]


def _long_table_block(document: dict) -> tuple[dict, dict]:
    """The first finding shown with its table, and that block."""
    for section in document["sections"]:
        for block in section["blocks"]:
            finding = document["findings"].get(block.get("code", ""))
            if block["type"] == "finding" and block.get("table") and finding["table"]:
                return finding, block
    raise AssertionError("no finding with a table")


def _national(draft: dict, count: int = national.NATIONAL_FROM + 10) -> dict:
    """The demonstration draft grown to `count` municipalities in chapter 5, with one
    finding's table holding a row per municipality (one without a figure) and a total."""
    document = copy.deepcopy(draft)
    findings = document["findings"]
    template = next(code for code in findings if code.startswith("municipality_"))
    have = len(national.municipality_names(document))
    last = max(i for i, s in enumerate(document["sections"]) if s["number"].startswith("5."))
    added = []
    for i in range(count - have):
        code = f"municipality_9{i:03d}"
        findings[code] = {**findings[template], "code": code, "title": f"Testkommune {i}"}
        added.append(
            {
                "id": f"test-{i}",
                "number": f"5.{have + i + 1}",
                "title": f"Testkommune {i}",
                "level": 2,
                "blocks": [{"type": "finding", "code": code, "table": False, "chart": False}],
            }
        )
    document["sections"][last + 1 : last + 1] = added
    finding, _block = _long_table_block(document)
    finding["table"] = {
        "caption": "Dager mellom kontaktene",
        "header": ["Kommune", "Dager", "Fase"],
        "numeric": [1],
        "rows": [
            [f"Testkommune {i}", {"value": None if i == 0 else i, "kind": "number"}, "Drift"]
            for i in range(count)
        ]
        + [["Programmet samlet", {"value": 999, "kind": "number"}, "–"]],
    }
    return document


def test_the_demonstration_report_is_not_the_national_edition(report, module_draft):
    assert len(national.municipality_names(module_draft)) == 6
    assert not national.is_national(module_draft)
    assert national.is_national(_national(module_draft))


def test_a_table_with_a_row_per_municipality_is_shown_as_its_distribution(report, module_draft):
    document = _national(module_draft)
    finding, block = _long_table_block(document)
    edition = national.national_edition(document)
    blocks = next(
        s["blocks"]
        for s in edition["sections"]
        if any("har én rad per kommune" in b.get("text", "") for b in s["blocks"])
    )
    index = next(i for i, b in enumerate(blocks) if b.get("code") == finding["code"])
    assert blocks[index]["table"] is False and block["table"] is True
    spread, counts, totals, said = blocks[index + 1 : index + 5]
    count = national.NATIONAL_FROM + 10
    # The missing figure is left out (never taken as zero): 39 of 40 have a figure, 1..39.
    assert spread["rows"] == [
        [
            "Dager",
            {"value": count - 1, "kind": "number"},
            {"value": 1, "kind": "number", "decimals": None},
            {"value": 20, "kind": "number", "decimals": None},
            {"value": count - 1, "kind": "number", "decimals": None},
        ]
    ]
    assert f"{count} kommuner" in spread["caption"]
    assert counts["rows"] == [["Fase: Drift", {"value": count, "kind": "number"}]]
    assert totals["rows"] == [["Programmet samlet", {"value": 999, "kind": "number"}, "–"]]
    assert "«Dager mellom kontaktene» har én rad per kommune" in said["text"]
    assert WHERE in said["text"]
    # The document itself is unchanged (the HTML and Word files keep every row).
    assert len(_long_table_block(document)[0]["table"]["rows"]) == count + 1


def test_the_evidence_appendix_lists_the_municipalities_findings_as_one_table(report, module_draft):
    document = _national(module_draft)
    edition = national.national_edition(document)
    blocks = next(
        s["blocks"]
        for s in edition["sections"]
        if any(b["type"] == "evidence_list" for b in s["blocks"])
    )
    listed, said, table = blocks[-3:]
    topics = {edition["findings"][code]["topic"] for code in listed["codes"]}
    assert national.MUNICIPALITY not in topics and listed["codes"]
    assert WHERE in said["text"]
    assert len(table["rows"]) == len(national.municipality_names(document))
    assert table["rows"][-1][0] == f"Testkommune {national.NATIONAL_FROM + 10 - 7}"


def test_long_name_lists_and_record_lists_are_counted(report, module_draft):
    names = {f"K{i}" for i in range(40)} | {"Evje og Hornnes"}
    listed = ", ".join(f"K{i}" for i in range(39)) + " og Evje og Hornnes"
    assert national.name_count(listed, names) == 40
    assert national.name_count("K1, K2 og K3", names) == 3
    finding = {
        "figures": {
            "names": {"value": listed, "kind": "text", "decimals": None, "evidence": []},
            "count": {
                "value": 40,
                "kind": "number",
                "decimals": None,
                "evidence": [{"label": f"Organisering i K{i}", "url": "/x/"} for i in range(40)],
            },
        }
    }
    short = national._short_figures(finding, names)["figures"]
    assert short["names"]["value"] == "40 kommuner (navnene står i HTML-utgaven)"
    labels = [e["label"] for e in short["count"]["evidence"]]
    assert labels[:3] == ["Organisering i K0", "Organisering i K1", "Organisering i K2"]
    assert labels[3].startswith("og 37 registreringer til (hele listen står i HTML-utgaven")


def test_the_national_pdf_says_it_is_the_national_edition_and_where_the_detail_is(
    report, module_draft
):
    from pypdf import PdfReader

    document = _national(module_draft)
    reader = PdfReader(io.BytesIO(parts_pdf.render_pdf(document, budget=60_000)))
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)

    def said(words: str) -> int:  # compared without white space (lines break anywhere)
        return text.count("".join(words.split()))

    assert said("Dette er PDF-filens nasjonale utgave for 40 kommuner")
    assert said("Fordelingen i 40 kommuner: Dager mellom kontaktene")
    assert said("Grunnlaget for kommunenes funn i kapittel 5")
    assert said(WHERE) >= 3
