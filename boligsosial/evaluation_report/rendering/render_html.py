"""HTML for the report document: the web view (numbers linked to their evidence) and the
print/export view (for WeasyPrint and the standalone HTML file).

Narrative Markdown is rendered with markdown-it-py and sanitised with nh3; everything else
is escaped here. Headings run h1 (title) → h2 (chapter) → h3 (sub-chapter) → h4/h5 (blocks),
so the PDF's bookmarks and the page's outline follow the report's structure.
"""

from __future__ import annotations

import base64
import re
from html import escape
from urllib.parse import urlsplit

import nh3
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from boligsosial.core.links import Links
from boligsosial.evaluation_report.findings import MISSING, display_value
from boligsosial.evaluation_report.rendering.charts import chart_from_dict
from boligsosial.evaluation_report.rendering.framework import framework_svg

PLACEHOLDER = re.compile(r"\{(\w+)\}")
ALLOWED_TAGS = {
    "p",
    "br",
    "em",
    "strong",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
WEB, PRINT = "web", "print"


def markdown_to_html(
    source: str, *, base_level: int = 3, mode: str = "web", links: Links | None = None
) -> str:
    """Render Markdown safely; its headings start below the section's own heading.

    A link the writer made to a page of this site stays a link only where the reader may
    open it (`links`, core.links); in a file (PDF, standalone HTML: `mode` print) it is text,
    as no one opens a page of the site from a file by a relative address."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = md.parse(source or "")
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(6, int(token.tag[1]) + base_level)
            token.tag = f"h{level}"
        if token.children:
            token.children = _readable_links(token.children, mode=mode, links=links)
    html = md.renderer.render(tokens, md.options, {})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"scope"}, "td": set()},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def _readable_links(children: list, *, mode: str, links: Links | None) -> list:
    """Inline tokens with the links the reader cannot open turned into their text."""
    kept, dropping = [], []
    for token in children:
        if token.type == "link_open":
            href = str(token.attrGet("href") or "")
            parts = urlsplit(href)
            internal = not (parts.scheme or parts.netloc or href.startswith("#"))
            opens = not internal or (mode == WEB and (links is None or links.can_open(href)))
            dropping.append(not opens)
            if opens:
                kept.append(token)
        elif token.type == "link_close":
            if not dropping.pop():
                kept.append(token)
        else:
            kept.append(token)
    return kept


def evidence_anchor(code: str, key: str | None = None) -> str:
    return f"ev-{code}" + (f"-{key}" if key else "")


def finding_text_html(finding: dict, *, mode: str, evidence_url: str = "") -> str:
    def replace(match: re.Match) -> str:
        key = match.group(1)
        figure = finding["figures"].get(key)
        if figure is None:
            return escape(match.group(0))
        shown = escape(display_value(figure["value"], figure["kind"], figure["decimals"]))
        # A figure may link elsewhere than its evidence (web_parts: a long list's own page).
        href = figure.get("href") or f"{evidence_url}#{evidence_anchor(finding['code'], key)}"
        if mode == WEB and (figure.get("href") or figure["evidence"]):
            return (
                f'<a class="bs-evidence-link" href="{escape(href)}" '
                f'data-figure="{escape(finding["code"])}.{escape(key)}">{shown}</a>'
            )
        if mode == WEB:
            return f'<span data-figure="{escape(finding["code"])}.{escape(key)}">{shown}</span>'
        return shown  # print: plain text keeps WeasyPrint's line layout fast

    return PLACEHOLDER.sub(replace, escape(finding["text"], quote=False))


def finding_text_plain(finding: dict) -> str:
    def replace(match: re.Match) -> str:
        figure = finding["figures"].get(match.group(1))
        if figure is None:
            return match.group(0)
        return display_value(figure["value"], figure["kind"], figure["decimals"])

    return PLACEHOLDER.sub(replace, finding["text"])


def cell_text(cell) -> str:
    if isinstance(cell, dict):
        if "value" in cell:
            return display_value(cell["value"], cell.get("kind", "number"), cell.get("decimals"))
        return str(cell.get("text", ""))
    return MISSING if cell in (None, "") else str(cell)


def _cell_html(cell, *, mode: str, links: Links | None = None) -> str:
    text = escape(cell_text(cell))
    href = cell.get("href") if isinstance(cell, dict) else None
    # A link only for a reader who may open it (core.links); others read the label.
    if mode == WEB and href and (links is None or links.can_open(href)):
        return f'<a class="ds-link" href="{escape(href)}">{text}</a>'
    return text


def table_html(
    table: dict, *, mode: str, evidence_href: str = "", links: Links | None = None
) -> str:
    numeric = set(table.get("numeric", []))
    caption = escape(table["caption"])
    if evidence_href and mode == WEB:
        caption += f' <a class="ds-link bs-caption-link" href="{evidence_href}">{escape(_("grunnlag"))}</a>'
    head = "".join(
        f'<th scope="col"{" class=bs-num" if i in numeric else ""}>{escape(str(h))}</th>'
        for i, h in enumerate(table["header"])
    )
    body = []
    for row in table["rows"]:
        cells = []
        for i, cell in enumerate(row):
            if i == 0:
                cells.append(f'<th scope="row">{_cell_html(cell, mode=mode, links=links)}</th>')
            else:
                cls = ' class="bs-num"' if i in numeric else ""
                cells.append(f"<td{cls}>{_cell_html(cell, mode=mode, links=links)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    wrap_open = (
        '<div class="bs-table-wrap" tabindex="0" role="region" aria-label="'
        + escape(table["caption"])
        + '">'
        if mode == WEB
        else '<div class="bs-table-wrap">'
    )
    return (
        f'{wrap_open}<table class="ds-table bs-report-table" data-border><caption>{caption}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def chart_html(chart_dict: dict, *, mode: str) -> str:
    chart = chart_from_dict(chart_dict)
    rows = chart.table_rows()
    unit = f" ({chart.unit})" if chart.unit else ""
    table = {
        "caption": _("Tallene i figuren: %(title)s%(unit)s") % {"title": chart.title, "unit": unit},
        "header": rows[0],
        "rows": rows[1:],
        "numeric": list(range(1, len(rows[0]))),
    }
    alt = chart.summary()
    if mode == WEB:
        return (
            f'<figure class="bs-figure">{chart.svg()}<figcaption class="ds-paragraph" data-size="sm">{escape(alt)}</figcaption>'
            f'<details class="ds-details"><summary>{escape(_("Tabell: %(title)s") % {"title": chart.title})}</summary>'
            f"{table_html(table, mode=mode)}</details></figure>"
        )
    svg = base64.b64encode(str(chart.svg()).encode()).decode()
    return (
        f'<figure class="bs-figure"><img src="data:image/svg+xml;base64,{svg}" alt="{escape(alt)}" '
        f'width="{chart.width}" height="{chart.height}"><figcaption>{escape(_("Figur: %(title)s") % {"title": chart.title})}</figcaption></figure>'
        f"{table_html(table, mode=mode)}"
    )


class HtmlRenderer:
    def __init__(
        self,
        document: dict,
        *,
        mode: str = WEB,
        links: Links | None = None,
        evidence_url: str = "",
    ):
        """`links` decides which links the reader may follow (core.links.Links(user)).
        With `evidence_url` the evidence list (a megabyte at national scale) is a page of its
        own at that address: the body says so and links each figure there."""
        self.doc = document
        self.mode = mode
        self.links = links
        self.findings = document["findings"]
        self.evidence_url = evidence_url

    def evidence(self) -> SafeString:
        """The evidence list alone (every finding's), for its own page."""
        with translation.override(self.doc["language"]):
            return mark_safe(self.block_evidence_list({"intro": True}, 1, whole=True))

    def render(self) -> SafeString:
        # Numbers follow the document's language (1 234,5 or 1,234.5), not the reader's.
        with translation.override(self.doc["language"]):
            parts = [self.section(section) for section in self.doc["sections"]]
        return mark_safe("".join(parts))

    def toc(self) -> list[dict]:
        return [
            {"id": s["id"], "number": s["number"], "title": s["title"], "level": s["level"]}
            for s in self.doc["sections"]
        ]

    def section(self, section: dict) -> str:
        level = section["level"] + 1
        number = (
            f'<span class="bs-section-number">{escape(section["number"])}</span> '
            if section["number"]
            else ""
        )
        heading = f'<h{level} id="{section["id"]}" class="ds-heading bs-report-h{level}">{number}{escape(section["title"])}</h{level}>'
        blocks = "".join(self.block(block, level) for block in section["blocks"])
        return f'<section class="bs-report-section bs-report-level{section["level"]}" aria-labelledby="{section["id"]}">{heading}{blocks}</section>'

    def block(self, block: dict, level: int) -> str:
        kind = block["type"]
        method = getattr(self, f"block_{kind}", None)
        return method(block, level) if method else ""

    # Blocks --------------------------------------------------------------------------
    def block_markdown(self, block, level):
        flag = self._basis_flag(block)
        return f'<div class="bs-narrative" data-narrative="{escape(block["key"])}">{flag}{markdown_to_html(block["source"], base_level=level, mode=self.mode, links=self.links)}</div>'

    def _basis_flag(self, block) -> str:
        """In a draft: the text's findings have changed since it was written (basis.py)."""
        changed = block.get("basis_changed")
        if not changed or not self.doc.get("draft"):
            return ""
        items = "".join(
            f"<li><strong>{escape(c['title'])}</strong>: "
            + escape(_("da teksten ble skrevet: «%(before)s»; nå: «%(now)s»") % c)
            + "</li>"
            for c in changed
        )
        return (
            f'<div class="bs-basis-changed" data-basis-changed="{escape(block["key"])}">'
            f'<p class="ds-paragraph"><span class="ds-tag" data-color="danger">'
            f"{escape(_('Grunnlaget er endret siden teksten ble skrevet'))}</span> "
            f"{escape(_('Les teksten mot funnene slik de er nå, og lagre den på nytt.'))}</p>"
            f'<ul class="ds-list" data-size="sm">{items}</ul></div>'
        )

    def block_narrative_slot(self, block, level):
        if self.mode != WEB or not self.doc.get("draft"):
            return ""
        return (
            f'<p class="ds-paragraph bs-muted bs-narrative-slot" data-narrative="{escape(block["key"])}">'
            f"{escape(_('Evaluatorene har ikke skrevet tekst til denne delen ennå.'))}</p>"
        )

    def block_framework(self, block, level):
        """Figure 1, the framework model: inline SVG on the web, an image with alt text in
        print (a tagged /Figure with /Alt in the PDF, like the charts)."""
        caption = escape(_("Figur: %(title)s") % {"title": block["title"]})
        source = f'<p class="ds-paragraph bs-muted" data-size="sm">{escape(block["source"])}</p>'
        if self.mode == WEB:
            return (
                f'<figure class="bs-figure bs-framework">{framework_svg(block)}'
                f"<figcaption>{caption}</figcaption></figure>{source}"
            )
        svg = base64.b64encode(framework_svg(block).encode()).decode()
        return (
            f'<figure class="bs-figure bs-framework"><img src="data:image/svg+xml;base64,{svg}" '
            f'alt="{escape(block["alt"])}" width="720" height="200">'
            f"<figcaption>{caption}</figcaption></figure>{source}"
        )

    def block_paragraph(self, block, level):
        return f'<p class="ds-paragraph">{escape(block["text"])}</p>'

    def block_heading(self, block, level):
        h = min(6, level + 1)
        return f'<h{h} class="ds-heading bs-report-h{h}">{escape(block["text"])}</h{h}>'

    def block_subheading(self, block, level):
        h = min(6, level + 2)
        return f'<h{h} class="ds-heading bs-report-h{h}">{escape(block["text"])}</h{h}>'

    def block_list(self, block, level):
        tag = "ol" if block.get("ordered") else "ul"
        return (
            f'<{tag} class="ds-list">'
            + "".join(f"<li>{escape(i)}</li>" for i in block["items"])
            + f"</{tag}>"
        )

    def block_table(self, block, level):
        return table_html(block, mode=self.mode, links=self.links)

    def block_finding(self, block, level):
        finding = self.findings.get(block["code"])
        if finding is None:
            return ""
        if not finding["available"]:
            return f'<p class="ds-paragraph bs-unavailable" data-finding="{escape(finding["code"])}"><em>{escape(finding["title"])}: {escape(finding["note"])}</em></p>'
        parts = [
            f'<p class="ds-paragraph bs-finding" data-finding="{escape(finding["code"])}">{finding_text_html(finding, mode=self.mode, evidence_url=self.evidence_url)}</p>'
        ]
        if finding.get("note"):
            parts.append(
                f'<p class="ds-paragraph bs-muted" data-size="sm">{escape(finding["note"])}</p>'
            )
        if block.get("chart") and finding.get("chart"):
            parts.append(chart_html(finding["chart"], mode=self.mode))
        if block.get("table") and finding.get("table"):
            parts.append(
                table_html(
                    finding["table"],
                    mode=self.mode,
                    evidence_href=f"{self.evidence_url}#{evidence_anchor(finding['code'])}",
                    links=self.links,
                )
            )
        return "".join(parts)

    def block_finding_list(self, block, level):
        items = []
        for code in block["codes"]:
            finding = self.findings.get(code)
            if finding and finding["available"]:
                items.append(
                    f'<li data-finding="{escape(code)}">{finding_text_html(finding, mode=self.mode, evidence_url=self.evidence_url)}</li>'
                )
        return '<ul class="ds-list bs-key-findings">' + "".join(items) + "</ul>" if items else ""

    def block_quotes(self, block, level):
        parts = []
        for q in block["items"]:
            warning = ""
            if q.get("warning") and self.mode == WEB and self.doc.get("draft"):
                # Only the evaluators' draft view shows it; they decide before publishing.
                warning = f'<p class="ds-paragraph"><span class="ds-tag" data-color="warning">{escape(q["warning"])}</span></p>'
            parts.append(
                f'<blockquote class="bs-quote"><p class="ds-paragraph">«{escape(q["text"])}»</p>'
                f'<p class="ds-paragraph bs-quote__attribution" data-size="sm">– {escape(q["attribution"])}</p>{warning}</blockquote>'
            )
        return "".join(parts)

    def _status(self, rec) -> str:
        if not self.doc.get("draft"):
            return ""
        colours = {"proposed": "warning", "accepted": "success", "edited": "info"}
        labels = {
            "proposed": _("Forslag – ikke vurdert"),
            "accepted": _("Godtatt"),
            "edited": _("Godtatt med endret tekst"),
        }
        tag = f' <span class="ds-tag" data-color="{colours[rec["status"]]}">{escape(labels[rec["status"]])}</span>'
        if rec.get("changed_since_decision"):
            tag += f' <span class="ds-tag" data-color="danger">{escape(_("Grunnlaget er endret siden vurderingen"))}</span>'
        return tag

    def block_recommendations(self, block, level):
        h = min(6, level + 1)
        parts = []
        for rec in self.doc["recommendations"]:
            if rec["section"] != block["section"]:
                continue
            evidence = ", ".join(
                (
                    f'<a class="ds-link" href="{self.evidence_url}#{evidence_anchor(code)}">{escape(self.findings[code]["title"])}</a>'
                    if self.mode == WEB
                    else escape(self.findings[code]["title"])
                )
                for code in rec["evidence"]
                if code in self.findings
            )
            parts.append(
                f'<div class="bs-recommendation" id="rec-{escape(rec["rule"])}" data-rule="{escape(rec["rule"])}">'
                f'<h{h} class="ds-heading bs-report-h{h}">{escape(_("Anbefaling %(n)s: %(title)s") % {"n": rec["number"], "title": rec["title"]})}{self._status(rec)}</h{h}>'
                f'<p class="ds-paragraph bs-recommendation__text">{escape(rec["text"])}</p>'
                f'<p class="ds-paragraph bs-muted" data-size="sm">{escape(_("Grunnlag:"))} {evidence}</p></div>'
            )
        return "".join(parts)

    def block_recommendation_list(self, block, level):
        if not self.doc["recommendations"]:
            return f'<p class="ds-paragraph">{escape(_("Ingen anbefalinger."))}</p>'
        items = "".join(
            f"<li>{escape(r['text'])}{self._status(r)}</li>" for r in self.doc["recommendations"]
        )
        return f'<ol class="ds-list bs-recommendation-list">{items}</ol>'

    def block_recommendation_table(self, block, level):
        if not self.doc["recommendations"]:
            return ""
        table = {
            "caption": _("Anbefalingene i rapporten"),
            "header": [_("Nr."), _("Anbefaling"), _("Kapittel")],
            "rows": [
                [str(r["number"]), {"text": r["title"], "href": f"#rec-{r['rule']}"}, r["section"]]
                for r in self.doc["recommendations"]
            ],
        }
        return table_html(table, mode=self.mode, links=self.links)

    def block_evidence_list(self, block, level, *, whole: bool = False):
        """Every finding's evidence; `codes` and `intro` (False) let the PDF lay the list
        out in parts (pdf.py). With `evidence_url` (and not `whole`) a link to its page."""
        h = min(6, level + 1)
        if self.evidence_url and not whole:
            shown = _("Se grunnlaget for hvert av de %(n)s funnene") % {"n": len(self.findings)}
            return (
                f'<p class="ds-paragraph">{escape(_("Grunnlaget for tallene er på en egen side, der hvert tall i rapporten lenker til."))} '
                f'<a class="ds-link" href="{escape(self.evidence_url)}">{escape(shown)}</a></p>'
            )
        parts = []
        if block.get("intro", True):
            parts.append(
                f'<p class="ds-paragraph">{escape(_("Hvert tall i rapporten er beregnet fra registreringene nedenfor per %(date)s.") % {"date": display_value(self.doc["as_of"], "date")})}</p>'
            )
        codes = block.get("codes")
        chosen = self.findings.items() if codes is None else ((c, self.findings[c]) for c in codes)
        for code, finding in chosen:
            parts.append(
                f'<h{h} id="{evidence_anchor(code)}" class="ds-heading bs-report-h{h}">{escape(finding["title"])}</h{h}>'
            )
            if not finding["available"]:
                parts.append(f'<p class="ds-paragraph"><em>{escape(finding["note"])}</em></p>')
                continue
            parts.append(f'<p class="ds-paragraph">{escape(finding_text_plain(finding))}</p>')
            items = []
            for key, figure in finding["figures"].items():
                if not figure["evidence"]:
                    continue
                sources = "; ".join(
                    (
                        f'<a class="ds-link" href="{escape(e["url"])}">{escape(e["label"])}</a>'
                        if self.mode == WEB
                        and e["url"]
                        and (self.links is None or self.links.can_open(e["url"]))
                        else escape(e["label"])
                    )
                    for e in figure["evidence"]
                )
                items.append(
                    f'<li id="{evidence_anchor(code, key)}"><strong>{escape(display_value(figure["value"], figure["kind"], figure["decimals"]))}</strong>: {sources}</li>'
                )
            if items:
                parts.append('<ul class="ds-list bs-evidence">' + "".join(items) + "</ul>")
        return "".join(parts)
