"""The report's own SVG figures as PNG for Word (python-docx cannot embed SVG), drawn with
Pillow from the very SVG the web page and the PDF show — same axes, legend and colours.

Only what core.charts and framework.py draw is understood: line, polyline, polygon, rect,
circle and text (anchor, size, weight, fill, a white halo, rotate()). Drawing these with
Pillow takes milliseconds; matplotlib took about a second to import and half a second per
chart (profiled, issue 15 point 8).
"""

from __future__ import annotations

import io
import math
import re
import xml.etree.ElementTree as ET
from functools import cache

from PIL import Image, ImageDraw, ImageFont

SVG = "{http://www.w3.org/2000/svg}"
SCALE = 2  # pixels per SVG unit: sharp in Word at 16 cm
ROTATE = re.compile(r"rotate\(([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\)")


@cache
def _font(size: float, bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(name, round(size * SCALE))
    except OSError:  # no DejaVu on this machine: Pillow's own scalable font
        return ImageFont.load_default(round(size * SCALE))


def _f(element: ET.Element, name: str, default: float = 0.0) -> float:
    value = element.get(name)
    return float(value) if value not in (None, "") else default


def _points(text: str) -> list[tuple[float, float]]:
    pairs = [p.split(",") for p in text.split()]
    return [(float(x) * SCALE, float(y) * SCALE) for x, y in pairs]


def _dashed(points: list[tuple[float, float]], dashes: list[float]) -> list[list[tuple]]:
    """Split a path into its drawn dashes (pattern in pixels)."""
    if not dashes:
        return [points]
    pieces, current, index, left, on = [], [points[0]], 0, dashes[0], True
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        length, done = math.hypot(x1 - x0, y1 - y0), 0.0
        while length - done > left:
            done += left
            point = (x0 + (x1 - x0) * done / length, y0 + (y1 - y0) * done / length)
            if on:
                pieces.append([*current, point])
            current, index = [point], (index + 1) % len(dashes)
            left, on = dashes[index], not on
        left -= length - done
        current.append((x1, y1))
    if on and len(current) > 1:
        pieces.append(current)
    return pieces


def _stroke(draw: ImageDraw.ImageDraw, element: ET.Element, points: list[tuple]) -> None:
    colour = element.get("stroke")
    if not colour or colour == "none":
        return
    width = max(1, round(_f(element, "stroke-width", 1) * SCALE))
    dashes = [float(d) * SCALE for d in (element.get("stroke-dasharray") or "").split()]
    for piece in _dashed(points, dashes):
        draw.line(piece, fill=colour, width=width, joint="curve")


def _text(image: Image.Image, element: ET.Element) -> None:
    text = "".join(element.itertext())
    font = _font(_f(element, "font-size", 12), element.get("font-weight") in ("700", "bold"))
    anchor = {"end": "rs", "middle": "ms"}.get(element.get("text-anchor", ""), "ls")
    x, y = _f(element, "x") * SCALE, _f(element, "y") * SCALE
    fill = element.get("fill", "#1a1a1a")
    halo = round(_f(element, "stroke-width") * SCALE / 2) if element.get("stroke") else 0
    rotation = ROTATE.search(element.get("transform", ""))
    if not rotation:
        ImageDraw.Draw(image).text(
            (x, y),
            text,
            font=font,
            fill=fill,
            anchor=anchor,
            stroke_width=halo,
            stroke_fill=element.get("stroke"),
        )
        return
    # Rotated: draw on a layer, rotate the layer around the SVG's centre of rotation.
    angle = float(rotation.group(1))
    cx, cy = float(rotation.group(2)) * SCALE, float(rotation.group(3)) * SCALE
    # A square layer around the centre, just large enough for the text, keeps this fast.
    radius = round(font.getlength(text) + 2 * _f(element, "font-size", 12) * SCALE)
    layer = Image.new("RGBA", (2 * radius, 2 * radius), (255, 255, 255, 0))
    position = (x - cx + radius, y - cy + radius)
    ImageDraw.Draw(layer).text(position, text, font=font, fill=fill, anchor=anchor)
    layer = layer.rotate(-angle, center=(radius, radius), resample=Image.Resampling.BICUBIC)
    image.paste(layer, (round(cx) - radius, round(cy) - radius), layer)


def svg_to_png(svg: str) -> bytes:
    root = ET.fromstring(str(svg))
    width, height = (float(v) for v in root.get("viewBox", "0 0 720 320").split()[2:])
    image = Image.new("RGB", (round(width * SCALE), round(height * SCALE)), "white")
    draw = ImageDraw.Draw(image)
    for element in root.iter():
        tag = element.tag.replace(SVG, "")
        if tag == "line":
            points = [
                (_f(element, "x1"), _f(element, "y1")),
                (_f(element, "x2"), _f(element, "y2")),
            ]
            _stroke(draw, element, [(px * SCALE, py * SCALE) for px, py in points])
        elif tag in ("polyline", "polygon"):
            points = _points(element.get("points", ""))
            if tag == "polygon":
                draw.polygon(points, fill=element.get("fill"))
            else:
                _stroke(draw, element, points)
        elif tag == "rect":
            x, y = _f(element, "x") * SCALE, _f(element, "y") * SCALE
            w, h = _f(element, "width") * SCALE, _f(element, "height") * SCALE
            if w > 0 and h > 0:
                draw.rectangle([x, y, x + w, y + h], fill=element.get("fill"))
        elif tag == "circle":
            cx, cy, r = (_f(element, n) * SCALE for n in ("cx", "cy", "r"))
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=element.get("fill"))
        elif tag == "text":
            _text(image, element)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()
