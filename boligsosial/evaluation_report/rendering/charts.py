"""Charts of the report: the same data as SVG (web, PDF, via core.charts) and as PNG (Word).

python-docx cannot embed SVG, so Word gets a PNG drawn by matplotlib from the same numbers,
with the same colours and the same text alternative (core.charts' summary). Missing values
stay gaps, never zero.
"""

from __future__ import annotations

import io

from boligsosial.core.charts import DASHES, PALETTE, BarChart, LineChart, Series
from boligsosial.core.formatting import format_number


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


def chart_png(data: dict, *, dpi: int = 150) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    chart = chart_from_dict(data)
    fig, ax = plt.subplots(figsize=(7.2, 3.4), dpi=dpi)
    if isinstance(chart, BarChart):
        _plot_bars(ax, chart)
    else:
        _plot_lines(ax, chart)
    _decorate(ax, chart)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def _plot_bars(ax, chart: BarChart) -> None:
    categories = chart.categories
    width = 0.8 / max(len(chart.series), 1)
    for index, series in enumerate(chart.series):
        xs = [i - 0.4 + width * (index + 0.5) for i in range(len(categories))]
        points = [(x, v) for x, v in zip(xs, series.values, strict=False) if v is not None]
        if points:
            ax.bar(
                [p[0] for p in points],
                [float(p[1]) for p in points],
                width=width,
                color=series.color or PALETTE[index % len(PALETTE)],
                label=series.name,
            )
    ax.set_xticks(range(len(categories)), categories)


def _plot_lines(ax, chart: LineChart) -> None:
    for index, series in enumerate(chart.series):
        values = [float(v) if v is not None else float("nan") for v in series.values]
        dash = DASHES[index % len(DASHES)]
        style = (0, tuple(float(x) for x in dash.split())) if dash else "solid"
        ax.plot(
            chart.categories[: len(values)],
            values,
            marker="o",
            linestyle=style,
            color=series.color or PALETTE[index % len(PALETTE)],
            label=series.name,
        )


def _decorate(ax, chart: BarChart | LineChart) -> None:
    """Target line, axis format, title, unit and legend."""
    from matplotlib.ticker import FuncFormatter

    if chart.target_line is not None:
        ax.axhline(
            float(chart.target_line),
            color="#1a7d36",
            linestyle="--",
            linewidth=1.5,
            label=chart.target_label or None,
        )
    decimals = chart.decimals if chart.decimals is not None else 0
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: format_number(value, decimals)))
    ax.set_title(chart.title, fontsize=10)
    if chart.unit:
        ax.set_ylabel(chart.unit, fontsize=9)
    ax.tick_params(labelsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    _handles, labels = ax.get_legend_handles_labels()
    if labels and (len(chart.series) > 1 or chart.target_line is not None):
        ax.legend(fontsize=9, frameon=False)


def chart_alt(data: dict) -> str:
    return chart_from_dict(data).summary()
