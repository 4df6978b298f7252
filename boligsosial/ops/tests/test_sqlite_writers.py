"""The embedded SQLite default serialises concurrent writers instead of failing.

Two threads run read-then-write transactions (the shape of every service: look, then
save) against one SQLite file with the settings' SQLite options. With SQLite's default
deferred transactions the second writer cannot upgrade its read lock and gets
"database is locked" at once, whatever the busy timeout; `BEGIN IMMEDIATE` makes it wait.
"""

import datetime as dt
import threading

from django.conf import settings
from django.db import connections, transaction

from boligsosial.municipalities.models import County

ALIAS = "sqlite_writers"
WRITES_PER_THREAD = 40


def _writer(number: int, errors: list[BaseException]) -> None:
    try:
        for i in range(WRITES_PER_THREAD):
            with transaction.atomic(using=ALIAS):
                seen = County.objects.using(ALIAS).count()
                County.objects.using(ALIAS).create(
                    code=f"{number:02d}",
                    name=f"Fylke {number}-{i} etter {seen}",
                    valid_from=dt.date(2000, 1, 1) + dt.timedelta(days=i),
                )
    except BaseException as exc:  # noqa: BLE001  (reported by the test)
        errors.append(exc)
    finally:
        connections[ALIAS].close()


def test_two_threads_write_to_a_sqlite_file_concurrently_without_error(tmp_path, django_db_blocker):
    connections.settings[ALIAS] = {
        **connections.settings["default"],
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "writers.sqlite3"),
        "OPTIONS": settings.SQLITE_OPTIONS,
        "TEST": {},
    }
    try:
        with django_db_blocker.unblock():
            with connections[ALIAS].schema_editor() as editor:
                editor.create_model(County)
            connections[ALIAS].close()
            errors: list[BaseException] = []
            threads = [threading.Thread(target=_writer, args=(n, errors)) for n in (1, 2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
            assert errors == []
            assert County.objects.using(ALIAS).count() == 2 * WRITES_PER_THREAD
            connections[ALIAS].close()
    finally:
        del connections.settings[ALIAS]
