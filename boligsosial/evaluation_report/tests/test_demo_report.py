"""The autumn-2011 interim evaluation regenerated from the whole demonstration data.

The demo is loaded once for this module (inside a transaction that is rolled back at the
end), so the suite stays fast; each test runs in its own savepoint on top of it.
"""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from boligsosial.evaluation_report.rendering.render_html import finding_text_plain


@pytest.fixture
def report(demo, db):
    return demo["evaluation_report"]


@pytest.fixture
def draft(report):
    from boligsosial.evaluation_report.selectors import document_for

    return document_for(report)


def statement(document, code):
    finding = document["findings"][code]
    assert finding["available"], finding["note"]
    return finding_text_plain(finding)


def test_the_report_states_arendal_first_and_the_anchoring_of_the_six(draft):
    assert statement(draft, "programme_start").startswith(
        "Arendal var den første kommunen i programmet (august 2009)."
    )
    anchoring = statement(draft, "anchoring")
    assert anchoring.startswith("4 av 6 programkommuner er forankret på rådmannsnivå")
    assert "I Porsgrunn ledes styringsgruppen av en virksomhetsleder." in anchoring
    assert "Skien har ikke etablert styringsgruppe." in anchoring


def test_the_report_states_youth_measures_in_drammen_and_sandefjord(draft):
    assert (
        statement(draft, "target_youth")
        == "Tiltak rettet mot ungdom er startet i 2 av 6 programkommuner: Drammen og Sandefjord."
    )
    assert draft["findings"]["target_youth"]["data"]["with"] == ["Drammen", "Sandefjord"]


def test_the_report_states_the_instrument_figures_of_chapter_4_3(draft):
    findings = draft["findings"]
    assert findings["start_loans"]["data"]["change_percent"] > 50
    assert findings["establishment_grants"]["data"]["change_percent"] > 25
    assert 75 <= findings["competence_share"]["data"]["share_percent"] <= 80
    assert re.search(
        r"opptaket av startlån økt med \d+\s% fra 2009", statement(draft, "start_loans")
    )
    assert re.search(
        r"fikk programkommunene 7\d\s% av den samlede rammen", statement(draft, "competence_share")
    )


def test_the_report_states_eleven_municipal_and_five_husbanken_informants(draft):
    assert statement(draft, "informants").startswith(
        "Det er gjennomført intervjuer med 11 informanter fra programkommunene og 5 fra Husbanken"
    )


def test_the_report_carries_the_recommendations_of_chapter_7(draft):
    by_rule = {r["rule"]: r for r in draft["recommendations"]}
    assert {
        "steering_group",
        "youth_measures",
        "homeless_measures",
        "housing_first",
        "regular_meetings",
        "common_template",
    } <= set(by_rule)
    assert by_rule["steering_group"]["section"] == "7.1"
    assert "Skien har ikke etablert styringsgruppe" in by_rule["steering_group"]["text"]
    assert (
        "Bare Drammen og Sandefjord har startet tiltak for ungdom"
        in by_rule["youth_measures"]["text"]
    )
    assert by_rule["housing_first"]["section"] == "7.3"
    assert {r["section"] for r in draft["recommendations"]} >= {"7.1", "7.2", "7.3", "7.4"}
    assert all(r["status"] == "accepted" for r in draft["recommendations"])


def test_the_success_factor_chapter_quotes_approved_passages_coded_to_anchoring(draft):
    section = next(s for s in draft["sections"] if s["number"] == "6.1")
    quotes = [b for b in section["blocks"] if b["type"] == "quotes"]
    assert quotes and quotes[0]["code"] == "forankring" and quotes[0]["items"]
    assert all(q["text"] and q["attribution"] for q in quotes[0]["items"])


def test_the_published_demo_version_shows_every_number_linked_to_its_evidence(
    report, client_for, demo
):
    evaluator = demo["users"]["evaluator"]
    response = client_for(evaluator).get(reverse("evaluation_report:version", args=[report.pk, 1]))
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.content)
    ids = set(tree.xpath("//@id"))
    links = tree.xpath("//a[contains(@class, 'bs-evidence-link')]")
    assert len(links) > 50
    for link in links:
        assert link.get("href")[1:] in ids, link.get("href")
    anchoring = tree.xpath("//*[@data-figure='anchoring.radmann']")
    assert anchoring and anchoring[0].text_content() == "4" and anchoring[0].tag == "a"
    # the evidence item names the records: each of the four municipalities' organisation
    evidence = tree.xpath("//li[@id='ev-anchoring-radmann']")[0].text_content()
    for name in ("Arendal", "Drammen", "Larvik", "Sandefjord"):
        assert f"Organisering i {name}" in evidence


def test_giving_skien_a_steering_group_changes_the_draft_but_not_the_published_version(
    report, demo, client_for
):
    from boligsosial.evaluation_report import services
    from boligsosial.evaluation_report.selectors import document_for
    from boligsosial.programmes.models import LeaderRank
    from boligsosial.programmes.services import organisation_update

    skien = demo["participations"]["Skien"]
    # A steering group from today is history to come: the report as of 2011 does not move.
    organisation_update(
        user=demo["users"]["admin"],
        participation=skien,
        version=None,
        has_steering_group=True,
        steering_group_leader_position="Kommunedirektør",
        steering_group_leader_rank=LeaderRank.RADMANN,
    )
    assert statement(document_for(report), "anchoring").startswith("4 av 6")
    # Recorded as having been in place since October 2011, the draft follows.
    organisation_update(
        user=demo["users"]["admin"],
        participation=skien,
        version=None,
        valid_from=dt.date(2011, 10, 1),
        has_steering_group=True,
        steering_group_leader_position="Rådmann",
        steering_group_leader_rank=LeaderRank.RADMANN,
    )
    draft = document_for(report)
    assert statement(draft, "anchoring").startswith(
        "5 av 6 programkommuner er forankret på rådmannsnivå"
    )
    steering = next(r for r in draft["recommendations"] if r["rule"] == "steering_group")
    assert "Skien" not in steering["text"] and "Porsgrunn" in steering["text"]
    assert steering["changed_since_decision"]

    published = report.versions.get(number=1)
    published.refresh_from_db()
    assert statement(published.document, "anchoring").startswith("4 av 6")
    assert (
        "Skien"
        in next(r for r in published.document["recommendations"] if r["rule"] == "steering_group")[
            "text"
        ]
    )
    page = (
        client_for(demo["users"]["lesetilgang"])
        .get(reverse("evaluation_report:version", args=[report.pk, 1]))
        .content.decode()
    )
    assert "Skien har ikke etablert styringsgruppe" in page

    evaluator = demo["users"]["evaluator"]
    services.recommendation_decide(
        user=evaluator,
        report=report,
        rule_code="steering_group",
        decision="accepted",
        reason="Skien har nå styringsgruppe; anbefalingen gjelder Porsgrunn.",
    )
    version = services.report_publish(
        user=evaluator, report=report, note="Etter Skiens styringsgruppe"
    )
    assert version.number == 2
    page = (
        client_for(evaluator)
        .get(reverse("evaluation_report:version", args=[report.pk, 2]))
        .content.decode()
    )
    assert "Endringer siden versjon 1" in page
    assert "5 av 6 programkommuner" in page
    tree = lxml_html.fromstring(page)
    changes = tree.xpath("//details[contains(@class,'bs-changes')]")[0].text_content()
    assert "4 av 6" in changes and "5 av 6" in changes


def test_the_pdf_is_tagged_declares_norwegian_and_every_figure_has_alt_text(draft):
    from pypdf import PdfReader

    from boligsosial.evaluation_report.rendering.outputs import render_pdf

    reader = PdfReader(io.BytesIO(render_pdf(draft)))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "nb"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert b"pdfuaid" in reader.xmp_metadata.stream.get_data()  # PDF/UA identification
    figures = []

    def walk(node):
        node = node.get_object()
        if hasattr(node, "get"):
            if node.get("/S") == "/Figure":
                figures.append(node)
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
                if hasattr(kid, "get_object"):
                    walk(kid)

    walk(catalog["/StructTreeRoot"])
    charts = sum(
        1
        for s in draft["sections"]
        for b in s["blocks"]
        if b["type"] == "finding" and b.get("chart") and draft["findings"][b["code"]].get("chart")
    )
    assert charts >= 4
    assert len(figures) == charts + 1  # and figure 1, the framework model
    assert all(str(f.get("/Alt", "")).strip() for f in figures)

    def flatten(items):
        for item in items:
            yield from flatten(item) if isinstance(item, list) else [item["/Title"]]

    bookmarks = list(flatten(reader.outline))
    for heading in (
        "1 Sammendrag",
        "6.1 Forankring",
        "7 Oppsummering og anbefalinger",
        "7.3 Housing First",
    ):
        assert heading in bookmarks


def test_the_word_file_has_heading_styles_tables_and_alt_text_on_every_image(draft):
    from docx import Document

    from boligsosial.evaluation_report.rendering.outputs import render_docx

    document = Document(io.BytesIO(render_docx(draft)))
    headings = {p.style.name: [] for p in document.paragraphs}
    for paragraph in document.paragraphs:
        headings[paragraph.style.name].append(paragraph.text)
    assert "1 Sammendrag" in headings["Heading 1"]
    assert "6.1 Forankring" in headings["Heading 2"]
    assert "7.2 Prioriterte målgrupper" in headings["Heading 2"]
    assert len(document.tables) > 10
    assert len(document.inline_shapes) >= 4
    for shape in document.inline_shapes:
        description = shape._inline.docPr.get("descr")
        # a chart points to its table; figure 1 (the framework model) describes its phases
        assert description and ("Se tabellen" in description or "Planfase" in description)


def test_the_english_report_uses_english_number_formats(report):
    from django.utils import translation

    from boligsosial.evaluation_report.rendering.render_html import HtmlRenderer
    from boligsosial.evaluation_report.selectors import document_for

    english = document_for(report, language="en")
    assert english["language"] == "en"
    body = str(HtmlRenderer(english, mode="print").render())
    assert re.search(r"\d{3},\d{3},\d{3}", body)
    assert "Sammendrag" not in body and "Summary" in body
    with translation.override("en"):
        assert re.search(
            r"\d{3},\d{3},\d{3}", finding_text_plain(english["findings"]["start_loans"])
        )


def test_the_cli_writes_the_report_with_a_progress_bar(report, tmp_path):
    from django.core.management import call_command

    output = tmp_path / "rapport.docx"
    err = io.StringIO()
    call_command(
        "evaluation_report",
        evaluation=report.evaluation_id,
        format="docx",
        output=str(output),
        stderr=err,
    )
    assert output.read_bytes()[:2] == b"PK"
    assert "100%" in err.getvalue()


def test_the_web_page_generates_a_pdf_in_the_background_and_shows_progress(
    report, demo, client_for, django_capture_on_commit_callbacks
):
    client = client_for(demo["users"]["kontakt-vest"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluation_report:generate", args=[report.pk]),
            {"format": "pdf", "language": "nb"},
        )
    from boligsosial.evaluation_report.models import GenerationJob

    status = client.get(response.url, HTTP_HX_REQUEST="true")
    # Finished: htmx stops polling (286), the bar is full and the download is offered.
    assert status.status_code == 286
    text = status.content.decode()
    assert "Ferdig: Filen er klar" in text and "Last ned PDF" in text
    generation = GenerationJob.objects.get(job_id=int(response.url.rstrip("/").split("/")[-1]))
    download = client.get(reverse("evaluation_report:job_download", args=[generation.pk]))
    assert b"".join(download.streaming_content)[:5] == b"%PDF-"
