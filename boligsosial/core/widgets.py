"""Form widgets drawn without a template per option (issue 14).

Django draws a select with one template per option: a list of every municipality in a
national programme (357 options) cost about 20 ms of a 70 ms page. `QuickSelect` writes the
same HTML as Django's templates (`select.html`, `select_option.html`, `attrs.html`), with
the same escaping; `core/tests/test_widgets.py` holds it to them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict[str, Any]) -> str:
    """`attrs.html`: ` name="value"`, a bare ` name` for True, nothing for False."""
    drawn = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            drawn.append(f" {conditional_escape(name)}")
        else:
            drawn.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(drawn)


def _option(option: dict[str, Any]) -> str:
    return (
        f'<option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
        f"{conditional_escape(option['label'])}</option>"
    )


class QuickSelect(forms.Select):
    """`forms.Select`, the same HTML drawn in Python."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        html = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                html.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                html.append(f"\n  {_option(option)}\n")  # the option template's own newline
            if group_name:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        return mark_safe("".join(html))
