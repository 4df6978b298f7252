"""Evaluator prose is tied to the findings it rests on (issue 15, point 5): when such a finding
changes after the text was written, the text is flagged in the builder and in the draft."""

from django.urls import reverse
from lxml import html as lxml_html

from boligsosial.evaluation_report import selectors, services
from boligsosial.evaluation_report.models import NarrativeSection
from boligsosial.evaluation_report.rendering.basis import section_codes
from boligsosial.evaluation_report.rendering.render_html import HtmlRenderer

TEXT = "De fleste kommunene har etablert en god forankring."


def _block(document, key):
    return next(
        b
        for s in document["sections"]
        for b in s["blocks"]
        if b["type"] == "markdown" and b["key"] == key
    )


def test_a_text_stores_the_findings_of_its_section_as_the_writer_read_them(report_world):
    w = report_world
    services.narrative_save(user=w.evaluator, report=w.report, key="6.1", markdown=TEXT)
    basis = NarrativeSection.objects.get(report=w.report, key="6.1").basis
    document = selectors.document_for(w.report)
    # The stored basis is exactly the findings the built report shows in 6.1.
    assert list(basis) == section_codes(document["sections"])["6.1"] == ["anchoring"]
    assert "av 2 programkommuner" in basis["anchoring"]["text"]
    assert "basis_changed" not in _block(document, "6.1")


def test_a_changed_finding_flags_the_text_in_the_draft_and_the_builder_until_saved_again(
    report_world, client
):
    w = report_world
    services.narrative_save(user=w.evaluator, report=w.report, key="6.1", markdown=TEXT)
    services.narrative_save(user=w.evaluator, report=w.report, key="7.3", markdown="Om HF.")
    w.skien_participation.organisation.delete()  # the anchoring finding changes

    document = selectors.document_for(w.report)
    changed = _block(document, "6.1")["basis_changed"]
    assert [c["code"] for c in changed] == ["anchoring"]
    assert "Skien" in changed[0]["before"] and changed[0]["before"] != changed[0]["now"]
    assert "basis_changed" not in _block(document, "7.3")  # housing first did not change

    draft = lxml_html.fromstring(str(HtmlRenderer(document, mode="print").render()))
    flags = draft.xpath("//*[@data-basis-changed]")
    assert [f.get("data-basis-changed") for f in flags] == ["6.1"]
    assert "Grunnlaget er endret siden teksten ble skrevet" in flags[0].text_content()

    client.force_login(w.evaluator)
    page = lxml_html.fromstring(
        client.get(reverse("evaluation_report:report", args=[w.report.pk])).content
    )
    listed = page.xpath("//*[@data-testid='changed-texts']/li")
    assert len(listed) == 1 and "6.1 Forankring" in listed[0].text_content()
    assert listed[0].xpath(".//a/@href") == [
        reverse("evaluation_report:narrative_edit", args=[w.report.pk, "6.1"])
    ]
    # A published version is not flagged; saving the text again confirms it.
    assert "basis_changed" not in _block(selectors.document_for(w.report, draft=False), "6.1")
    section = NarrativeSection.objects.get(report=w.report, key="6.1")
    services.narrative_save(
        user=w.evaluator, report=w.report, key="6.1", markdown=TEXT, version=section.version
    )
    assert "basis_changed" not in _block(selectors.document_for(w.report), "6.1")
    page = client.get(reverse("evaluation_report:report", args=[w.report.pk])).content.decode()
    assert "changed-texts" not in page


def test_a_municipality_text_rests_on_its_municipality_finding(report_world):
    w = report_world
    services.narrative_save(user=w.evaluator, report=w.report, key="5-0602", markdown="Drammen.")
    basis = NarrativeSection.objects.get(report=w.report, key="5-0602").basis
    assert list(basis) == ["municipality_0602"]
