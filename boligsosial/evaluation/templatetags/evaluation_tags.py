from django import template

from boligsosial.core.formatting import format_percent

register = template.Library()


@register.filter
def share_percent(share, decimals=0):
    """A share (0–1) as a Norwegian percentage; "–" when there were no answers."""
    return format_percent(None if share is None else share * 100, decimals)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
