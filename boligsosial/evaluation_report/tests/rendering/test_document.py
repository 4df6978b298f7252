"""The report builder: the source report's chapters in order, one section per municipality."""

import datetime as dt

from boligsosial.evaluation_report.rendering.document import build_document


def test_the_document_follows_the_source_reports_chapters_with_a_section_per_municipality(
    report_world,
):
    w = report_world
    document = build_document(
        programme=w.programme,
        as_of=dt.date(2011, 12, 1),
        evaluation=w.evaluation,
        narratives={"foreword": "Et forord."},
    )
    numbers = [s["number"] for s in document["sections"]]
    assert numbers[:5] == ["", "1", "2", "3", "4"]
    assert numbers[numbers.index("5") : numbers.index("6")] == ["5", "5.1", "5.2"]
    assert [s["title"] for s in document["sections"] if s["number"] in ("5.1", "5.2")] == [
        "Drammen",
        "Skien",
    ]
    assert numbers[-4:] == ["Vedlegg 1", "Vedlegg 2", "Vedlegg 3", "Vedlegg 4"]
    assert document["sections"][0]["blocks"] == [
        {"type": "markdown", "key": "foreword", "source": "Et forord."}
    ]
    # The municipality sections add their own findings to the document.
    assert {"municipality_0602", "municipality_0806"} <= set(document["findings"])


def test_a_recommendation_block_appears_only_in_a_section_with_a_proposal(report_world):
    w = report_world
    document = build_document(programme=w.programme, as_of=dt.date(2011, 12, 1))
    sections_with_proposals = {r["section"] for r in document["recommendations"]}
    for section in document["sections"]:
        blocks = [b for b in section["blocks"] if b["type"] == "recommendations"]
        assert bool(blocks) == (section["number"] in sections_with_proposals), section["number"]
