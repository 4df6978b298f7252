"""Charts for Word: a PNG drawn from the same numbers, missing values left as gaps."""

from boligsosial.evaluation_report.rendering.charts import chart_alt, chart_png


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
        assert chart_png(data, dpi=40).startswith(b"\x89PNG")
    assert "4" in chart_alt(bar)
