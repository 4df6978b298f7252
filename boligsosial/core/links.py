"""Links in documents many readers read (a published report, an export): a link only for a
reader who may open it, plain text for everyone else — never a link that answers 404.

Each app registers, for its pages, the access function its own view calls (`get_…_for_user`,
which returns the object or raises Http404). `Links(user)` asks it once per page and address.

    links = Links(request.user)
    links.html(url, label)   # <a class="ds-link" href="…">label</a> or the escaped label
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils.html import format_html
from django.utils.safestring import SafeString

# check(user, *url args, **url kwargs): raises Http404/PermissionDenied or returns False when
# the user may not open the page.
Check = Callable[..., Any]
_checks: dict[str, Check] = {}


def register(view_name: str, check: Check) -> None:
    _checks[view_name] = check


def logged_in(user, *args, **kwargs) -> bool:
    """For pages every logged-in user may read (the municipality register)."""
    return bool(user and user.is_authenticated)


class Links:
    def __init__(self, user) -> None:
        self.user = user
        self._answers: dict[str, bool] = {}

    def can_open(self, url: str) -> bool:
        parts = urlsplit(url or "")
        if not parts.path:
            return bool(parts.fragment)  # an anchor in the same document
        if parts.scheme or parts.netloc:
            return True  # another site: not ours to refuse
        if parts.path not in self._answers:
            self._answers[parts.path] = self._ask(parts.path)
        return self._answers[parts.path]

    def _ask(self, path: str) -> bool:
        if not (self.user and self.user.is_authenticated):
            return False
        try:
            match = resolve(path)
        except Resolver404:
            return False
        check = _checks.get(match.view_name or "")
        if check is None:
            return False  # a page nobody said who may open: text, not a link that may 404
        try:
            return check(self.user, *match.args, **match.kwargs) is not False
        except (Http404, PermissionDenied, ObjectDoesNotExist):
            return False

    def html(self, url: str, label: str, *, css: str = "ds-link") -> SafeString:
        if url and self.can_open(url):
            return format_html('<a class="{}" href="{}">{}</a>', css, url, label)
        return format_html("{}", label)
