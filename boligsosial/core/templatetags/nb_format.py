from django import template

from boligsosial.core import formatting

register = template.Library()


@register.filter
def nb_number(value, decimals=None):
    return formatting.format_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def nb_exact(value):
    """A number with all its decimals and thousand spaces (297 460,89)."""
    return formatting.format_exact(value)


@register.filter
def nb_percent(value, decimals=0):
    return formatting.format_percent(value, int(decimals))


@register.filter
def nb_nok(value):
    return formatting.format_nok(value)


@register.filter
def nb_date(value):
    return formatting.format_date(value)


@register.filter
def nb_month(value):
    return formatting.format_month(value)


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    """The current query string with some parameters replaced (keeps ?as_of= etc.)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""
