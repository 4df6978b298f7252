"""The programme table served from a stored computation (issue 14).

Under 16 clients on two cores a page must cost 10–30 ms; the table's query alone is about
50 ms at national scale. The table (with its body drawn) and the API's JSON text are stored
under the change-log fingerprint of the tables they read (`core.stored.remember`) and
everything else they depend on: programme, indicator, category, half-years or years, the
language, the small-count threshold, and the reader's access — every Husbanken reader sees
every participation; a municipal reader sees their own municipality's (by its municipality:
its code history lives in the fingerprinted tables). The stored table carries the page's
table section drawn; the page around it is stored per reader by the view
(`core.stored_pages`, under `page_tables`), with the CSRF token put in per request.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from django.utils.translation import get_language

from boligsosial.core.changes import fingerprints, tables_of, user_table
from boligsosial.core.stored import remember
from boligsosial.programmes.access import reader_scope
from boligsosial.reporting.models import Dimension, DimensionOption, Indicator, ReportingPeriod
from boligsosial.reporting.selectors.table import (
    ProgrammeTable,
    TableFrame,
    programme_table,
    table_frame,
)

if TYPE_CHECKING:
    from boligsosial.accounts.models import User
    from boligsosial.programmes.models import Programme

# Everything the table reads: the registry, programmes and participations, the catalogue,
# periods, reports and values.
TABLE_APPS = ("municipalities", "programmes", "reporting")


def frame_tables() -> tuple[str, ...]:
    """What a table's columns and rows are read from: the registry, programmes and
    participations, and the periods (not the reports and values, written far more often)."""
    return (*tables_of("municipalities", "programmes"), ReportingPeriod._meta.db_table)


class TableFingerprints(NamedTuple):
    every: str  # all the table reads (`TABLE_APPS`)
    frame: str  # its columns and rows (`frame_tables`)
    catalogue: str  # the indicators and their categories (`catalogue_tables`)
    page: str  # the page around the table (`page_tables`)


def page_tables() -> tuple[str, ...]:
    """What the table page shows around its table section: the catalogue (the indicator's
    name and definition, the lists to choose from), the users' names and a municipal user's
    municipality (the header)."""
    return (*catalogue_tables(), user_table(), *tables_of("municipalities"))


def table_fingerprints() -> TableFingerprints:
    """The fingerprints a table page or the API needs, in one query (read before the data)."""
    return TableFingerprints(
        *fingerprints(tables_of(*TABLE_APPS), frame_tables(), catalogue_tables(), page_tables())
    )


def table_section(table: ProgrammeTable, programme: Programme) -> bytes:
    """The page's table: caption, columns, a row per municipality, the sums and the notes."""
    from django.template.loader import render_to_string

    from boligsosial.reporting import privacy

    context = {"table": table, "programme": programme, "small_label": privacy.small_count_label()}
    return render_to_string("reporting/_programme_table_section.html", context).encode()


def _stored_frame(programme: Programme, user: User, per_year: bool, fingerprint: str) -> TableFrame:
    """`table_frame`, stored under its own tables: after a report is approved the table is
    computed again, but its columns and rows are not read again."""
    key = (
        "reporting.table-frame",
        programme.pk,
        bool(per_year),
        get_language(),
        reader_scope(user),
    )
    return remember(
        key,
        frame_tables(),
        lambda: table_frame(programme, user, per_year),
        fingerprint=fingerprint,
    )


def _key(kind: str, programme: Programme, code: str, user: User, option, per_year) -> tuple:
    from boligsosial.reporting import privacy

    return (
        kind,
        programme.pk,
        code,
        option or "",
        bool(per_year),
        get_language(),
        privacy.threshold(),
        reader_scope(user),  # programmes.access: who sees which participations
    )


def stored_programme_table(
    programme: Programme,
    indicator_code: str,
    *,
    user: User,
    disaggregation: str | None = None,
    per_year: bool = False,
    catalogue: list[Indicator] | None = None,
    fingerprints: TableFingerprints | None = None,
) -> ProgrammeTable | None:
    """`programme_table` with the page's table section drawn (`section`) and without its
    rows, stored until its data change (the page's category list comes from
    `stored_indicator_choices`, which the page passes as `catalogue`, read under the same
    `fingerprints`)."""
    every, frame, catalogue_fingerprint, _page = fingerprints or table_fingerprints()

    def compute() -> ProgrammeTable | None:
        table = programme_table(
            programme,
            indicator_code,
            user=user,
            disaggregation=disaggregation,
            per_year=per_year,
            catalogue=stored_indicator_choices(catalogue_fingerprint)
            if catalogue is None
            else catalogue,
            frame=_stored_frame(programme, user, per_year, frame),
        )
        if table is None:
            return None
        # The page shows the section drawn, never the rows again: stored without them (half
        # the size to pickle after the response and to read in another worker).
        return replace(table, rows=[], section=table_section(table, programme))

    key = _key("reporting.table.v4", programme, indicator_code, user, disaggregation, per_year)
    return remember(key, tables_of(*TABLE_APPS), compute, fingerprint=every)


def stored_table_json(
    programme: Programme,
    indicator_code: str,
    *,
    user: User,
    disaggregation: str | None = None,
    per_year: bool = False,
) -> str | None:
    """The API's JSON text of the table (None: no such indicator), stored likewise."""
    every, frame, catalogue_fingerprint, _page = table_fingerprints()

    def compute() -> str | None:
        from boligsosial.reporting.table_json import table_json

        table = programme_table(
            programme,
            indicator_code,
            user=user,
            disaggregation=disaggregation,
            per_year=per_year,
            catalogue=stored_indicator_choices(catalogue_fingerprint),
            frame=_stored_frame(programme, user, per_year, frame),
        )
        return None if table is None else table_json(table)

    key = _key("reporting.table-json", programme, indicator_code, user, disaggregation, per_year)
    return remember(key, tables_of(*TABLE_APPS), compute, fingerprint=every)


def catalogue_tables() -> tuple[str, ...]:
    """The catalogue's tables: indicators, their categories and the link between them."""
    return tuple(
        sorted(
            model._meta.db_table
            for model in (Indicator, Indicator.dimensions.through, Dimension, DimensionOption)
        )
    )


def stored_indicator_choices(fingerprint: str | None = None) -> list[Indicator]:
    """The catalogue's current indicators in order, with their categories (the pages' indicator
    and category lists), stored until the catalogue changes: under the catalogue's own
    fingerprint, so an approved report does not make the next page read the catalogue again.
    `fingerprint`: the catalogue's, when the caller has read it (`table_fingerprints`)."""

    def compute() -> list[Indicator]:
        return list(
            Indicator.objects.filter(is_current=True)
            .prefetch_related("dimensions__options")
            .order_by("order")
        )

    return remember(
        ("reporting.indicator-choices",), catalogue_tables(), compute, fingerprint=fingerprint
    )


def stored_completeness(programme: Programme) -> list[dict]:
    """Completeness of every reporting period of the programme, newest first (the overview's
    table: about five queries a period, 100 at national size), stored until the programme's
    participations, phases, periods, templates, reports or values change. The same for every
    reader who may see the programme: it counts reports, never shows a municipality's."""
    from boligsosial.reporting.selectors.programme import completeness

    def compute() -> list[dict]:
        periods = programme.reporting_periods.select_related("template").order_by("-start", "kind")
        return [{"period": p, "completeness": completeness(programme, p)} for p in periods]

    return remember(
        ("reporting.completeness", programme.pk), tables_of("programmes", "reporting"), compute
    )
