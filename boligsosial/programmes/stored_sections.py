"""The participation page's sections, stored as HTML until their data change (issue 14).

At national scale the sections other apps add to the participation page (plans, reports,
follow-up, grants and start loans) cost most of the page's 60-80 ms and 20 of its 30 queries.
Each section's HTML is stored with `core.stored.remember` under the change-log fingerprint
of the tables the page's sections read (`PAGE_APPS` and the users' names; each section
declares the apps it reads, which must be among them) and everything else it depends on:

- the participation, the section, the language and the page's as-of date (the default as-of
  date is today, so "today" is in the key whenever the page shows today; the sections read
  no other date);
- the reader's access as the access rules see it (`reader_access`: whether the account is
  active, its role and its municipality — what `visible_participations`, `visible_measures`
  and the like decide on), and each per-user bit the section shows (an edit link, a start
  button) as its own key part: a programme contact's edit rights hang on the participation's
  contact, which is the user, not the role;
- never a CSRF token: a form in a section is stored with `CSRF_PLACEHOLDER` and the request's
  token is put in when the section is shown.

One fingerprint for all sections, read once per request (before any section reads its
data): the fingerprint is per table, not per participation, so a write anywhere in the
programme changes every participation's sections anyway, and five fingerprint queries cost
more than the recomputation a write to one app causes in the others.

The municipality's code on the as-of date (`code_note`) and the page's own top (what is due, the agreement, organisation and phases:
`participation_overview`) is stored the same way. The audit history stays per request: the
audit tables are not in the change log (`core.changes.WATCHED_APPS`), so nothing could tell a
stored history that a new entry was written (one small query).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from functools import cache

from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from boligsosial.accounts.access import AnyUser
from boligsosial.accounts.models import User
from boligsosial.core import changes
from boligsosial.core.changes import tables_of, user_table
from boligsosial.core.stored import remember
from boligsosial.core.stored_pages import with_token
from boligsosial.programmes import access, selectors
from boligsosial.programmes.models import OrganisationPeriod, Participation, Phase

# Every app a section of the page reads (see each section's own list).
PAGE_APPS = ("municipalities", "programmes", "reporting", "plans", "followup", "instruments")


@cache
def page_tables() -> tuple[str, ...]:
    """The tables of `PAGE_APPS` and the users' table (names shown in the overview)."""
    return (*tables_of(*PAGE_APPS), user_table())


def _page_fingerprint(participation: Participation) -> str:
    """The fingerprint of `page_tables`, read once for the request's participation (the view
    reads the participation afresh for every request)."""
    held = getattr(participation, "_stored_sections_fingerprint", None)
    if held is None:
        held = changes.fingerprint(page_tables())
        participation._stored_sections_fingerprint = held  # type: ignore[attr-defined]
    return held


def reader_access(user: AnyUser) -> tuple:
    """What the access rules decide on besides the user's id: readers with the same answer
    see the same rows of a participation (per-user bits go in the key separately)."""
    if not isinstance(user, User):
        return ("anonymous",)
    return (bool(user.is_active), str(user.role), user.municipality_id)


def stored_section(
    name: str,
    participation: Participation,
    *,
    apps: Iterable[str],
    as_of: dt.date,
    user: AnyUser,
    bits: Iterable[Hashable],
    template: str,
    context: Callable[[], dict],
    csrf_token: str | None = None,
) -> SafeString:
    """The section `template` rendered with `context()`, stored until a table of the page
    changes; `apps` are the apps the section reads (all in `PAGE_APPS`). `bits` are the
    per-user answers the section shows (can_edit and the like)."""
    unknown = set(apps) - set(PAGE_APPS)
    if unknown:
        raise ValueError(f"Not among the participation page's apps (PAGE_APPS): {unknown}")
    key = (
        "participation-section",
        name,
        participation.pk,
        as_of.isoformat(),
        get_language(),
        reader_access(user),
        tuple(bits),
    )

    def compute() -> str:
        return str(render_to_string(template, context()))

    fingerprint = _page_fingerprint(participation)
    html = remember(key, page_tables(), compute, fingerprint=fingerprint)
    if csrf_token is not None:
        # Only in the token's own field: text a user wrote cannot make this attribute (its
        # quotes are escaped), so no placeholder in a goal or a comment is ever replaced.
        html = with_token(html, str(csrf_token))
    return mark_safe(html)


# The participation, its phases, organisation periods and partners; the annual meetings (the
# due items' rule, recorded by followup); the municipality; the names of the programme contact
# and of who recorded each organisation period (the users' name columns are watched).
OVERVIEW_APPS = ("municipalities", "programmes", "followup")


def participation_overview(
    participation: Participation, user: AnyUser, as_of: dt.date, *, can_edit: bool
) -> SafeString:
    """The top of the participation page: what is due on `as_of`, the agreement, the
    organisation then and its history, and the phases."""
    can_edit_organisation = access.can_edit_organisation(user, participation)

    def context() -> dict:
        # Phases and the organisation's periods once for the section's several readers of
        # them (the periods with who recorded them, for the history table).
        prefetch_related_objects(
            [participation],
            Prefetch("phases", queryset=Phase.objects.order_by("start")),
            Prefetch(
                "organisation_periods",
                queryset=OrganisationPeriod.objects.select_related("recorded_by"),
            ),
        )
        return {
            "participation": participation,
            "as_of": as_of,
            # As it was on the page's as-of date; the dated history below.
            "organisation": selectors.organisation_at(participation, as_of),
            "organisation_history": selectors.organisation_history(participation),
            "can_edit": can_edit,
            "can_edit_organisation": can_edit_organisation,
            "timeline": selectors.phase_timeline(participation, as_of),
            "due": selectors.due_items(participation, as_of),
        }

    return stored_section(
        "overview",
        participation,
        apps=OVERVIEW_APPS,
        as_of=as_of,
        user=user,
        bits=(can_edit, can_edit_organisation),
        template="programmes/_participation_overview.html",
        context=context,
    )


def code_note(participation: Participation, user: AnyUser, as_of: dt.date) -> SafeString:
    """The code(s) and name(s) valid on `as_of` beside the registered ones, when they differ
    (`municipalities`' `code_then_and_now`), stored with the page's sections."""
    from boligsosial.municipalities.templatetags.municipality_tags import code_then_and_now

    return stored_section(
        "code",
        participation,
        apps=("municipalities",),
        as_of=as_of,
        user=user,
        bits=(),
        template="municipalities/_code_then_and_now.html",
        context=lambda: code_then_and_now(participation.municipality, as_of),
    )
