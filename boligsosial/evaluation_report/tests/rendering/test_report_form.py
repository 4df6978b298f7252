"""The report's form (issue 15, point 7) on the whole demonstration data: the source's order of
municipalities (which the evaluator can change), guides A then B, appendix 1 with every question,
the framework model as a figure, a PDF table of contents with page numbers and no near-empty
pages, charts whose axes are never clipped."""

import io
import re

import pytest
from django.urls import reverse
from lxml import html as lxml_html

SOURCE_ORDER = ["Sandefjord", "Arendal", "Porsgrunn", "Skien", "Larvik", "Drammen"]


@pytest.fixture(scope="module")
def pdf_pages(module_draft):
    from pypdf import PdfReader

    from boligsosial.evaluation_report.rendering.outputs import render_pdf

    reader = PdfReader(io.BytesIO(render_pdf(module_draft)))
    return [page.extract_text() for page in reader.pages]


@pytest.fixture
def report(demo, db):
    """Every test asks for this (the database of the test), even when it reads only the
    module's draft: without it the module's demo is loaded outside pytest-django's test
    database handling when that test runs alone."""
    return demo["evaluation_report"]


def _section(document, section_id):
    return next(s for s in document["sections"] if s["id"] == section_id)


def _chapter_5(document):
    return [s["title"] for s in document["sections"] if s["number"].startswith("5.")]


def test_chapter_5_follows_the_sources_order_and_the_evaluator_can_change_it(
    report, module_draft, client
):
    from boligsosial.evaluation_report.selectors import document_for

    assert _chapter_5(module_draft) == SOURCE_ORDER
    evaluator = report.created_by
    client.force_login(evaluator)
    url = reverse("evaluation_report:report_edit", args=[report.pk])
    form = lxml_html.fromstring(client.get(url).content)
    shown = form.xpath("//textarea[@name='municipality_order']")[0].text_content().split()
    assert shown == SOURCE_ORDER
    data = {
        "title": report.title,
        "subtitle": report.subtitle,
        "as_of": report.as_of.isoformat(),
        "language": report.language,
        "version": report.version,
    }
    refused = client.post(url, {**data, "municipality_order": "Drammen\nOslo"})
    assert refused.status_code == 200
    assert "Linje 2: «Oslo» er ikke en kommune i programmet." in refused.content.decode()
    report.refresh_from_db()
    assert report.municipality_order[0] == "0706"  # nothing half-saved
    response = client.post(url, {**data, "municipality_order": "Drammen\n0806"})
    assert response.status_code == 302
    report.refresh_from_db()
    # The two named come first; the others follow in alphabetical order.
    assert _chapter_5(document_for(report)) == [
        "Drammen",
        "Skien",
        "Arendal",
        "Larvik",
        "Porsgrunn",
        "Sandefjord",
    ]


def test_appendix_2_has_guide_a_before_guide_b(report, module_draft):
    headings = [b["text"] for b in _section(module_draft, "a2")["blocks"] if b["type"] == "heading"]
    assert len(headings) == 2
    assert headings[0].startswith("A)") and headings[1].startswith("B)")


def test_appendix_1_lists_every_question_summarised_without_identifying_anyone(
    report, module_draft
):
    from boligsosial.evaluation import selectors as evaluation_selectors

    questions = evaluation_selectors.question_shares(report.evaluation)
    tables = [b for b in _section(module_draft, "a1")["blocks"] if b["type"] == "table"]
    rows = [row for table in tables for row in table["rows"]]
    assert [row[0] for row in rows] == [q["label"] for q in questions]
    by_label = {row[0]: row[1] for row in rows}
    assert by_label["1. Hvor lenge vil satsningen vare i din kommune?"].startswith("6 svar")
    assert re.match(
        r"6 svar: (Ja|Delvis|Nei) \d",
        by_label["Har Husbanken den kompetansen som kommunene trenger i satsningsarbeidet?"],
    )
    appendix = " ".join(str(cell) for row in rows for cell in row)
    for question in questions:
        for answer in question["texts"] + question["comments"]:
            assert answer["text"] not in appendix  # no answer verbatim, so none traceable
    for name in SOURCE_ORDER:
        assert name not in appendix


def test_the_framework_model_is_a_figure_with_alt_text(report, module_draft):
    from boligsosial.evaluation_report.rendering.render_html import HtmlRenderer

    block = next(b for b in _section(module_draft, "s4")["blocks"] if b["type"] == "framework")
    assert [p["label"] for p in block["phases"]] == [
        "Forberedende fase",
        "Planfase",
        "Gjennomføringsfase",
        "Avslutningsfase",
    ]
    assert "Planfase (inntil 6 måneder)" in block["alt"]
    assert "Gjennomføringsfase (inntil 3 år)" in block["alt"]
    page = lxml_html.fromstring(str(HtmlRenderer(module_draft, mode="web").render()))
    svg = page.xpath("//figure[contains(@class,'bs-framework')]//svg")[0]
    assert svg.get("role") == "img"
    assert "Avslutningsfase" in svg.xpath(".//desc")[0].text_content()


def test_the_pdf_contents_have_page_numbers_and_no_page_is_near_empty(
    report, module_draft, pdf_pages
):
    contents = pdf_pages[1]
    assert contents.lstrip().startswith("Innhold")
    entries = {}
    for line in contents.splitlines():
        match = re.match(r"(.+?)[\s.]*?(\d+)$", line.strip())
        if match and match.group(1).strip(" ."):
            entries[match.group(1).strip(" .")] = int(match.group(2))
    for title in ("1 Sammendrag", "6.1 Forankring", "Vedlegg 1 Spørreskjema og svar"):
        page = entries[title]
        assert title in pdf_pages[page - 1].replace("\n", " "), (title, page)
    for number, text in enumerate(pdf_pages[1:-1], start=2):
        lines = [line for line in text.splitlines() if line.strip()]
        assert len(lines) >= 8, f"page {number} holds only {len(lines)} lines: {lines}"


def test_no_chart_axis_of_the_report_is_clipped(report, module_draft):
    from boligsosial.core.charts import text_width
    from boligsosial.evaluation_report.rendering.charts import chart_from_dict

    charts = [f["chart"] for f in module_draft["findings"].values() if f.get("chart")]
    assert len(charts) >= 4
    for data in charts:
        svg = str(chart_from_dict(data).svg())
        labels = re.findall(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="end" [^>]*>([^<]+)<', svg)
        assert labels
        for x, label in labels:
            assert float(x) - text_width(label) >= 0, (data["title"], label)


def test_an_implausible_figure_warns_where_it_is_entered_and_is_listed_before_publishing(
    demo, report, client
):
    """Issue 15: Drammen's start loans 2011 typed as 282,9 MNOK instead of 82,9 MNOK."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from boligsosial.evaluation_report.selectors import document_for
    from boligsosial.instruments.models import InstrumentFigure

    before = document_for(report)["findings"]["start_loans"]["data"]["change_percent"]
    client.force_login(demo["users"]["admin"])
    content = "kommunenummer;år;virkemiddel;beløp;antall\n0602;2011;Startlån;282915100;79\n"
    response = client.post(
        reverse("instruments:import"),
        {"kind": "figures", "file": SimpleUploadedFile("tall.csv", content.encode())},
        follow=True,
    )
    page = response.content.decode()
    assert "Importert: 1 rader fra tall.csv." in page  # a warning, not a refusal
    assert "Kontroller Startlån, Drammen, 2011 (kr):" in page
    assert "langt fra kommunens egne tall" in page
    figure = InstrumentFigure.objects.get(instrument="start_loan", code="0602", year=2011)
    assert figure.amount == 282915100

    after = document_for(report)["findings"]["start_loans"]["data"]["change_percent"]
    assert after > before + 50  # the report follows the data …
    client.force_login(report.created_by)
    builder = lxml_html.fromstring(
        client.get(reverse("evaluation_report:report", args=[report.pk])).content
    )
    # The groups are on the page; a group's figures load when it is opened.
    group = builder.xpath(
        "//details[contains(@class,'bs-implausible-group')]"
        "[starts-with(normalize-space(summary), 'Startlån (kr)')]"
    )[0]
    opened = client.get(group.get("hx-get"), headers={"HX-Request": "true"})
    listed = [
        li.text_content()
        for li in lxml_html.fromstring(opened.content.decode()).xpath(
            "//*[@data-testid='implausible-figures']/li"
        )
    ]
    # … and the builder lists the figure before publication, with the rule stated.
    assert any(item.startswith("Startlån, Drammen, 2011 (kr)") for item in listed), listed
    checks = builder.xpath("//section[contains(@class,'bs-checks')]")[0].text_content()
    assert "3,5 robuste standardavvik" in checks


def test_one_growth_base_stated_in_words_on_the_instruments_page_and_in_the_report(
    demo, report, module_draft, client
):
    """Issue 15: the page said +58,3 % (base: the year before each joined), the report 58 %
    (base 2009). Now both use 2009, the year the programme started, and say so."""
    section = _section(module_draft, "s4-3")
    paragraphs = [b["text"] for b in section["blocks"] if b["type"] == "paragraph"]
    assert any(
        "regnet fra 2009, året programmet startet (den første kommunen ble med), til 2011" in p
        for p in paragraphs
    ), paragraphs
    client.force_login(demo["users"]["admin"])
    page = lxml_html.fromstring(
        client.get(
            reverse("instruments:growth") + "?instrument=start_loan&to_year=2011&as_of=2011-12-31"
        ).content
    )
    base = page.xpath("//*[@data-testid='growth-base']")[0].text_content()
    assert "Basisår 2009: året programmet startet" in base
    shown = page.xpath("//p[contains(@class,'bs-keyfigure')]/strong")[0].text_content()
    report = module_draft["findings"]["start_loans"]["data"]["change_percent"]
    number = float(re.sub(r"[^\d,\-]", "", shown).replace(",", "."))
    assert abs(number - report) < 0.1, (shown, report)  # the same growth on both
