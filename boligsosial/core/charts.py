"""Server-rendered SVG charts with a data-table alternative (WCAG 1.1.1).

The same Chart object renders to SVG for the web page and the PDF, and gives its data as
rows for an accessible table and for Word/CSV. Missing values (None) are gaps in a line and
absent bars — never drawn as zero.

    chart = LineChart(title="Bostedsløse", categories=["2010-1", "2010-2"],
                      series=[Series("Drammen", [12, None])], unit="personer")
    chart.svg()          # markup with role="img", <title> and <desc>
    chart.table_rows()   # [["Periode", "Drammen"], ["2010-1", "12"], ["2010-2", "–"]]
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

from boligsosial.core.formatting import MISSING, format_number

# Designsystemet-compatible palette with ≥3:1 contrast against white (WCAG 1.4.11).
PALETTE = ["#0062ba", "#b3261e", "#1a7d36", "#7a4fc7", "#a15c00", "#00716b", "#5c5c5c", "#c2185b"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "4 4", "1 2", "10 4", "3 6"]
_ids = itertools.count(1)


@dataclass
class Series:
    name: str
    values: Sequence[float | int | Decimal | None]
    color: str | None = None


@dataclass
class _Chart:
    title: str
    categories: list[str]
    series: list[Series]
    unit: str = ""
    description: str = ""
    category_label: str = "Periode"
    width: int = 720
    height: int = 320
    decimals: int | None = None
    target_line: float | None = None
    target_label: str = ""
    chart_id: str = field(default_factory=lambda: f"chart-{next(_ids)}")

    # geometry
    left: int = 70
    right: int = 20
    top: int = 30
    bottom: int = 60

    def _values(self) -> list[float]:
        values = [v for s in self.series for v in s.values if v is not None]
        if self.target_line is not None:
            values.append(self.target_line)
        return [float(v) for v in values]

    def _scale(self) -> tuple[float, float]:
        values = self._values() or [0.0, 1.0]
        low = min(0.0, min(values))
        high = max(values)
        if high == low:
            high = low + 1
        step = _nice_step((high - low) / 5)
        return (step * (low // step), step * -(-high // step))

    def _y(self, value: float, low: float, high: float) -> float:
        plot = self.height - self.top - self.bottom
        return self.top + plot * (1 - (value - low) / (high - low))

    def _axes(self, low: float, high: float) -> list[str]:
        parts = []
        step = _nice_step((high - low) / 5)
        tick = low
        while tick <= high + step / 1000:
            y = self._y(tick, low, high)
            parts.append(
                f'<line x1="{self.left}" x2="{self.width - self.right}" y1="{y:.1f}" y2="{y:.1f}" '
                f'stroke="#d0d5dd" stroke-width="1"/>'
                f'<text x="{self.left - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="12">'
                f"{escape(format_number(tick, self.decimals))}</text>"
            )
            tick += step
        parts.append(
            f'<line x1="{self.left}" x2="{self.left}" y1="{self.top}" '
            f'y2="{self.height - self.bottom}" stroke="#5c5c5c"/>'
        )
        return parts

    def _target(self, low: float, high: float) -> list[str]:
        """The target line, drawn on top of the data with a haloed label."""
        if self.target_line is None:
            return []
        y = self._y(self.target_line, low, high)
        return [
            f'<line x1="{self.left}" x2="{self.width - self.right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#1a7d36" stroke-width="2" stroke-dasharray="6 4"/>'
            f'<text x="{self.width - self.right}" y="{y - 6:.1f}" text-anchor="end" font-size="12" '
            f'stroke="#ffffff" stroke-width="4" paint-order="stroke">{escape(self.target_label)}</text>'
        ]

    def _x_labels(self, xs: list[float]) -> list[str]:
        every = max(1, len(self.categories) // 12)
        return [
            f'<text x="{x:.1f}" y="{self.height - self.bottom + 18}" text-anchor="middle" '
            f'font-size="12">{escape(str(c))}</text>'
            for i, (x, c) in enumerate(zip(xs, self.categories, strict=False))
            if i % every == 0
        ]

    def _legend(self) -> list[str]:
        """Legend entries flow left to right and wrap onto new rows below the plot."""
        parts = []
        x, row = self.left, 0
        for index, s in enumerate(self.series):
            color = s.color or PALETTE[index % len(PALETTE)]
            dash = DASHES[index % len(DASHES)]
            entry_width = 40 + 7 * len(s.name)
            if x + entry_width > self.width - self.right and x > self.left:
                x, row = self.left, row + 1
            y = self.height - self.bottom + 38 + 18 * row
            parts.append(
                f'<line x1="{x}" x2="{x + 24}" y1="{y - 4}" y2="{y - 4}" stroke="{color}" '
                f'stroke-width="3" stroke-dasharray="{dash}"/>'
                f'<text x="{x + 30}" y="{y}" font-size="12">{escape(s.name)}</text>'
            )
            x += entry_width
        return parts

    def _legend_rows(self) -> int:
        rows, x = 1, self.left
        for s in self.series:
            entry_width = 40 + 7 * len(s.name)
            if x + entry_width > self.width - self.right and x > self.left:
                rows, x = rows + 1, self.left
            x += entry_width
        return rows

    def __post_init__(self) -> None:
        extra_rows = self._legend_rows() - 1
        if extra_rows > 0:
            self.height += 18 * extra_rows
            self.bottom += 18 * extra_rows

    def _wrap(self, body: list[str]) -> SafeString:
        title_id, desc_id = f"{self.chart_id}-title", f"{self.chart_id}-desc"
        desc = self.description or self.summary()
        return mark_safe(
            f'<svg xmlns="http://www.w3.org/2000/svg" class="bs-chart" role="img" '
            f'viewBox="0 0 {self.width} {self.height}" width="{self.width}" height="{self.height}" '
            f'aria-labelledby="{title_id} {desc_id}" id="{self.chart_id}">'
            f'<title id="{title_id}">{escape(self.title)}</title>'
            f'<desc id="{desc_id}">{escape(desc)}</desc>' + "".join(body) + "</svg>"
        )

    def summary(self) -> str:
        """A one-sentence text alternative naming the range and the latest values."""
        parts = []
        for s in self.series:
            known = [
                (c, v) for c, v in zip(self.categories, s.values, strict=False) if v is not None
            ]
            if known:
                (c0, v0), (c1, v1) = known[0], known[-1]
                parts.append(
                    f"{s.name}: {format_number(v0, self.decimals)} ({c0}) til "
                    f"{format_number(v1, self.decimals)} ({c1})"
                )
            else:
                parts.append(f"{s.name}: ingen tall")
        unit = f" ({self.unit})" if self.unit else ""
        return f"{self.title}{unit}. " + "; ".join(parts) + ". Se tabellen for alle tall."

    def table_rows(self) -> list[list[str]]:
        header = [self.category_label, *[s.name for s in self.series]]
        rows = [header]
        for index, category in enumerate(self.categories):
            rows.append(
                [str(category)]
                + [
                    format_number(s.values[index], self.decimals)
                    if index < len(s.values) and s.values[index] is not None
                    else MISSING
                    for s in self.series
                ]
            )
        return rows

    def raw_rows(self) -> list[list]:
        """Like table_rows but with raw numbers (None for missing), for CSV/Excel/Word."""
        return [[self.category_label, *[s.name for s in self.series]]] + [
            [c, *[s.values[i] if i < len(s.values) else None for s in self.series]]
            for i, c in enumerate(self.categories)
        ]


class LineChart(_Chart):
    def svg(self) -> SafeString:
        low, high = self._scale()
        n = max(len(self.categories), 1)
        plot_w = self.width - self.left - self.right
        xs = [self.left + plot_w * (i + 0.5) / n for i in range(n)]
        body = self._axes(low, high) + self._x_labels(xs)
        for index, s in enumerate(self.series):
            color = s.color or PALETTE[index % len(PALETTE)]
            dash = DASHES[index % len(DASHES)]
            segment: list[str] = []
            segments = []
            for x, v in zip(xs, s.values, strict=False):
                if v is None:
                    if segment:
                        segments.append(segment)
                    segment = []
                    continue
                segment.append(f"{x:.1f},{self._y(float(v), low, high):.1f}")
            if segment:
                segments.append(segment)
            for seg in segments:
                body.append(
                    f'<polyline fill="none" stroke="{color}" stroke-width="2.5" '
                    f'stroke-dasharray="{dash}" points="{" ".join(seg)}"/>'
                )
            for x, v in zip(xs, s.values, strict=False):
                if v is not None:
                    body.append(
                        f'<circle cx="{x:.1f}" cy="{self._y(float(v), low, high):.1f}" r="3.5" '
                        f'fill="{color}"/>'
                    )
        return self._wrap(body + self._target(low, high) + self._legend())


class BarChart(_Chart):
    def svg(self) -> SafeString:
        low, high = self._scale()
        n = max(len(self.categories), 1)
        k = max(len(self.series), 1)
        plot_w = self.width - self.left - self.right
        group_w = plot_w / n
        bar_w = group_w * 0.8 / k
        xs = [self.left + group_w * (i + 0.5) for i in range(n)]
        body = self._axes(low, high) + self._x_labels(xs)
        zero = self._y(0, low, high)
        for si, s in enumerate(self.series):
            color = s.color or PALETTE[si % len(PALETTE)]
            for i, v in enumerate(s.values[:n]):
                if v is None:
                    continue
                x = self.left + group_w * i + group_w * 0.1 + bar_w * si
                y = self._y(float(v), low, high)
                body.append(
                    f'<rect x="{x:.1f}" y="{min(y, zero):.1f}" width="{bar_w:.1f}" '
                    f'height="{abs(zero - y):.1f}" fill="{color}"/>'
                )
        return self._wrap(body + self._target(low, high) + self._legend())


def _nice_step(raw: float) -> float:
    if raw <= 0:
        return 1.0
    import math

    exponent = math.floor(math.log10(raw))
    fraction = raw / 10**exponent
    nice = 1 if fraction <= 1 else 2 if fraction <= 2 else 5 if fraction <= 5 else 10
    return nice * 10**exponent
