"""Charts for Word: the same SVG as the web page rasterised to PNG, missing values left as gaps."""

import io

from PIL import Image

from boligsosial.evaluation_report.rendering.charts import chart_alt, chart_from_dict, chart_png

BLUE = (0x00, 0x62, 0xBA)  # the first series' colour


def _image(data):
    return Image.open(io.BytesIO(chart_png(data))).convert("RGB")


def test_a_bar_and_a_line_chart_become_pngs_and_a_missing_value_is_no_bar():
    bar = {
        "kind": "bar",
        "title": "Forankring",
        "categories": ["Rådmann", "Enhet"],
        "series": [{"name": "Kommuner", "values": [4, None]}],
        "unit": "kommuner",
        "decimals": 0,
    }
    line = {**bar, "kind": "line", "target_line": 3, "target_label": "Mål"}
    for data in (bar, line):
        image = _image(data)
        chart = chart_from_dict(data)
        assert image.size == (2 * chart.width, 2 * chart.height)
        assert BLUE in {
            image.getpixel((x, y))
            for x in range(0, image.width, 3)
            for y in range(0, image.height, 3)
        }
    assert "4" in chart_alt(bar)

    # The bar of "Enhet" is missing: nothing blue above its label (only the legend is blue).
    image, chart = _image(bar), chart_from_dict(bar)
    plot_bottom = 2 * (chart.height - chart.bottom) - 4
    half = image.width // 2 + 2 * chart.left // 2
    blue_right = [
        (x, y)
        for x in range(half, image.width, 2)
        for y in range(2 * chart.top, plot_bottom, 2)
        if image.getpixel((x, y)) == BLUE
    ]
    assert blue_right == []
    blue_left = [
        (x, y)
        for x in range(2 * chart.left, half, 2)
        for y in range(2 * chart.top, plot_bottom, 2)
        if image.getpixel((x, y)) == BLUE
    ]
    assert blue_left
