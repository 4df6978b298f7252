"""A whole page stored as HTML until its data change, the CSRF token put in per request (issue 14).

For a page that reads only stored parts, drawing the page itself (the layout, the forms, its
lists) costs more than reading them. `stored_page` keeps the drawn page's bytes
(`core.stored`: shared cache and a memory layer per process) under a key that holds:

- the caller's `key_parts` (the object, the reader's permissions on it) and a `fingerprint`
  of every table the page reads — also the users' table, whose names the header shows
  (`changes.user_table()`);
- what the layout shows of the request: the full path (the language form's `next`, the
  as-of date in the query), the language and today's date (the as-of date's default);
- the reader: the account, whether it is active, its role, its municipality and its staff
  flags (the header and the menu show them).

Never stored: a page shown with messages (they are shown once), a request other than GET or
HEAD, an answer other than 200. The CSRF token is drawn as `CSRF_PLACEHOLDER` and the
request's own token is put in its two places (the forms' hidden field and htmx's header) for
every response; the placeholder is never replaced in text a user wrote (that text is escaped,
so it cannot make those attributes).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.html import escape
from django.utils.translation import get_language

from boligsosial.core.asof import today
from boligsosial.core.stored import MISSING, key_for, lookup, store

# Letters only: the template's escaping leaves it as it is, and no page text looks like it.
CSRF_PLACEHOLDER = "bsStoredSectionCsrfTokenPlaceholder"


def token_field(token: str) -> str:
    """The CSRF hidden field's attributes as `{% csrf_token %}` draws them."""
    return f'name="csrfmiddlewaretoken" value="{escape(token)}"'


def with_token(html: str, token: str) -> str:
    """`html` drawn with `CSRF_PLACEHOLDER`, with the request's `token` in its fields."""
    return html.replace(token_field(CSRF_PLACEHOLDER), token_field(token))


def _with_token_bytes(content: bytes, token: str) -> bytes:
    for drawn in (token_field, _htmx_header):
        content = content.replace(drawn(CSRF_PLACEHOLDER).encode(), drawn(token).encode())
    return content


def _htmx_header(token: str) -> str:
    # core/base.html: <body hx-headers='{"X-CSRFToken": "…"}'> (a user's text has its quotes
    # escaped, so it never makes this).
    return f'{{"X-CSRFToken": "{escape(token)}"}}'


def reader_key(user: Any) -> tuple:
    """What the layout and the access rules show of the reader."""
    if not getattr(user, "is_authenticated", False):
        return ("anonymous",)
    return (
        user.pk,
        bool(user.is_active),
        str(getattr(user, "role", "")),
        getattr(user, "municipality_id", None),
        bool(user.is_staff),
        bool(user.is_superuser),
    )


def storable(request: HttpRequest) -> bool:
    """A request whose page may come from, and go into, the store."""
    return request.method in ("GET", "HEAD") and not len(get_messages(request))


def stored_page(
    request: HttpRequest,
    key_parts: Iterable[Hashable],
    *,
    fingerprint: str,
    draw: Callable[[dict], HttpResponse],
) -> HttpResponse:
    """The page `draw(context)` draws, stored under `key_parts`, `fingerprint` and the
    request's reader, path, language and date; `draw` adds `context` to its template's."""
    if not storable(request):
        return draw({})
    key = key_for(
        (
            "stored-page",
            *key_parts,
            request.get_full_path(),
            get_language(),
            today().isoformat(),
            reader_key(request.user),
        ),
        fingerprint,
    )
    content = lookup(key)
    if content is MISSING:
        response = draw({"csrf_token": CSRF_PLACEHOLDER})
        content = response.content
        if response.status_code == 200:
            store(key, content)
    else:
        response = HttpResponse(content_type="text/html; charset=utf-8")
    response.content = _with_token_bytes(content, get_token(request))
    return response


def splice(content: bytes, parts: dict[str, bytes | None]) -> bytes:
    """`content` with each mark (an HTML comment the template drew) replaced by its bytes."""
    for mark, data in parts.items():
        if data is not None:
            before, found, after = content.partition(mark.encode())
            if found:
                content = b"".join((before, data, after))
    return content
