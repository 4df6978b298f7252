"""What is due for a person on a date, gathered from every app for their front page.

Apps register a provider (user, as_of) -> [DueItem] in `AppConfig.ready()`, as they register
menu entries; the portfolio page (everyone's front page) lists what they return by date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class DueItem:
    text: str
    url: str
    date: dt.date | None = None
    overdue: bool = False


Provider = Callable[[object, dt.date], Iterable[DueItem]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def due_for(user, as_of: dt.date) -> list[DueItem]:
    items = [item for provider in _providers for item in provider(user, as_of)]
    return sorted(items, key=lambda i: (i.date or dt.date.max, i.text))
