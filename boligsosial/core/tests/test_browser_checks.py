"""The browser checks themselves (core.testing.browser): axe's WCAG 2.2 rule for target size
runs (it is off by default in axe-core and runs only when its wcag22aa tag is asked for), and
the reflow check names what sticks out, not what scrolls inside a table region."""

import pytest

from boligsosial.core.testing.browser import AXE_OPTIONS, axe_violations, page_problems, prepare_axe

pytestmark = pytest.mark.browser

SMALL_TARGETS = """<!doctype html><html lang="nb"><head><title>Mål</title></head><body><main>
<h1>Mål</h1><p><a href="#a" style="display:inline-block;width:10px;height:10px">a</a>
<a href="#b" style="display:inline-block;width:10px;height:10px">b</a></p></main></body></html>"""


def test_axe_checks_that_targets_are_at_least_24_px(browser):
    assert "wcag22aa" in AXE_OPTIONS["runOnly"]["values"]
    page = browser.new_page()
    try:
        page.set_content(SMALL_TARGETS)
        assert "target-size" in {v["id"] for v in axe_violations(page)}
    finally:
        page.close()


WIDE = """<!doctype html><html lang="nb"><head><title>Bred</title></head><body><main>
<h1>Bred</h1>
<div class="wrap" role="region" aria-label="Tabell" tabindex="0" style="overflow-x:auto;%s">
<table><tr><td><span style="display:inline-block;width:900px">celle</span><span style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)">skjult</span></td></tr></table>
</div>%s</main></body></html>"""


def test_reflow_fails_a_page_wider_than_320_px_and_names_the_cause(browser):
    page = browser.new_page(viewport={"width": 320, "height": 800})
    try:
        page.set_content(WIDE % ("position:relative", ""))
        assert [p for p in page_problems(page) if p.startswith("reflow")] == []
        # An absolutely placed label inside a table whose region is not its containing block
        # sticks out past the region and widens the page (the fault the crawl found).
        page.set_content(WIDE % ("", ""))
        assert any(p.startswith("reflow") for p in page_problems(page))
        page.set_content(WIDE % ("position:relative", '<p style="width:700px">bred</p>'))
        (problem,) = [p for p in page_problems(page) if p.startswith("reflow")]
        assert "p (" in problem, problem
    finally:
        page.close()


PARTS = """<!doctype html><html lang="nb"><head><title>Deler</title></head><body><main>
<h1>Deler</h1>%s</main></body></html>"""
LONG = "<p>" + "Tekst som gjentas. " * 120 + "</p>"
NO_ALT = f'<section aria-label="Bilde"><img src="data:,">{LONG}</section>'
NO_LABEL = f'<section aria-label="Skjema"><input type="text">{LONG}</section>'


def test_the_crawl_checks_a_part_seen_before_once_and_everything_new_in_full(browser):
    """`checked` (kept over a crawl): a large part identical to one checked is left out of
    axe's run, a changed or new one is checked, and a page identical to one checked is not
    run again; a page not prepared with prepare_axe gets axe injected."""
    context = browser.new_context(viewport={"width": 320, "height": 800})
    prepare_axe(context)
    page = context.new_page()
    checked: set[str] = set()
    try:
        page.set_content(PARTS % NO_ALT)
        assert [p.split()[1] for p in page_problems(page, checked=checked)] == ["image-alt"]
        page.set_content(PARTS % (NO_ALT + NO_LABEL))
        assert [p.split()[1] for p in page_problems(page, checked=checked)] == ["label"]
        changed = NO_ALT.replace("Tekst som", "Tekst, som")
        page.set_content(PARTS % changed)
        assert [p.split()[1] for p in page_problems(page, checked=checked)] == ["image-alt"]
        page.set_content(PARTS % NO_ALT)
        assert page_problems(page, checked=checked) == []  # the same page: checked once
        assert [p.split()[1] for p in page_problems(page)] == ["image-alt"]  # without `checked`
    finally:
        context.close()
    plain = browser.new_page()
    try:
        plain.set_content(PARTS % NO_LABEL)
        assert [p.split()[1] for p in page_problems(plain, checked=set())] == ["label"]
    finally:
        plain.close()


def test_a_chart_drawn_again_under_another_number_counts_as_seen(browser):
    chart = (
        '<figure aria-labelledby="chart-%d-title"><p id="chart-%d-title">Figur</p>'
        f'<img src="data:,">{LONG}</figure>'
    )
    page = browser.new_page()
    checked: set[str] = set()
    try:
        page.set_content(PARTS % (chart % (3, 3)))
        assert [p.split()[1] for p in page_problems(page, checked=checked)] == ["image-alt"]
        page.set_content(PARTS % (chart % (17, 17) + "<p>Annen tekst</p>"))
        assert page_problems(page, checked=checked) == []
    finally:
        page.close()
