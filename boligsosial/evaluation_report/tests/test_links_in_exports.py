"""Links in the report's files and its web view, in text the evaluator wrote (issue 17 point 2):
a link to a page of this site only where the reader may open it; in a file (PDF, standalone
HTML, Word) such a link is its text, as a relative address opens nothing from a file. Links
to other sites and anchors inside the document stay links."""

import io
import zipfile

from django.urls import reverse

from boligsosial.core.links import Links
from boligsosial.evaluation_report import services
from boligsosial.evaluation_report.rendering.outputs import print_html, render_docx
from boligsosial.evaluation_report.rendering.render_html import PRINT, WEB, markdown_to_html
from boligsosial.evaluation_report.selectors import document_for


def narrative(world) -> tuple[str, str]:
    plan = reverse("plans:participation", args=[world.drammen_participation.pk])
    text = (
        f"Se [Drammens plan]({plan}), [Husbankens side](https://www.husbanken.no/) "
        "og [kapittel 1](#ch-1)."
    )
    return plan, text


def test_a_link_to_a_page_of_the_site_is_a_link_only_for_a_reader_who_may_open_it(report_world):
    plan, text = narrative(report_world)
    for_admin = markdown_to_html(text, mode=WEB, links=Links(report_world.admin))
    for_outsider = markdown_to_html(text, mode=WEB, links=Links(report_world.outsider))
    assert f'href="{plan}"' in for_admin
    assert f'href="{plan}"' not in for_outsider
    assert "Drammens plan" in for_outsider  # the label stays, as text
    for html in (for_admin, for_outsider):
        assert 'href="https://www.husbanken.no/"' in html
        assert 'href="#ch-1"' in html


def test_in_a_file_a_link_to_a_page_of_the_site_is_text(report_world):
    plan, text = narrative(report_world)
    html = markdown_to_html(text, mode=PRINT, links=Links(report_world.admin))
    assert "href=" + f'"{plan}"' not in html
    assert "Drammens plan" in html
    assert 'href="https://www.husbanken.no/"' in html


def test_the_report_files_hold_no_link_to_a_page_of_the_site(report_world):
    plan, text = narrative(report_world)
    services.narrative_save(
        user=report_world.evaluator, report=report_world.report, key="foreword", markdown=text
    )
    document = document_for(report_world.report, draft=True)
    html = print_html(document)  # the standalone HTML file, and what WeasyPrint makes the PDF of
    assert "Drammens plan" in html
    assert f'href="{plan}"' not in html
    assert 'href="https://www.husbanken.no/"' in html
    with zipfile.ZipFile(io.BytesIO(render_docx(document))) as word:
        body = word.read("word/document.xml").decode()
        relations = word.read("word/_rels/document.xml.rels").decode()
    assert "Drammens plan" in body
    assert plan not in body + relations
