"""Finders: computed from every other app's selectors, unavailable only where data is missing."""

import datetime as dt

from boligsosial.evaluation_report.rendering.render_html import finding_text_plain
from boligsosial.evaluation_report.selectors import document_for


def test_a_finding_is_unavailable_only_where_its_data_is_missing(report_world):
    from boligsosial.evaluation_report.rendering.document import build_document

    w = report_world
    document = build_document(programme=w.programme, as_of=dt.date(2011, 12, 1))
    informants = document["findings"]["informants"]
    assert informants["available"] is False
    assert informants["note"] == "Rapporten er ikke knyttet til en evaluering med feltarbeid."
    # Every other app is read for real: its findings are computed, never "not yet available".
    for code in ("target_youth", "followup_cadence", "reporting", "start_loans", "planning"):
        assert document["findings"][code]["available"] is True, code


def test_the_report_reaches_other_apps_by_import_never_by_a_dotted_string():
    from pathlib import Path

    package = Path(__file__).resolve().parents[2]
    for module in package.rglob("*.py"):
        if "tests" in module.parts:
            continue
        source = module.read_text()
        assert "import_module" not in source and "_optional(" not in source, module
        assert "except ImportError" not in source, module


def test_the_anchoring_finding_counts_the_worlds_two_municipalities(report_world):
    finding = document_for(report_world.report)["findings"]["anchoring"]
    assert finding_text_plain(finding).startswith(
        "1 av 2 programkommuner er forankret på rådmannsnivå"
    )
    assert finding["data"]["none"] == ["Skien"]
