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
