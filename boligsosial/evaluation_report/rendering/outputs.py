"""Files from a report document: standalone HTML, tagged PDF (PDF/UA-1) and Word."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from boligsosial.evaluation_report.findings import display_value
from boligsosial.evaluation_report.rendering.render_html import PRINT, HtmlRenderer

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def print_html(document: dict, *, version: dict | None = None, body: str | None = None) -> str:
    """The whole report as one self-contained HTML page (no external requests); `body`, the
    sections' HTML when the caller has it already (pdf.py)."""
    with translation.override(document["language"]):
        renderer = HtmlRenderer(document, mode=PRINT)
        return render_to_string(
            "evaluation_report/print.html",
            {
                "document": document,
                "body": renderer.render() if body is None else mark_safe(body),
                "toc": renderer.toc(),
                "as_of_text": display_value(document["as_of"], "date"),
                "version": version,
            },
        )


def render_pdf_whole(
    document: dict, *, version: dict | None = None, body: str | None = None
) -> bytes:
    """The report laid out as one HTML document (a report within one part's budget; the
    parts are compared with it in tests)."""
    from weasyprint import HTML

    html = print_html(document, version=version, body=body)
    # PDF/UA-1: tagged structure, /Lang from <html lang>, figures with /Alt from the img alt,
    # bookmarks from the headings.
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def render_pdf(document: dict, *, version: dict | None = None) -> bytes:
    """PDF/UA-1 laid out a part at a time (memory bounded by a part, not the report)."""
    from boligsosial.evaluation_report.rendering.pdf import render_pdf as in_parts

    return in_parts(document, version=version)


def render_docx(document: dict) -> bytes:
    from boligsosial.evaluation_report.rendering.render_docx import render_docx as to_docx

    with translation.override(document["language"]):
        return to_docx(document)


def render(document: dict, fmt: str, *, version: dict | None = None) -> bytes:
    if fmt == "pdf":
        return render_pdf(document, version=version)
    if fmt == "docx":
        return render_docx(document)
    if fmt == "html":
        return print_html(document, version=version).encode("utf-8")
    raise ValueError(f"Ukjent format: {fmt}. Velg html, pdf eller docx.")
