"""Real concurrent writers for the workflow's race tests, on PostgreSQL and on SQLite.

PostgreSQL: every thread has its own connection to the test database (the tests are
`transaction=True`, so what the fixtures made is committed and visible to them).

SQLite: the suite's test database lives in memory, where a second connection cannot wait
for a lock. The arena copies it into a file (WAL, busy timeout, as the embedded default
runs), and every thread gets a connection of its own to that file.

A blocker thread holds the report's lock while the writers start, so both reach their
lock before either has it: the order they then run in is the database's, as in production.
"""

import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection, connections, transaction

from boligsosial.reporting.locking import lock_report

WAIT = 30  # seconds; a writer that waits longer is a deadlock, and the test fails


@dataclass
class Outcome:
    value: Any = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class Arena:
    def __init__(self, tmp_path):
        self.path = None
        self.wrapper = type(connections["default"])
        if connection.vendor == "sqlite":
            self.path = str(tmp_path / "concurrency.sqlite3")
            connection.ensure_connection()
            target = sqlite3.connect(self.path)
            connection.connection.backup(target)
            target.execute("PRAGMA journal_mode=WAL")
            target.close()

    def _connect(self) -> None:
        if self.path is None:
            return  # a new thread opens its own connection to the test database
        settings = {
            **connection.settings_dict,
            "NAME": self.path,
            "OPTIONS": {"timeout": WAIT},
            "TEST": {**connection.settings_dict.get("TEST", {}), "NAME": self.path},
        }
        connections["default"] = self.wrapper(settings, alias="default")

    def thread(self, fn: Callable[[], Any], outcome: Outcome) -> threading.Thread:
        def target():
            self._connect()
            try:
                outcome.value = fn()
            except BaseException as exc:  # reported by the test, with its type
                outcome.error = exc
            finally:
                connections["default"].close()

        return threading.Thread(target=target, daemon=True)

    def read(self, fn: Callable[[], Any]) -> Any:
        """Run `fn` against the arena's database (a file copy on SQLite)."""
        outcome = Outcome()
        worker = self.thread(fn, outcome)
        worker.start()
        worker.join(WAIT)
        if outcome.error:
            raise outcome.error
        return outcome.value

    def _waiting(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            return cursor.fetchone()[0]

    def _until_blocked(self, workers: list[threading.Thread]) -> None:
        """Until every writer still running waits for a lock (PostgreSQL), or a moment (SQLite)."""
        if self.path is not None:
            time.sleep(0.4)
            return
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            alive = sum(w.is_alive() for w in workers)
            if alive == 0 or self._waiting() >= alive:
                return
            time.sleep(0.02)
        raise AssertionError("the writers did not reach the report's lock")

    def race(self, report_pk: int, *ops: Callable[[], Any]) -> list[Outcome]:
        """Start `ops` one after the other while the report is locked, then let them run."""
        held, release = threading.Event(), threading.Event()

        def hold():
            with transaction.atomic():
                lock_report(report_pk)
                held.set()
                release.wait(WAIT)

        blocker = self.thread(hold, Outcome())
        blocker.start()
        assert held.wait(WAIT)
        outcomes = [Outcome() for _op in ops]
        workers = []
        for op, outcome in zip(ops, outcomes, strict=True):
            worker = self.thread(op, outcome)
            workers.append(worker)
            worker.start()
            self._until_blocked(workers)
        release.set()
        for worker in [blocker, *workers]:
            worker.join(WAIT)
            assert not worker.is_alive(), "a writer is still waiting: deadlock"
        return outcomes
