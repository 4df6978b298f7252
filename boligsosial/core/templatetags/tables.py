"""Data tables scroll sideways in their own labelled container, so the page itself reflows.

    {% load tables %}
    {% table_region %}<table class="ds-table">…<caption>…</caption>…</table>{% endtable_region %}

The container is a keyboard-focusable region named after the table's caption (or `label=`),
so a keyboard or screen-reader user can find it and scroll it (WCAG 1.4.10, 2.1.1).
"""

import re

from django import template
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

register = template.Library()

CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.DOTALL | re.IGNORECASE)


class TableRegionNode(template.Node):
    def __init__(self, nodelist, label):
        self.nodelist, self.label = nodelist, label

    def render(self, context):
        content = self.nodelist.render(context)
        label = self.label.resolve(context) if self.label is not None else ""
        if not label:
            caption = CAPTION.search(content)
            label = " ".join(strip_tags(caption.group(1)).split()) if caption else ""
        return format_html(
            '<div class="bs-table-wrap" role="region" tabindex="0" aria-label="{}">{}</div>',
            label,
            mark_safe(content),  # noqa: S308  (the template's own rendered, escaped output)
        )


@register.tag
def table_region(parser, token):
    bits = token.split_contents()[1:]
    label = None
    for bit in bits:
        if not bit.startswith("label="):
            raise template.TemplateSyntaxError("table_region takes only label=…")
        label = parser.compile_filter(bit[len("label=") :])
    nodelist = parser.parse(("endtable_region",))
    parser.delete_first_token()
    return TableRegionNode(nodelist, label)
