"""Charts of the report: the same data as SVG (web, PDF, via core.charts) and as PNG (Word).

python-docx cannot embed SVG, so Word gets the same SVG rasterised (raster.py), with the same
text alternative (core.charts' summary). Missing values stay gaps, never zero.
"""

from __future__ import annotations

from boligsosial.core.charts import BarChart, LineChart, Series


def chart_from_dict(data: dict):
    cls = LineChart if data.get("kind") == "line" else BarChart
    return cls(
        title=data["title"],
        categories=[str(c) for c in data["categories"]],
        series=[Series(s["name"], list(s["values"])) for s in data["series"]],
        unit=data.get("unit", ""),
        description=data.get("description", ""),
        category_label=data.get("category_label", "Periode"),
        decimals=data.get("decimals"),
        target_line=data.get("target_line"),
        target_label=data.get("target_label", ""),
    )


def chart_png(data: dict) -> bytes:
    """The chart as PNG for Word: the same SVG as the web page and the PDF, rasterised."""
    from boligsosial.evaluation_report.rendering.raster import svg_to_png

    return svg_to_png(str(chart_from_dict(data).svg()))


def chart_alt(data: dict) -> str:
    return chart_from_dict(data).summary()
