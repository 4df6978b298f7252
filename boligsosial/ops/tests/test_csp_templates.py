"""No template of a page carries inline script or style (the CSP would block it).

The browser test (test_browser_csp.py) loads representative pages; this scan covers every
template, including pages no test opens.
"""

import re
from pathlib import Path

import boligsosial

PACKAGE = Path(boligsosial.__file__).parent
# Not pages of the site: the evaluation report's export document (PDF via WeasyPrint,
# HTML download served as an attachment with a sandbox policy of its own) and the parts the
# PDF of a large report is laid out in (WeasyPrint only).
EXPORT_DOCUMENTS = {
    "evaluation_report/templates/evaluation_report/print.html",
    "evaluation_report/templates/evaluation_report/print_part.html",
}

INLINE = {
    "inline <script>": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I),
    "<style> block": re.compile(r"<style[\s>]", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def _page_templates():
    for path in sorted(PACKAGE.glob("*/templates/**/*")):
        relative = path.relative_to(PACKAGE).as_posix()
        if path.is_file() and path.suffix in {".html", ".svg"} and relative not in EXPORT_DOCUMENTS:
            yield relative, path.read_text(encoding="utf-8")


def test_no_page_template_has_inline_script_or_style():
    found = [
        f"{relative}:{text[: match.start()].count(chr(10)) + 1}: {what}"
        for relative, text in _page_templates()
        for what, pattern in INLINE.items()
        for match in pattern.finditer(text)
    ]
    assert found == []


def test_the_scan_sees_the_templates():
    assert sum(1 for _ in _page_templates()) > 50
