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

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from boligsosial.core.formatting import MISSING, format_number

# Designsystemet-compatible palette with ≥3:1 contrast against white (WCAG 1.4.11).
PALETTE = ["#0062ba", "#b3261e", "#1a7d36", "#7a4fc7", "#a15c00", "#00716b", "#5c5c5c", "#c2185b"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "4 4", "1 2", "10 4", "3 6"]
FONT_SIZE = 15  # in the 720-unit canvas: about 13 px on a phone, 15 px on a desktop
CHAR_WIDTH = 0.62 * FONT_SIZE  # DejaVu/Arial average advance; digits are 0.64 em
LINE_HEIGHT = FONT_SIZE + 7
SWATCH = 26  # legend symbol width
SUMMARY_ALL_VALUES = 8  # up to this many categories the text alternative names every value


def text_width(text: str) -> float:
    """An estimate of the drawn width of `text` (the SVG is laid out before any font is known,
    so margins are computed from this, on the generous side, never from a fixed guess)."""
    return len(text) * CHAR_WIDTH


@dataclass
class Series:
    name: str
    values: Sequence[float | int | Decimal | None]
    color: str | None = None


@dataclass
class _Chart(ABC):
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
    # From the chart's content (`_content_id`), not a counter: a chart in a stored fragment
    # (core.stored), computed in another process or an earlier request, keeps an id no other
    # chart on the page has, and the same data draw the same markup.
    chart_id: str = ""

    # geometry (left, bottom and height are fitted in __post_init__ to labels and legend;
    # the plot area keeps its height of 320 - 30 - 60)
    left: int = 56
    right: int = 24
    top: int = 30
    bottom: int = 60
    x_label_angle: int = 0

    kind = "chart"

    def __post_init__(self) -> None:
        """Fit the canvas to its text: the y-axis labels set the left margin (a money axis is
        never clipped), long category names are slanted, and the legend rows are added below."""
        self.chart_id = self.chart_id or self._content_id()
        low, high = self._scale()
        widest = max((text_width(label) for _tick, label in self._ticks(low, high)), default=0)
        self.left = max(self.left, int(widest + 16))
        plot_w = self.width - self.left - self.right
        slot = plot_w / max(len(self.categories), 1)
        longest = max((text_width(str(c)) for c in self.categories), default=0)
        if longest > slot - 6:
            self.x_label_angle = -35
            self.left = max(self.left, int(min(longest, 260) * 0.82 - slot / 2 + 8))
        self.bottom = int(self._x_labels_bottom(0) + 8 + LINE_HEIGHT * self._legend_rows() + 2)
        self.height += self.bottom - 60

    def _content_id(self) -> str:
        drawn = (
            self.kind,
            type(self).__name__,
            self.title,
            self.description,
            self.unit,
            tuple(self.categories),
            tuple((s.name, tuple(s.values), s.color) for s in self.series),
            self.target_line,
            self.target_label,
        )
        return "chart-" + hashlib.sha256(repr(drawn).encode()).hexdigest()[:12]

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

    def _ticks(self, low: float, high: float) -> list[tuple[float, str]]:
        step = _nice_step((high - low) / 5)
        ticks, tick = [], low
        while tick <= high + step / 1000:
            ticks.append((tick, format_number(tick, self.decimals)))
            tick += step
        return ticks

    def _y(self, value: float, low: float, high: float) -> float:
        plot = self.height - self.top - self.bottom
        return self.top + plot * (1 - (value - low) / (high - low))

    def _axes(self, low: float, high: float) -> list[str]:
        parts = []
        for tick, label in self._ticks(low, high):
            y = self._y(tick, low, high)
            parts.append(
                f'<line x1="{self.left}" x2="{self.width - self.right}" y1="{y:.1f}" y2="{y:.1f}" '
                f'stroke="#d0d5dd" stroke-width="1"/>'
                f'<text x="{self.left - 8}" y="{y + 5:.1f}" text-anchor="end" '
                f'font-size="{FONT_SIZE}">{escape(label)}</text>'
            )
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
            f'<text x="{self.width - self.right}" y="{y - 6:.1f}" text-anchor="end" '
            f'font-size="{FONT_SIZE}" stroke="#ffffff" stroke-width="4" paint-order="stroke">'
            f"{escape(self.target_label)}</text>"
        ]

    def _x_labels_bottom(self, axis: float | None = None) -> float:
        """Where the category labels end (the legend starts below): 0 is the x axis."""
        axis = self.height - self.bottom if axis is None else axis
        if not self.x_label_angle:
            return axis + 8 + LINE_HEIGHT
        longest = max((text_width(str(c)) for c in self.categories), default=0)
        # a label slanted 35° drops sin(35°) ≈ 0.57 of its length below the axis
        return axis + 8 + min(longest, 260) * 0.6 + FONT_SIZE

    def _x_labels(self, xs: list[float]) -> list[str]:
        every = max(1, len(self.categories) // 12)
        y = self.height - self.bottom + 8 + FONT_SIZE
        parts = []
        for i, (x, c) in enumerate(zip(xs, self.categories, strict=False)):
            if i % every:
                continue
            if self.x_label_angle:
                parts.append(
                    f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="end" font-size="{FONT_SIZE}" '
                    f'transform="rotate({self.x_label_angle} {x:.1f} {y - FONT_SIZE / 2:.1f})">'
                    f"{escape(str(c))}</text>"
                )
            else:
                parts.append(
                    f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" '
                    f'font-size="{FONT_SIZE}">{escape(str(c))}</text>'
                )
        return parts

    @abstractmethod
    def _swatch(self, index: int, x: float, y: float) -> str:
        """The legend symbol of series `index`: a line with its dash (LineChart) or a filled
        block (BarChart), drawn the way the series is drawn."""

    def _legend_entries(self) -> list[tuple[float, int]]:
        """(x, row) of each legend entry: left to right, wrapping onto new rows."""
        entries, x, row = [], float(self.left), 0
        for s in self.series:
            entry_width = SWATCH + 10 + text_width(s.name) + 18
            if x + entry_width > self.width - self.right and x > self.left:
                x, row = float(self.left), row + 1
            entries.append((x, row))
            x += entry_width
        return entries

    def _legend_rows(self) -> int:
        entries = self._legend_entries()
        return entries[-1][1] + 1 if entries else 0

    def _legend(self) -> list[str]:
        parts = []
        top = self._x_labels_bottom() + 8
        for index, (s, (x, row)) in enumerate(
            zip(self.series, self._legend_entries(), strict=True)
        ):
            y = top + LINE_HEIGHT * row + FONT_SIZE
            parts.append(
                self._swatch(index, x, y - FONT_SIZE / 3)
                + f'<text x="{x + SWATCH + 8:.1f}" y="{y:.1f}" font-size="{FONT_SIZE}">'
                f"{escape(s.name)}</text>"
            )
        return parts

    def color(self, index: int) -> str:
        return self.series[index].color or PALETTE[index % len(PALETTE)]

    def _wrap(self, body: list[str]) -> SafeString:
        title_id, desc_id = f"{self.chart_id}-title", f"{self.chart_id}-desc"
        desc = self.description or self.summary()
        return mark_safe(
            f'<svg xmlns="http://www.w3.org/2000/svg" class="bs-chart" role="img" '
            f'viewBox="0 0 {self.width} {self.height}" width="{self.width}" height="{self.height}" '
            f'aria-labelledby="{title_id} {desc_id}" id="{self.chart_id}" '
            f'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif">'
            f'<title id="{title_id}">{escape(self.title)}</title>'
            f'<desc id="{desc_id}">{escape(desc)}</desc>' + "".join(body) + "</svg>"
        )

    def summary(self) -> str:
        """The text alternative: what the chart shows, value by value when there are few
        categories ("Arendal 62,9; Drammen 48,1"), otherwise the first, the last and the
        highest value, each named as such — never "A til B", which reads as a change."""
        parts = [self._series_summary(s) for s in self.series]
        unit = f" ({self.unit})" if self.unit else ""
        text = f"{self.title}{unit}. " + " ".join(parts)
        if self.target_line is not None:
            text += " " + _("Mål: %(value)s.") % {
                "value": format_number(self.target_line, self.decimals)
            }
        return text + " " + _("Se tabellen for alle tall.")

    def _series_summary(self, s: Series) -> str:
        known = [(c, v) for c, v in zip(self.categories, s.values, strict=False) if v is not None]
        if not known:
            return _("%(name)s: ingen tall.") % {"name": s.name}

        def shown(value) -> str:
            return format_number(value, self.decimals)

        if len(self.categories) <= SUMMARY_ALL_VALUES:
            values = "; ".join(f"{c} {shown(v)}" for c, v in known)
            missing = [
                str(c)
                for i, c in enumerate(self.categories)
                if i >= len(s.values) or s.values[i] is None
            ]
            if missing:
                values += "; " + _("ingen tall for %(categories)s") % {
                    "categories": ", ".join(missing)
                }
            return f"{s.name}: {values}."
        highest = max(known, key=lambda item: float(item[1]))
        return _(
            "%(name)s: første verdi %(first)s (%(c0)s), siste verdi %(last)s (%(c1)s), "
            "høyeste %(high)s (%(ch)s)."
        ) % {
            "name": s.name,
            "first": shown(known[0][1]),
            "c0": known[0][0],
            "last": shown(known[-1][1]),
            "c1": known[-1][0],
            "high": shown(highest[1]),
            "ch": highest[0],
        }

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
    kind = "line"

    def _swatch(self, index: int, x: float, y: float) -> str:
        color = self.color(index)
        return (
            f'<line x1="{x:.1f}" x2="{x + SWATCH:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="{color}" '
            f'stroke-width="3" stroke-dasharray="{DASHES[index % len(DASHES)]}"/>'
            f'<circle cx="{x + SWATCH / 2:.1f}" cy="{y:.1f}" r="3.5" fill="{color}"/>'
        )

    def svg(self) -> SafeString:
        low, high = self._scale()
        n = max(len(self.categories), 1)
        plot_w = self.width - self.left - self.right
        xs = [self.left + plot_w * (i + 0.5) / n for i in range(n)]
        body = self._axes(low, high) + self._x_labels(xs)
        for index, s in enumerate(self.series):
            color = self.color(index)
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
    kind = "bar"

    def _swatch(self, index: int, x: float, y: float) -> str:
        half = FONT_SIZE * 0.45
        return (
            f'<rect x="{x + SWATCH / 2 - half:.1f}" y="{y - half:.1f}" width="{2 * half:.1f}" '
            f'height="{2 * half:.1f}" fill="{self.color(index)}"/>'
        )

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
            color = self.color(si)
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
