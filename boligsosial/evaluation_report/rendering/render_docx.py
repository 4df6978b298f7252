"""Word (python-docx): real Heading 1/2 styles, tables, chart images with alt text.

The file is meant for further editing, so it uses Word's own styles (Title, Heading 1–4,
List Bullet, Quote, Caption, Table Grid) rather than direct formatting. Each chart is a PNG
with its text alternative in wp:docPr/@descr, followed by its data table.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from markdown_it import MarkdownIt

from boligsosial.evaluation_report.findings import display_value
from boligsosial.evaluation_report.rendering.charts import chart_alt, chart_from_dict, chart_png
from boligsosial.evaluation_report.rendering.framework import framework_png
from boligsosial.evaluation_report.rendering.render_html import cell_text, finding_text_plain


def _set_language(document, language: str) -> None:
    tag = "nb-NO" if language == "nb" else "en-GB"
    rpr = document.styles["Normal"].element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _cache_style_ids(word) -> None:
    """Look each style name up once. python-docx searches the styles part (XPath over every
    style, for the name and again for the default) on every styled paragraph: about a third
    of the Word file's time on the demo report (cProfile, issue 15 point 8)."""
    part = word.part
    lookup = part.get_style_id
    cache: dict = {}

    def get_style_id(style_or_name, style_type):
        if not isinstance(style_or_name, str):
            return lookup(style_or_name, style_type)
        key = (style_or_name, style_type)
        if key not in cache:
            cache[key] = lookup(style_or_name, style_type)
        return cache[key]

    setattr(part, "get_style_id", get_style_id)  # noqa: B010 (one document instance)


class DocxRenderer:
    def __init__(self, document: dict):
        self.doc = document
        self.findings = document["findings"]
        self.word = Document()
        _cache_style_ids(self.word)
        self.figure_count = 0
        self.table_count = 0

    def render(self) -> bytes:
        word = self.word
        _set_language(word, self.doc["language"])
        word.core_properties.title = self.doc["title"]
        word.core_properties.subject = self.doc["programme"]
        word.core_properties.author = self.doc.get("author", "")
        word.core_properties.language = "nb-NO" if self.doc["language"] == "nb" else "en-GB"
        word.styles["Normal"].font.size = Pt(11)
        word.add_heading(self.doc["title"], level=0)
        if self.doc.get("subtitle"):
            word.add_paragraph(self.doc["subtitle"], style="Subtitle")
        word.add_paragraph(
            _("%(programme)s. Tall per %(date)s.")
            % {"programme": self.doc["programme"], "date": display_value(self.doc["as_of"], "date")}
        )
        if self.doc.get("draft"):
            word.add_paragraph(_("Utkast – ikke publisert."), style="Intense Quote")
        for section in self.doc["sections"]:
            self.section(section)
        buffer = io.BytesIO()
        word.save(buffer)
        return buffer.getvalue()

    def section(self, section: dict) -> None:
        title = f"{section['number']} {section['title']}".strip()
        self.word.add_heading(title, level=section["level"])
        for block in section["blocks"]:
            method = getattr(self, f"block_{block['type']}", None)
            if method:
                method(block, section["level"])

    # Blocks ------------------------------------------------------------------------------
    def block_markdown(self, block, level):
        if block.get("basis_changed") and self.doc.get("draft"):
            self.word.add_paragraph(
                _("Grunnlaget er endret siden teksten ble skrevet: %(findings)s.")
                % {"findings": ", ".join(c["title"] for c in block["basis_changed"])},
                style="Intense Quote",
            )
        add_markdown(self.word, block["source"], base_level=level)

    def block_framework(self, block, level):
        self.figure_count += 1
        self.word.add_picture(io.BytesIO(framework_png(block)), width=Cm(16))
        doc_pr = self.word.inline_shapes[-1]._inline.docPr
        doc_pr.set("descr", block["alt"])
        doc_pr.set("title", block["title"])
        self.word.add_paragraph(
            _("Figur %(n)s: %(title)s") % {"n": self.figure_count, "title": block["title"]},
            style="Caption",
        )
        self.word.add_paragraph(block["source"])

    def block_paragraph(self, block, level):
        self.word.add_paragraph(block["text"])

    def block_heading(self, block, level):
        self.word.add_heading(block["text"], level=min(9, level + 1))

    def block_subheading(self, block, level):
        self.word.add_heading(block["text"], level=min(9, level + 2))

    def block_list(self, block, level):
        style = "List Number" if block.get("ordered") else "List Bullet"
        for item in block["items"]:
            self.word.add_paragraph(item, style=style)

    def block_table(self, block, level):
        self.table(block)

    def block_finding(self, block, level):
        finding = self.findings.get(block["code"])
        if finding is None:
            return
        if not finding["available"]:
            paragraph = self.word.add_paragraph()
            paragraph.add_run(f"{finding['title']}: {finding['note']}").italic = True
            return
        self.word.add_paragraph(finding_text_plain(finding))
        if finding.get("note"):
            self.word.add_paragraph(finding["note"]).runs[0].italic = True
        if block.get("chart") and finding.get("chart"):
            self.chart(finding["chart"])
        if block.get("table") and finding.get("table"):
            self.table(finding["table"])

    def block_finding_list(self, block, level):
        for code in block["codes"]:
            finding = self.findings.get(code)
            if finding and finding["available"]:
                self.word.add_paragraph(finding_text_plain(finding), style="List Bullet")

    def block_quotes(self, block, level):
        for quote in block["items"]:
            self.word.add_paragraph(f"«{quote['text']}» – {quote['attribution']}", style="Quote")

    def block_recommendations(self, block, level):
        for rec in self.doc["recommendations"]:
            if rec["section"] != block["section"]:
                continue
            self.word.add_heading(
                _("Anbefaling %(n)s: %(title)s") % {"n": rec["number"], "title": rec["title"]},
                level=min(9, level + 1),
            )
            self.word.add_paragraph(rec["text"])
            evidence = ", ".join(
                self.findings[c]["title"] for c in rec["evidence"] if c in self.findings
            )
            paragraph = self.word.add_paragraph()
            paragraph.add_run(_("Grunnlag:") + " " + evidence).italic = True

    def block_recommendation_list(self, block, level):
        for rec in self.doc["recommendations"]:
            self.word.add_paragraph(rec["text"], style="List Number")

    def block_recommendation_table(self, block, level):
        if self.doc["recommendations"]:
            self.table(
                {
                    "caption": _("Anbefalingene i rapporten"),
                    "header": [_("Nr."), _("Anbefaling"), _("Kapittel")],
                    "rows": [
                        [str(r["number"]), r["title"], r["section"]]
                        for r in self.doc["recommendations"]
                    ],
                }
            )

    def block_evidence_list(self, block, level):
        self.word.add_paragraph(
            _("Hvert tall i rapporten er beregnet fra registreringene nedenfor per %(date)s.")
            % {"date": display_value(self.doc["as_of"], "date")}
        )
        for finding in self.findings.values():
            self.word.add_heading(finding["title"], level=min(9, level + 1))
            if not finding["available"]:
                self.word.add_paragraph(finding["note"]).runs[0].italic = True
                continue
            for figure in finding["figures"].values():
                if figure["evidence"]:
                    value = display_value(figure["value"], figure["kind"], figure["decimals"])
                    sources = "; ".join(e["label"] for e in figure["evidence"])
                    self.word.add_paragraph(f"{value}: {sources}", style="List Bullet")

    # Tables and charts -------------------------------------------------------------------
    def table(self, table: dict) -> None:
        self.table_count += 1
        caption = self.word.add_paragraph(
            _("Tabell %(n)s: %(caption)s") % {"n": self.table_count, "caption": table["caption"]},
            style="Caption",
        )
        caption.paragraph_format.keep_with_next = True
        numeric = set(table.get("numeric", []))
        grid = self.word.add_table(rows=1, cols=len(table["header"]), style="Table Grid")
        grid.alignment = WD_TABLE_ALIGNMENT.LEFT
        for index, text in enumerate(table["header"]):
            cell = grid.rows[0].cells[index]
            cell.text = str(text)
            cell.paragraphs[0].runs[0].bold = True
        _repeat_header(grid.rows[0])
        for row in table["rows"]:
            cells = grid.add_row().cells
            for index, value in enumerate(row):
                cells[index].text = cell_text(value)
                if index in numeric:
                    cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def chart(self, data: dict) -> None:
        self.figure_count += 1
        alt = chart_alt(data)
        self.word.add_picture(io.BytesIO(chart_png(data)), width=Cm(16))
        inline = self.word.inline_shapes[-1]._inline
        doc_pr = inline.docPr
        doc_pr.set("descr", alt)
        doc_pr.set("title", data["title"])
        self.word.add_paragraph(
            _("Figur %(n)s: %(title)s") % {"n": self.figure_count, "title": data["title"]},
            style="Caption",
        )
        chart = chart_from_dict(data)
        rows = chart.table_rows()
        unit = f" ({chart.unit})" if chart.unit else ""
        self.table(
            {
                "caption": _("Tallene i figuren: %(title)s%(unit)s")
                % {"title": chart.title, "unit": unit},
                "header": rows[0],
                "rows": rows[1:],
                "numeric": list(range(1, len(rows[0]))),
            }
        )


def add_markdown(word, source: str, *, base_level: int) -> None:
    """Narrative Markdown as Word paragraphs: paragraphs, lists, headings, quotes, bold/italic."""
    md = MarkdownIt("commonmark", {"html": False})
    tokens = md.parse(source or "")
    list_styles: list[str] = []
    style: tuple[str, int] | str | None = None
    for token in tokens:
        if token.type == "bullet_list_open":
            list_styles.append("List Bullet")
        elif token.type == "ordered_list_open":
            list_styles.append("List Number")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_styles.pop()
        elif token.type == "heading_open":
            style = ("heading", min(9, int(token.tag[1]) + base_level))
        elif token.type == "blockquote_open":
            style = "Quote"
        elif token.type == "blockquote_close":
            style = None
        elif token.type == "inline":
            if isinstance(style, tuple):
                word.add_heading(token.content, level=style[1])
                style = None
                continue
            paragraph_style = list_styles[-1] if list_styles else (style or None)
            paragraph = word.add_paragraph(style=paragraph_style)
            _add_inline(paragraph, token.children or [])


def _add_inline(paragraph, children) -> None:
    bold = italic = False
    for child in children:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type in ("softbreak", "hardbreak"):
            paragraph.add_run(" " if child.type == "softbreak" else "\n")
        elif child.type in ("text", "code_inline"):
            run = paragraph.add_run(child.content)
            run.bold, run.italic = bold or None, italic or None


def render_docx(document: dict) -> bytes:
    return DocxRenderer(document).render()
