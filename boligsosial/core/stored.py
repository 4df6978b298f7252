"""Stored computations keyed by what they were computed from (issue 14).

`remember(key_parts, tables, compute)` answers `compute()` as stored under a key that holds
the change-log fingerprint of `tables` (`core.changes`, read BEFORE the data) and
`key_parts` — everything else the result depends on: parameters, the language, the reader's
access (never let one reader's result reach a reader who may see other rows), today's date
where the result depends on it. A write to any of the tables changes the key, so the next
request computes again; nothing is ever invalidated by hand.

Where: the Django cache (a database table all processes share), with a small memory layer
per process in front of it (bounded by `BOLIGSOSIAL_STORED_MEMORY_BYTES`, least recently
used out first). The memory layer is safe because a key never changes meaning; it is not
written inside a transaction (a rolled-back write could otherwise leave a result that no
committed data gave). Values are shared between requests of a process: treat them as
read-only.

Inside a request, a result computed afresh is pickled and goes into the memory layer and the
shared cache after the response has been sent (`request_finished`): the reader who paid for
the computation does not also wait for the pickling and the cache table's write (13–23 ms
for the programme table at national size). Inside a transaction, and outside requests (commands, the worker),
it is written at once.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection

from boligsosial.core import changes

STORED_FOR_SECONDS = 7 * 24 * 3600
MEMORY_BYTES = 96 * 1024 * 1024
MISSING: Any = object()

_memory: OrderedDict[str, tuple[Any, int]] = OrderedDict()
_memory_bytes = 0
_memory_lock = threading.Lock()  # threaded servers (runserver); gunicorn's workers are not
_request = threading.local()  # .writes, .pending: this request's results waiting for its response
logger = logging.getLogger(__name__)


def key_for(key_parts: Iterable[Hashable], fingerprint: str) -> str:
    """The cache key of `key_parts` under `fingerprint` (short: database cache keys are
    limited to 250 characters)."""
    digest = hashlib.sha256(repr((tuple(key_parts), fingerprint)).encode()).hexdigest()
    return f"stored:{digest[:40]}"


def _memory_limit() -> int:
    return int(getattr(settings, "BOLIGSOSIAL_STORED_MEMORY_BYTES", MEMORY_BYTES))


def _remember_in_memory(key: str, value: Any, size: int) -> None:
    global _memory_bytes
    limit = _memory_limit()
    if connection.in_atomic_block or size > limit // 4:
        return
    with _memory_lock:
        if key in _memory:
            return
        _memory[key] = (value, size)
        _memory_bytes += size
        while _memory_bytes > limit and _memory:
            _old, (_value, old_size) = _memory.popitem(last=False)
            _memory_bytes -= old_size


def forget_memory() -> None:
    """Empty this process's memory layer (tests; the shared cache is left as it is)."""
    global _memory_bytes
    with _memory_lock:
        _memory.clear()
        _memory_bytes = 0


def lookup(key: str) -> Any:
    """The value stored under `key`, or MISSING."""
    pending = getattr(_request, "pending", None)
    if pending and key in pending:
        return pending[key]
    with _memory_lock:
        held = _memory.get(key)
        if held is not None:
            _memory.move_to_end(key)
    if held is not None:
        return held[0]
    blob = cache.get(key)
    if blob is None:
        return MISSING
    value = pickle.loads(blob)
    _remember_in_memory(key, value, len(blob))
    return value


def store(key: str, value: Any, *, timeout: int = STORED_FOR_SECONDS) -> None:
    waiting = getattr(_request, "writes", None)
    if waiting is not None and not connection.in_atomic_block:
        # Pickled after the response too (2 ms for the national programme table): until then
        # this request reads it from `pending`.
        _request.pending[key] = value
        waiting.append((key, value, timeout))
        return
    _write(key, value, timeout)


def _write(key: str, value: Any, timeout: int) -> None:
    # Pickled here, so the memory layer knows each value's size.
    blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    _remember_in_memory(key, value, len(blob))
    cache.set(key, blob, timeout)


def begin_request(**_kwargs) -> None:
    """`request_started`: this request's stored results wait for its response."""
    _request.writes = []
    _request.pending = {}


def end_request(**_kwargs) -> None:
    """`request_finished` (the response has been sent): store what the request computed."""
    writes, _request.writes, _request.pending = getattr(_request, "writes", None), None, None
    for key, value, timeout in writes or ():
        try:
            _write(key, value, timeout)
        except DatabaseError:  # the response is gone; the next reader computes it again
            logger.warning("Stored computation %s not written to the shared cache", key)


def remember[T](
    key_parts: Iterable[Hashable],
    tables: Iterable[str],
    compute: Callable[[], T],
    *,
    fingerprint: str | None = None,
    timeout: int = STORED_FOR_SECONDS,
) -> T:
    """`compute()`, stored under `key_parts` and the fingerprint of `tables` (every table the
    computation reads). Pass `fingerprint` when the caller already read it for these tables."""
    fingerprint = fingerprint or changes.fingerprint(tables)
    key = key_for(key_parts, fingerprint)
    value = lookup(key)
    if value is MISSING:
        value = compute()
        store(key, value, timeout=timeout)
        _compact_when_large(fingerprint)
    return value


def _compact_when_large(fingerprint: str) -> None:
    """A computation was stored afresh (rare; it just did real work): keep the log small."""
    try:
        rows = int(fingerprint.split(".")[1])
    except (IndexError, ValueError):  # pragma: no cover - fingerprints are made above
        return
    if rows > changes.COMPACT_ABOVE and connection.vendor == "postgresql":
        changes.compact()
