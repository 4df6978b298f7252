"""Pages about an evaluation that live in apps to the right (the evaluation report).

Those apps register a provider (user, evaluation) -> [(label, url)] in `AppConfig.ready()`;
the evaluation page lists what it returns, so the way from fieldwork to findings and report
is one click (issue 17).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Provider = Callable[[object, object], Iterable[tuple[str, str]]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def related_pages(user, evaluation) -> list[tuple[str, str]]:
    return [page for provider in _providers for page in provider(user, evaluation)]
