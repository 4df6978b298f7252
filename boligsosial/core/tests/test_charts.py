from boligsosial.core.charts import BarChart, LineChart, Series


def test_a_missing_value_is_a_gap_and_shows_as_a_dash_never_zero():
    chart = LineChart(
        title="Bostedsløse",
        categories=["2010", "2011", "2012"],
        series=[Series("Drammen", [12, None, 9])],
    )
    svg = str(chart.svg())
    assert svg.count("<polyline") == 2  # two segments, no line through the gap
    assert chart.table_rows()[2] == ["2011", "–"]
    assert "0" not in chart.table_rows()[2]


def test_the_chart_names_itself_for_screen_readers():
    chart = BarChart(
        title="Startlån", categories=["2009"], series=[Series("Program", [1500])], unit="kr"
    )
    svg = str(chart.svg())
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "Startlån (kr)" in chart.summary()


def test_long_legends_wrap_and_the_canvas_grows():
    names = [f"Kommune med et langt navn {i}" for i in range(6)]
    chart = LineChart(title="T", categories=["a"], series=[Series(n, [1]) for n in names])
    assert chart.height > 320


def _tick_labels(svg: str) -> list[tuple[float, str]]:
    import re

    return [
        (float(x), label)
        for x, label in re.findall(
            r'<text x="([\d.]+)" y="[\d.]+" text-anchor="end" [^>]*>([^<]+)<', svg
        )
    ]


def test_money_axis_labels_fit_inside_the_canvas():
    """A y axis of hundreds of millions is never clipped to "00 000 000" (issue 15/17)."""
    from boligsosial.core.charts import text_width

    chart = BarChart(
        title="Startlån",
        categories=["2009", "2011"],
        series=[Series("Programmet", [82_900_000, 282_900_000])],
        unit="kr",
    )
    svg = str(chart.svg())
    labels = _tick_labels(svg)
    assert "300\u00a0000\u00a0000" in [label for _x, label in labels], labels
    for x, label in labels:
        assert x - text_width(label) >= 0, f"«{label}» starts left of the canvas"


def test_each_legend_symbol_is_drawn_like_its_series():
    bars = BarChart(title="T", categories=["a"], series=[Series("A", [1]), Series("B", [2])])
    lines = LineChart(title="T", categories=["a"], series=[Series("A", [1]), Series("B", [2])])
    bar_legend = "".join(bars._legend())
    line_legend = "".join(lines._legend())
    assert bar_legend.count("<rect") == 2 and "<line" not in bar_legend
    assert line_legend.count("<line") == 2 and "<rect" not in line_legend
    assert 'stroke-dasharray="6 3"' in line_legend  # the second series' dash, as drawn


def test_axis_text_is_at_least_14_units_and_long_names_slant_instead_of_overlapping():
    import re

    names = ["Arendal", "Drammen", "Porsgrunn", "Sandefjord", "Programmet samlet"] * 2
    chart = BarChart(title="T", categories=names, series=[Series("Endring", list(range(10)))])
    svg = str(chart.svg())
    sizes = {int(size) for size in re.findall(r'font-size="(\d+)"', svg)}
    assert min(sizes) >= 14
    assert "rotate(-35" in svg
    legend_y = min(
        float(y)
        for y in re.findall(
            r'<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="[\d.]+" fill="#0062ba"/><text',
            svg,
        )
    )
    assert legend_y + 10 < chart.height  # the legend is inside the canvas


def test_the_text_alternative_names_each_value_and_never_reads_as_a_change():
    chart = BarChart(
        title="Vekst",
        categories=["Arendal", "Skien", "Programmet samlet"],
        series=[Series("Endring i prosent", [62.9, None, 58.3])],
        unit="%",
        decimals=1,
    )
    summary = chart.summary()
    assert " til " not in summary
    assert "Arendal 62,9; Programmet samlet 58,3; ingen tall for Skien" in summary
    long = LineChart(
        title="Bostedsløse",
        categories=[str(y) for y in range(2000, 2012)],
        series=[Series("Drammen", [10, *range(1, 12)])],
    )
    assert "første verdi 10 (2000), siste verdi 11 (2011), høyeste 11 (2011)" in long.summary()


def test_a_charts_id_comes_from_what_it_draws_not_from_how_many_were_drawn_before():
    # Stored fragments (core.stored) hold charts drawn in other processes and requests: an id
    # from a counter could be the same as another chart's on the page.
    def drammen(values):
        return LineChart(
            title="Bostedsløse", categories=["2010", "2011"], series=[Series("Drammen", values)]
        )

    first = drammen([12, 9])
    for _ in range(3):
        BarChart(title="Annet", categories=["2009"], series=[Series("Program", [1])])
    assert drammen([12, 9]).chart_id == first.chart_id
    assert f'id="{first.chart_id}"' in str(drammen([12, 9]).svg())
    others = {
        drammen([12, 8]).chart_id,
        BarChart(
            title="Bostedsløse", categories=["2010", "2011"], series=[Series("Drammen", [12, 9])]
        ).chart_id,
    }
    assert first.chart_id not in others and len(others) == 2
