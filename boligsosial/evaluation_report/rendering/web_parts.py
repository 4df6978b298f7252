"""The web draft of a national report: what a reader reads first on the page, the rest a
click away on pages of their own (issue 14: the draft page was 1,6 MB at 357 municipalities).

From `national.NATIONAL_FROM` municipalities the draft page keeps every chapter but
- chapter 5's per-municipality sections become a numbered list of links, one page each
  (with the previous and next municipality);
- a finding's table or chart with one row per municipality is shown as its distribution
  (the PDF's national edition, `national.shortened`), with a link to the whole table or
  chart on a page of its own.

The parts are drawn with the page, for the same reader and data, and stored with it
(`stored.draft_page`), so a part never disagrees with the page that links to it. A
municipality's section has its page at any size (an address to send a municipality). Nothing is
left out: every part is reachable from the page, and the contents list links to the list of
municipalities. Below the threshold the page is the whole report, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from boligsosial.core.formatting import format_number
from boligsosial.evaluation_report.rendering import national
from boligsosial.evaluation_report.rendering.render_html import WEB, HtmlRenderer, evidence_anchor

DIRECTORY_ID = "kommunene"
EVIDENCE = "grunnlag"  # the part that holds the evidence list (a published version's)


def own_page(section: dict, findings: dict) -> bool:
    """A section about one municipality (chapter 5): it opens with that municipality's
    finding."""
    return section["level"] >= 2 and any(
        block["type"] == "finding"
        and block["code"].startswith("municipality_")
        and findings.get(block["code"], {}).get("topic") == national.MUNICIPALITY
        for block in section["blocks"]
    )


def section_title(section: dict) -> str:
    return f"{section['number']} {section['title']}".strip()


class PartedHtmlRenderer(HtmlRenderer):
    """HtmlRenderer for the web draft that puts long parts on pages of their own.

    After `render()`, `parts` holds each part by its id: title, HTML, kind ("section" or
    "finding") and, for a section, the ids of the previous and next one."""

    def __init__(
        self,
        document: dict,
        *,
        part_url: Callable[[str], str],
        evidence_part: bool = False,
        **kwargs,
    ) -> None:
        """With `evidence_part`, a national report's evidence list (appendix 4, a megabyte)
        is a part too (EVIDENCE), and the figures link there."""
        super().__init__(document, mode=WEB, **kwargs)
        self.part_url = part_url
        self.names = national.municipality_names(document)
        self.parted = len(self.names) >= national.NATIONAL_FROM
        self.parts: dict[str, dict] = {}
        self.evidence_part = evidence_part and self.parted
        if self.evidence_part:
            self.evidence_url = part_url(EVIDENCE)
        self.whole_findings = self.findings

    def evidence(self) -> SafeString:
        """The evidence list with every figure as it is (long lists included)."""
        counted, self.findings = self.findings, self.whole_findings
        try:
            return super().evidence()
        finally:
            self.findings = counted

    # Long lists in the text ------------------------------------------------------------
    def _counted(self, finding: dict) -> dict:
        """The finding with each figure that lists more than LONG municipalities shown as
        their number, linked to the list on a page of its own (the part is kept here)."""
        figures = finding.get("figures") or {}
        counted = {}
        for key, figure in figures.items():
            items = list_items(figure, self.names)
            if len(items) > national.LONG:
                part_id = f"liste-{finding['code']}-{key}"
                anchor = f"{self.evidence_url}#{evidence_anchor(finding['code'], key)}"
                self.parts[part_id] = {
                    "kind": "list",
                    "title": f"{finding['title']}: "
                    + _("%(n)s kommuner") % {"n": format_number(len(items), 0)},
                    "html": _list_html(items, anchor if figure.get("evidence") else ""),
                    "previous": None,
                    "next": None,
                }
                figure = {
                    **figure,
                    "value": _("%(n)s kommuner") % {"n": format_number(len(items), 0)},
                    "href": self.part_url(part_id),
                }
            counted[key] = figure
        return {**finding, "figures": counted} if figures else finding

    def render(self) -> SafeString:
        with translation.override(self.doc["language"]):
            if self.parted:
                self.findings = {
                    code: self._counted(finding) for code, finding in self.whole_findings.items()
                }
            drawn: list[str] = []
            run: list[dict] = []  # consecutive municipality sections
            for section in [*self.doc["sections"], None]:
                if section is not None and own_page(section, self.findings):
                    run.append(section)
                    continue
                if run:
                    self._keep_sections(run)
                    if self.parted:
                        drawn.append(self._directory(run))
                    else:
                        drawn.extend(self.section(s) for s in run)
                    run = []
                if section is not None:
                    drawn.append(self.section(section))
        if self.evidence_part:
            self.parts[EVIDENCE] = {
                "kind": "evidence",
                "title": _("Grunnlaget for tallene"),
                "html": str(self.evidence()),
                "previous": None,
                "next": None,
            }
        return mark_safe("".join(drawn))

    def toc(self) -> list[dict]:
        entries = super().toc()
        if not self.parted:
            return entries
        sections = self.doc["sections"]
        shown: list[dict] = []
        for entry, section in zip(entries, sections, strict=True):
            if not own_page(section, self.findings):
                shown.append(entry)
            elif not shown or shown[-1]["id"] != DIRECTORY_ID:
                shown.append(
                    {"id": DIRECTORY_ID, "number": "", "title": _("Kommunene"), "level": 2}
                )
        return shown

    # Chapter 5 ------------------------------------------------------------------------
    def _keep_sections(self, run: list[dict]) -> None:
        """Each municipality's section as a part (at any size: a page of its own to link to)."""
        for index, section in enumerate(run):
            self.parts[section["id"]] = {
                "kind": "section",
                "title": section_title(section),
                "html": "".join(self.block(block, 1) for block in section["blocks"]),
                "previous": run[index - 1]["id"] if index else None,
                "next": run[index + 1]["id"] if index + 1 < len(run) else None,
            }

    def _directory(self, run: list[dict]) -> str:
        """The municipalities' sections as a list of links to their pages."""
        items = "".join(
            f'<li><a class="ds-link" href="{escape(self.part_url(s["id"]))}">'
            f"{escape(section_title(s))}</a></li>"
            for s in run
        )
        said = ngettext(
            "Kommunens avsnitt står på en egen side.",
            "Hver av de %(n)s kommunenes avsnitt står på en egen side.",
            len(run),
        ) % {"n": len(run)}
        return (
            f'<section class="bs-report-section bs-report-level2" aria-labelledby="{DIRECTORY_ID}">'
            f'<h3 id="{DIRECTORY_ID}" class="ds-heading bs-report-h3">{escape(_("Kommunene"))}</h3>'
            f'<p class="ds-paragraph">{escape(said)}</p>'
            f'<ol class="ds-list bs-report-directory">{items}</ol></section>'
        )

    # Findings with a row per municipality ----------------------------------------------
    def block_finding(self, block, level):
        finding = self.findings.get(block["code"])
        cut = national.shortened(block, finding) if self.parted else None
        if cut is None or not finding["available"]:
            return super().block_finding(block, level)
        kept, source, said = cut
        part_id = f"funn-{finding['code']}"
        self.parts[part_id] = {
            "kind": "finding",
            "title": source["caption"],
            "html": super().block_finding(block, 1),
            "previous": None,
            "next": None,
        }
        shown = [super().block_finding(kept, level)]
        shown.extend(
            self.block(table, level) for table in national.distribution(source, self.names)
        )
        if block.get("chart") and not kept["chart"]:
            link = _("Se hele figuren og tabellen med én rad per kommune: %(caption)s")
        else:
            link = _("Se hele tabellen med én rad per kommune: %(caption)s")
        link %= {"caption": source["caption"]}
        shown.append(
            f'<p class="ds-paragraph">{escape(said)} '
            f'<a class="ds-link" href="{escape(self.part_url(part_id))}">{escape(link)}</a></p>'
        )
        return "".join(shown)


def list_items(figure: dict, names: set[str]) -> list[str]:
    """The items of a text figure listing municipalities ("A, B, C og D"; a name may hold
    " og "), or [] for any other figure."""
    value = figure.get("value")
    if not isinstance(value, str) or figure.get("kind") != "text":
        return []
    if national.name_count(value, names) == 0:
        return []
    items = value.split(", ")
    last = items.pop()
    return [*items, *([last] if last in names else last.rsplit(" og ", 1))]


def _list_html(items: list[str], evidence_href: str) -> str:
    listed = "".join(f"<li>{escape(item)}</li>" for item in items)
    html = f'<ul class="ds-list bs-report-directory">{listed}</ul>'
    if evidence_href:
        link = _("Grunnlaget for tallet")
        html += f'<p class="ds-paragraph"><a class="ds-link" href="{escape(evidence_href)}">{escape(link)}</a></p>'
    return html
