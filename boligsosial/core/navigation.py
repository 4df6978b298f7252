"""The main navigation. Each app registers its own entries in its `AppConfig.ready()`,
with its own visibility rule, so core depends on no app."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavEntry:
    label: Any  # a lazy translation
    url_name: str
    order: int
    # (user) -> bool; None shows the entry to every logged-in user.
    visible_if: Callable[[Any], bool] | None = None


_entries: dict[str, NavEntry] = {}


def register(entry: NavEntry) -> None:
    """Add or replace (by URL name) an entry; `ready()` may run more than once in tests."""
    _entries[entry.url_name] = entry


def entries() -> list[NavEntry]:
    return sorted(_entries.values(), key=lambda entry: (entry.order, entry.url_name))


def navigation_for(request: HttpRequest) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for entry in entries():
        if entry.visible_if is not None and not entry.visible_if(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": entry.label, "url": url, "current": request.path.startswith(url)})
    return items
