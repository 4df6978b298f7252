"""The PDF's national edition: a report for many municipalities as a national reader reads it.

From `NATIONAL_FROM` municipalities the PDF (only the PDF: the HTML and Word files and the
API keep every row) shows a table or chart with one row per municipality as its
distribution (municipalities with a figure, least, median, largest; the count of each value
of a short list of values) with the table's own summary rows; the evidence appendix lists
the programme-wide findings, and the per-municipality findings of chapter 5 (which the
appendix would repeat) as one compact table of the records they rest on; a figure resting on
more than `LONG` records names the first few and how many more. Every omission is said where
it is made, with where the full detail is. The six-municipality demonstration report is
below the threshold and unchanged.
"""

from __future__ import annotations

import statistics
from collections import Counter

from django.utils.translation import gettext as _

from boligsosial.evaluation_report.findings import MISSING
from boligsosial.evaluation_report.rendering.charts import chart_from_dict
from boligsosial.evaluation_report.rendering.render_html import cell_text

NATIONAL_FROM = 30  # municipalities: from this many the PDF is the national edition
LONG = 30  # rows, categories or records above which the PDF shows a summary
FEW_VALUES = 12  # a text column with at most this many distinct values is counted
SHOWN_RECORDS = 3  # records named for a figure that rests on more than LONG
MUNICIPALITY = "municipality"  # the topic of chapter 5's per-municipality findings
API_PATH = "/api/v1/evaluation-reports/…/findings"


def municipality_names(document: dict) -> set[str]:
    return {
        finding["title"]
        for code, finding in document["findings"].items()
        if finding.get("topic") == MUNICIPALITY and code.startswith("municipality_")
    }


def is_national(document: dict) -> bool:
    return len(municipality_names(document)) >= NATIONAL_FROM


def where_detail() -> str:
    return _(
        "Alle tall per kommune står i HTML- og Word-utgaven av rapporten og i API-et (%(path)s)."
    ) % {"path": API_PATH}


def national_edition(document: dict) -> dict:
    """The document as the PDF's national edition lays it out (a new dict; the document
    itself is not changed)."""
    names = municipality_names(document)
    findings = {
        code: _short_figures(finding, names) for code, finding in document["findings"].items()
    }
    sections = [
        {**section, "blocks": _blocks(section, document, names)} for section in document["sections"]
    ]
    notice = {
        "type": "paragraph",
        "text": _(
            "Dette er PDF-filens nasjonale utgave for %(n)s kommuner: tabeller og figurer med "
            "én rad per kommune vises som fordelinger, og vedlegget med grunnlaget for tallene "
            "viser kommunenes egne funn som én tabell."
        )
        % {"n": len(names)}
        + " "
        + where_detail(),
    }
    if sections:
        sections[0] = {**sections[0], "blocks": [notice, *sections[0]["blocks"]]}
    return {**document, "sections": sections, "findings": findings, "national": len(names)}


def _blocks(section: dict, document: dict, names: set[str]) -> list[dict]:
    blocks: list[dict] = []
    for block in section["blocks"]:
        if block["type"] == "finding":
            blocks.extend(_finding(block, document["findings"].get(block["code"]), names))
        elif block["type"] == "evidence_list":
            blocks.extend(_evidence(block, document))
        else:
            blocks.append(block)
    return blocks


def _finding(block: dict, finding: dict | None, names: set[str]) -> list[dict]:
    cut = shortened(block, finding)
    if cut is None:
        return [block]
    kept, source, said = cut
    return [
        kept,
        *distribution(source, names),
        {"type": "paragraph", "text": f"{said} {where_detail()}"},
    ]


def shortened(block: dict, finding: dict | None) -> tuple[dict, dict, str] | None:
    """For a finding shown with a table or chart of more than LONG rows: the block without
    them, the table to show as a distribution, and the sentence saying so (None for a
    finding with no long table or chart)."""
    if finding is None:
        return None
    table: dict = (finding.get("table") or {}) if block.get("table") else {}
    chart: dict = (finding.get("chart") or {}) if block.get("chart") else {}
    long_table = bool(table) and len(table["rows"]) > LONG
    long_chart = bool(chart) and len(chart.get("categories", [])) > LONG
    if not (long_table or long_chart):
        return None
    kept = {
        **block,
        "table": bool(table) and not long_table,
        "chart": bool(chart) and not long_chart,
    }
    source = table if long_table else _chart_table(chart)
    caption = source["caption"]
    said = _(
        "Tabellen «%(caption)s» har én rad per kommune og vises her som fordeling "
        "(funnet «%(code)s»)."
    ) % {"caption": caption, "code": finding["code"]}
    if long_chart:
        said = _(
            "Figuren og tabellen «%(caption)s» har én rad per kommune og vises her som "
            "fordeling (funnet «%(code)s»)."
        ) % {"caption": caption, "code": finding["code"]}
    return kept, source, said


def _chart_table(chart: dict) -> dict:
    shape = chart_from_dict(chart)
    return {
        "caption": shape.title + (f" ({shape.unit})" if shape.unit else ""),
        "header": [shape.category_label, *(s.name for s in shape.series)],
        "rows": [
            [
                str(category),
                *(
                    {
                        "value": s.values[i] if i < len(s.values) else None,
                        "kind": "number",
                        "decimals": shape.decimals,
                    }
                    for s in shape.series
                ),
            ]
            for i, category in enumerate(shape.categories)
        ],
        "numeric": list(range(1, len(shape.series) + 1)),
    }


def distribution(table: dict, names: set[str]) -> list[dict]:
    """Table blocks for a per-municipality table: its numeric columns' distribution, the
    counts of a text column's values (when they are few), and its rows that are not a
    municipality (totals) as they are. A missing figure is left out of the counts, never
    taken as zero."""
    header = table["header"]
    numeric = set(table.get("numeric") or [])
    totals = {_("Programmet samlet"), _("I alt")}
    rows = [row for row in table["rows"] if cell_text(row[0]) not in totals]
    others = [row for row in table["rows"] if cell_text(row[0]) in totals]
    blocks = []
    spread = [_spread(header[i], [row[i] for row in rows]) for i in sorted(numeric)]
    if spread:
        blocks.append(
            {
                "type": "table",
                "caption": _("Fordelingen i %(n)s kommuner: %(caption)s")
                % {"n": len(rows), "caption": table["caption"]},
                "header": [
                    _("Kolonne"),
                    _("Kommuner med tall"),
                    _("Minste"),
                    _("Median"),
                    _("Største"),
                ],
                "rows": spread,
                "numeric": [1, 2, 3, 4],
            }
        )
    counted = _counts(header, rows, numeric)
    if counted:
        blocks.append(
            {
                "type": "table",
                "caption": _("Antall kommuner per verdi: %(caption)s")
                % {"caption": table["caption"]},
                "header": [_("Kolonne og verdi"), _("Kommuner")],
                "rows": counted,
                "numeric": [1],
            }
        )
    if others:
        blocks.append(
            {
                "type": "table",
                "caption": _("Samlet: %(caption)s") % {"caption": table["caption"]},
                "header": header,
                "rows": others,
                "numeric": sorted(numeric),
            }
        )
    return blocks


def _spread(label: str, cells: list) -> list:
    values = [c["value"] for c in cells if isinstance(c, dict) and c.get("value") is not None]
    kind = next((c.get("kind", "number") for c in cells if isinstance(c, dict)), "number")
    decimals = next((c.get("decimals") for c in cells if isinstance(c, dict)), None)

    def cell(value):
        return {"value": value, "kind": kind, "decimals": decimals}

    if not values:
        return [str(label), {"value": 0, "kind": "number"}, cell(None), cell(None), cell(None)]
    median = statistics.median(values)
    return [
        str(label),
        {"value": len(values), "kind": "number"},
        cell(min(values)),
        cell(median),
        cell(max(values)),
    ]


def _counts(header: list, rows: list[list], numeric: set[int]) -> list[list]:
    counted: list[list] = []
    for index in range(1, len(header)):
        if index in numeric:
            continue
        values = Counter(_value_text(row[index]) for row in rows if index < len(row))
        if len(values) > FEW_VALUES:
            continue  # free text (one value per municipality): only in the full table
        counted.extend(
            [f"{header[index]}: {value}", {"value": count, "kind": "number"}]
            for value, count in sorted(values.items(), key=lambda item: (-item[1], item[0]))
        )
    return counted


def _value_text(cell) -> str:
    text = cell_text(cell)
    return _("ikke registrert") if text == MISSING else text


def name_count(value, names: set[str]) -> int:
    """How many municipalities a text figure lists ("A, B, C og D"; a name may hold " og ")."""
    if not isinstance(value, str) or value.count(", ") < 1:
        return 0
    items = value.split(", ")
    last = items.pop()
    tail = [last] if last in names else last.rsplit(" og ", 1)
    return len(items) + len(tail)


def _short_figures(finding: dict, names: set[str]) -> dict:
    """A figure listing more than LONG municipalities says how many; a figure resting on more
    than LONG records names the first few and how many more."""
    figures = finding.get("figures") or {}
    short = {}
    for key, figure in figures.items():
        listed = name_count(figure.get("value"), names) if figure.get("kind") == "text" else 0
        if listed > LONG:
            figure = {
                **figure,
                "value": _("%(n)s kommuner (navnene står i HTML-utgaven)") % {"n": listed},
            }
        evidence = figure.get("evidence") or []
        if len(evidence) > LONG:
            more = {
                "label": _(
                    "og %(more)s registreringer til (hele listen står i HTML-utgaven og i API-et)"
                )
                % {"more": len(evidence) - SHOWN_RECORDS},
                "url": "",
            }
            figure = {**figure, "evidence": [*evidence[:SHOWN_RECORDS], more]}
        short[key] = figure
    return {**finding, "figures": short}


def _evidence(block: dict, document: dict) -> list[dict]:
    """The evidence list with the programme-wide findings, then chapter 5's
    per-municipality findings as one table."""
    findings = document["findings"]
    codes = block.get("codes")
    chosen = list(findings) if codes is None else codes
    national = [c for c in chosen if findings[c].get("topic") != MUNICIPALITY]
    rows = _municipality_rows(document)
    if not rows:
        return [block]
    return [
        {**block, "codes": national},
        {
            "type": "paragraph",
            "text": _(
                "Kommunenes egne funn i kapittel 5 bygger på registreringene i tabellen "
                "nedenfor; hvert funn med sine tall og lenker står i grunnlaget i HTML- og "
                "Word-utgaven av rapporten."
            )
            + " "
            + where_detail(),
        },
        {
            "type": "table",
            "caption": _("Grunnlaget for kommunenes funn i kapittel 5"),
            "header": [_("Kommune"), _("Avsnitt"), _("Registreringer")],
            "rows": rows,
            "numeric": [],
        },
    ]


def _municipality_rows(document: dict) -> list[list]:
    findings = document["findings"]
    rows = []
    for section in document["sections"]:
        codes = [
            b["code"]
            for b in section["blocks"]
            if b["type"] == "finding" and findings.get(b["code"], {}).get("topic") == MUNICIPALITY
        ]
        name = next((findings[c]["title"] for c in codes if c.startswith("municipality_")), None)
        if name is None:
            continue
        labels: list[str] = []
        for code in codes:
            for figure in (findings[code].get("figures") or {}).values():
                for evidence in figure.get("evidence") or []:
                    if evidence["label"] not in labels:
                        labels.append(evidence["label"])
        rows.append([name, section["number"], "; ".join(labels) or "–"])
    return rows
