"""Figure 1 of the report, the framework model (Rammemodell), drawn as a figure.

The phases and their longest lengths come from the programme app (PhaseKind, PHASE_MAX_MONTHS:
the same limits the phase checks use); what happens in each phase is the programme
description's, as the source report (chapter 4, figure 1, "Kilde: Husbanken Region sør 2010")
retells it. One block (`framework_block`) feeds the SVG (web and PDF, with alt text) and the
PNG for Word (`framework_png`, the SVG rasterised by raster.py).
"""

from __future__ import annotations

from html import escape

from django.utils.translation import gettext as _

from boligsosial.programmes.models import PHASE_MAX_MONTHS, PhaseKind

WIDTH, HEIGHT = 720, 200
TOP, TIP = 10, 16
COLOURS = ["#5c5c5c", "#0062ba", "#1a7d36", "#7a4fc7"]
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"


def _duration(months: int | None) -> str:
    if months is None:
        return _("ingen fast lengde")
    if months % 12 == 0:
        return _("inntil %(n)s år") % {"n": months // 12}
    return _("inntil %(n)s måneder") % {"n": months}


def framework_block() -> dict:
    contents = {
        PhaseKind.PREPARATION: _("Søknad og samarbeidsavtale"),
        PhaseKind.PLANNING: _("Midler til strategi, forankring og organisering; mål og strategier"),
        PhaseKind.IMPLEMENTATION: _(
            "Prosjektgjennomføring med bred medvirkning; årlig møte med Husbanken og nye midler"
        ),
        PhaseKind.PHASE_OUT: _("Programmet fases ut; tiltakene går over i ordinær drift"),
    }
    phases = [
        {
            "label": str(PhaseKind(kind).label),
            "duration": _duration(PHASE_MAX_MONTHS[PhaseKind(kind)]),
            "content": str(text),
        }
        for kind, text in contents.items()
    ]
    alt = _("Rammemodellen for programarbeidet: fire faser etter hverandre. %(phases)s.") % {
        "phases": "; ".join(f"{p['label']} ({p['duration']}): {p['content']}" for p in phases)
    }
    return {
        "type": "framework",
        "title": _("Rammemodell"),
        "source": _("Kilde: Husbanken Region sør 2010"),
        "phases": phases,
        "alt": alt,
    }


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def framework_svg(block: dict, *, element_id: str = "rammemodell") -> str:
    """Four arrow-shaped boxes left to right, each with its phase, length and content."""
    n = len(block["phases"])
    box = (WIDTH - 20) / n
    parts = []
    for index, phase in enumerate(block["phases"]):
        x = 10 + index * box
        tip = TIP
        mid = (TOP + HEIGHT - 10) / 2
        points = (
            f"{x:.0f},{TOP} {x + box - tip:.0f},{TOP} {x + box:.0f},{mid:.0f} "
            f"{x + box - tip:.0f},{HEIGHT - 10} {x:.0f},{HEIGHT - 10}"
            + ("" if index == 0 else f" {x + tip:.0f},{mid:.0f}")
        )
        colour = COLOURS[index % len(COLOURS)]
        parts.append(f'<polygon points="{points}" fill="{colour}"/>')
        cx = x + box / 2
        lines = [
            (phase["label"], 12.5, "700"),
            (phase["duration"], 13, "400"),
            *[(line, 12, "400") for line in _wrap(phase["content"], 20)],
        ]
        y = TOP + 32.0
        for text, size, weight in lines:
            parts.append(
                f'<text x="{cx:.0f}" y="{y:.0f}" text-anchor="middle" font-size="{size}" '
                f'font-weight="{weight}" fill="#ffffff">{escape(text)}</text>'
            )
            y += size + 8 if size > 12 else size + 4.5
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bs-chart bs-framework" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'aria-labelledby="{element_id}-title {element_id}-desc" font-family="{FONT}">'
        f'<title id="{element_id}-title">{escape(block["title"])}</title>'
        f'<desc id="{element_id}-desc">{escape(block["alt"])}</desc>' + "".join(parts) + "</svg>"
    )


def framework_png(block: dict) -> bytes:
    """The same figure as a PNG for Word (python-docx cannot embed SVG)."""
    from boligsosial.evaluation_report.rendering.raster import svg_to_png

    return svg_to_png(framework_svg(block))
