"""The follow-up overview's rows stored until their data change (issue 14).

At national size the overview reads the meetings and open actions of 357 participations and
draws 357 rows: about 0.4 s of a request. The rows' HTML is stored under the change-log
fingerprint of the registry, programmes and follow-up (`core.stored.remember`) and everything
else it depends on: the as-of date (contact, annual meetings and overdue points are judged on
it; today's date by default), the language and which participations the reader sees
(`programmes.access.reader_scope`). Rows hold nothing per session.
"""

import datetime as dt

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from boligsosial.accounts.models import User
from boligsosial.core.changes import tables_of
from boligsosial.core.stored import remember
from boligsosial.followup import selectors
from boligsosial.programmes import access


def stored_index_rows(user: User, as_of: dt.date) -> SafeString:
    """The overview table's body: contact, annual meeting and open points per participation."""

    def compute() -> str:
        participations = (
            access.visible_participations(user)
            .select_related("programme")
            .prefetch_related("phases")
            .order_by("municipality__name")
        )
        rows = selectors.overview(participations, as_of)
        return render_to_string("followup/_index_rows.html", {"rows": rows})

    key = ("followup.index-rows", as_of.isoformat(), get_language(), access.reader_scope(user))
    rows_html = remember(key, tables_of("municipalities", "programmes", "followup"), compute)
    return mark_safe(rows_html)  # escaped when drawn (_index_rows.html)
