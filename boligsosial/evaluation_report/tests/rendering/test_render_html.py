"""The HTML renderer: narrative Markdown sanitised, finding text with its figures."""

from boligsosial.evaluation_report.rendering.render_html import markdown_to_html


def test_narrative_markdown_is_rendered_and_sanitised():
    html = markdown_to_html(
        "# Tittel\n\nTekst med **fet** og [lenke](javascript:alert(1)) <script>alert(1)</script>\n\n- punkt",
        base_level=2,
    )
    assert "<h3>Tittel</h3>" in html
    assert "<strong>fet</strong>" in html and "<li>punkt</li>" in html
    assert "<script" not in html and 'href="javascript' not in html  # left as harmless text
