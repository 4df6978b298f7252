"""The portfolio page served from a stored computation (issue 14).

Under 16 clients on two cores a page must cost 10–15 ms; judging every visible
participation and drawing the page's 50 rows cost about 35 ms at national scale. The
summary, the page's numbers and the rows' HTML are stored (`core.stored.remember`) under the
change-log fingerprint of every table they read — the registry (codes and their history, for
a municipal reader's scope and the region filter), programmes (participations, phases,
organisation and its history, regions), followup (the annual meetings) and the users' names
(programme contacts) — and everything else they depend on: the reader's scope
(`access.reader_scope`), the as-of date, today's date, the language, the filters and the
page. Never the whole response: the CSRF token and the user menu stay per request.

What is due for the reader (`core.due.due_for`, gathered from every app's providers) is
stored per person: under the fingerprint of every table in the change log (a provider may
read any app's) and the person's id, role, municipality and whether the account is active
(the columns access is decided by: the users' table is in the log for names only).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from boligsosial.accounts.access import AnyUser
from boligsosial.core import asof
from boligsosial.core.changes import tables_of, user_table, watched_tables
from boligsosial.core.due import DueItem, due_for
from boligsosial.core.stored import remember
from boligsosial.programmes import access
from boligsosial.programmes.portfolio import PAGE_SIZE, PortfolioFilters, portfolio_page
from boligsosial.programmes.region_models import Region

# Everything the page reads (the users' table for the programme contacts' names).
PORTFOLIO_APPS = ("municipalities", "programmes", "followup")


def portfolio_tables() -> tuple[str, ...]:
    return (*tables_of(*PORTFOLIO_APPS), user_table())


@dataclass
class StoredPortfolio:
    """What `portfolio_page` gives, with the rows drawn: the template's `page`."""

    total: int
    selected: int
    shown: int
    phase_counts: list[tuple[str, str, int]]
    with_alerts: int
    with_danger: int
    several_programmes: bool
    has_report_data: bool
    rows: Page  # of range(shown): the page's number and links; the rows are in rows_html
    programme_name: str  # the first row's programme (the caption names it)
    rows_html: str
    regions: list[Region]  # the region filter's choices

    @property
    def rows_markup(self) -> SafeString:
        return mark_safe(self.rows_html)  # escaped when drawn (_portfolio_rows.html)


def _page_number(text: str) -> int:
    """The page asked for as the paginator reads it (any other text is the first page), so
    that spellings of the same page share one stored value."""
    try:
        return int(text)
    except ValueError:
        return 1


def _compute(user: AnyUser, as_of: dt.date, filters: PortfolioFilters) -> StoredPortfolio:
    page = portfolio_page(user, as_of, filters)
    rows = list(page.rows)
    rows_html = render_to_string(
        "programmes/_portfolio_rows.html",
        {"rows": rows, "several_programmes": page.several_programmes, "filters": filters},
    )
    return StoredPortfolio(
        total=page.total,
        selected=page.selected,
        shown=page.shown,
        phase_counts=page.phase_counts,
        with_alerts=page.with_alerts,
        with_danger=page.with_danger,
        several_programmes=page.several_programmes,
        has_report_data=page.has_report_data,
        rows=Paginator(range(page.shown), PAGE_SIZE).page(page.rows.number),
        programme_name=rows[0].participation.programme.name if rows else "",
        rows_html=str(rows_html).removesuffix("\n"),  # the template's file ends in one
        regions=list(Region.objects.order_by("name")),
    )


def stored_portfolio_page(
    user: AnyUser, as_of: dt.date, filters: PortfolioFilters
) -> StoredPortfolio:
    """The portfolio page `filters` asks for, stored until a table it reads changes."""
    key = (
        "programmes.portfolio",
        access.reader_scope(user),
        as_of.isoformat(),
        # The rules judge on the as-of date alone today; keyed on today too, so that a rule
        # about what is late now can never be served from yesterday.
        asof.today().isoformat(),
        get_language(),
        filters.region.key if filters.region else "",
        filters.phase,
        filters.alerts,
        filters.name,
        _page_number(filters.page),
    )
    return remember(key, portfolio_tables(), lambda: _compute(user, as_of, filters))


def stored_due_for(user: AnyUser, as_of: dt.date) -> list[DueItem]:
    """`due_for(user, as_of)`, stored until any table in the change log changes."""
    key = (
        "core.due",
        user.pk,
        getattr(user, "role", None),
        getattr(user, "municipality_id", None),
        user.is_active,
        as_of.isoformat(),
        asof.today().isoformat(),
        get_language(),
    )
    return remember(key, watched_tables(), lambda: due_for(user, as_of))
