"""The plans overview's rows stored until their data change (issue 14).

At national size the overview judges the goal hierarchy of 357 participations and draws
357 rows: about 0.4 s of a request. The rows' HTML is stored under the change-log
fingerprint of the registry, programmes and plans (`core.stored.remember`) and everything
else it depends on: the language (the flags' texts) and what the reader may see — which
participations (`programmes.access.reader_scope`) and which measures are counted
(`plans.access.visible_measures`: Husbanken counts drafts of the participations it sees, a
municipality its own, everyone else only published measures). Rows hold no CSRF token or
anything else per session.
"""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from boligsosial.accounts.models import User
from boligsosial.core.changes import tables_of
from boligsosial.core.stored import remember
from boligsosial.plans import selectors
from boligsosial.programmes import access


def _measure_scope(user: User) -> str:
    """Which drafts `visible_measures` lets the user count (published ones count for all)."""
    if access.is_husbanken(user):
        return "husbanken"
    if user.is_municipal and user.municipality_id:
        return "municipal"
    return "published"


def stored_index_rows(user: User) -> SafeString:
    """The overview table's body: a row per visible participation with its measures and the
    goal hierarchy's flags."""

    def compute() -> str:
        participations = list(
            access.visible_participations(user).order_by("programme__name", "municipality__name")
        )
        flags = selectors.quality_by_participation(participations)
        counts = selectors.measure_counts(user, participations)
        rows = [
            {"participation": p, "flags": flags[p.pk], "measures": counts.get(p.pk, 0)}
            for p in participations
        ]
        return render_to_string("plans/_index_rows.html", {"rows": rows})

    key = ("plans.index-rows", get_language(), access.reader_scope(user), _measure_scope(user))
    rows_html = remember(key, tables_of("municipalities", "programmes", "plans"), compute)
    return mark_safe(rows_html)  # escaped when drawn (_index_rows.html)
