from functools import lru_cache

from django import template
from django.utils.translation import gettext as _

from boligsosial.core.formatting import MISSING, format_date, format_number
from boligsosial.core.stored_pages import CSRF_PLACEHOLDER
from boligsosial.programmes.stored_sections import stored_section
from boligsosial.reporting import access, selectors
from boligsosial.reporting.models import ReportingPeriod, ReportStatus, Unit

register = template.Library()


@register.filter
def entry_display(entry, unit=None) -> str:
    """A stored value as text: number, "ikke tilgjengelig", date or ja/nei. Missing is –."""
    if entry is None:
        return MISSING
    if entry.not_available:
        return _("ikke tilgjengelig")
    if entry.date_value:
        return format_date(entry.date_value)
    if entry.value is None:
        return MISSING
    if entry.indicator.unit == Unit.YES_NO:
        return _("Ja") if entry.value else _("Nei")
    return format_number(entry.value)


@register.simple_tag
def number_cells(cells):
    """A row's <td> cells in one go: the programme table has 7 000 of them at national scale."""
    from django.utils.html import format_html_join

    return format_html_join("", '<td class="bs-num">{}</td>', ((cell.text,) for cell in cells))


@register.simple_tag
def programme_table_rows(table):
    """The programme table's body: one <tr> per municipality, written as the loop
    `<tr><th scope="row">{{ name }}</th>{% number_cells cells %}</tr>` would, with each row's
    <td>s as made once for its content (`selectors.table_rows`)."""
    from django.utils.safestring import mark_safe

    return mark_safe(
        "".join(
            [f"{_row_head(row.municipality_name)}{row.parts.html}</tr>\n  " for row in table.rows]
        )
    )


@lru_cache(maxsize=4096)
def _row_head(name: str) -> str:
    """A row's start with its municipality's name (the same names in every table)."""
    from django.utils.html import conditional_escape

    return f'\n    <tr><th scope="row">{conditional_escape(name)}</th>'


@register.filter
def share(value) -> str:
    if value is None:
        return MISSING
    return f"{format_number(value * 100, 0)}\u00a0%"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


# The periods, reports and their events; the participation's municipality.
SECTION_APPS = ("municipalities", "programmes", "reporting")


@register.simple_tag(takes_context=True)
def reporting_section(context, participation):
    """The participation page's reports section, stored (`programmes.stored_sections`); its
    start-report forms get the request's CSRF token when shown, never when stored."""
    request = context["request"]
    user, as_of = request.user, request.as_of
    can_fill = access.can_fill_in(user, participation)

    def section_context() -> dict:
        reports = {
            r.period_id: r
            for r in selectors.reports_for_participation(participation).prefetch_related("events")
        }
        periods = ReportingPeriod.objects.filter(programme_id=participation.programme_id).order_by(
            "-start", "kind"
        )
        rows = []
        for period in periods:
            report = reports.get(period.pk)
            status = report.status_on(as_of) if report else None
            rows.append((period, report, ReportStatus(status).label if status else None))
        return {
            "participation": participation,
            "rows": rows,
            "as_of": as_of,
            "can_fill": can_fill,
            "csrf_token": CSRF_PLACEHOLDER,
        }

    return stored_section(
        "reporting",
        participation,
        apps=SECTION_APPS,
        as_of=as_of,
        user=user,
        bits=(can_fill,),
        template="reporting/_participation_reports.html",
        context=section_context,
        csrf_token=context.get("csrf_token"),
    )
