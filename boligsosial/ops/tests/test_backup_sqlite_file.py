"""Backup and restore of a SQLite *file* (the embedded default; the suite's own test
database is in memory): the copy is taken under SQLite's write lock, a writer that runs
meanwhile waits instead of failing, and restore gives back the rows as they were."""

import datetime as dt
import threading

from django.db import connections, transaction

from boligsosial.municipalities.models import County
from boligsosial.ops.backup import backup, restore

ALIAS = "backup_file"


def _rows():
    return list(County.objects.using(ALIAS).order_by("pk").values())


def _writer(stop: threading.Event, errors: list[BaseException]) -> None:
    try:
        day = 0
        while not stop.is_set() and day < 200:
            with transaction.atomic(using=ALIAS):
                County.objects.using(ALIAS).create(
                    code="99",
                    name="Skrives under kopien",
                    valid_from=dt.date(1990, 1, 1) + dt.timedelta(days=day),
                )
            day += 1
    except BaseException as exc:  # noqa: BLE001  (reported by the test)
        errors.append(exc)
    finally:
        connections[ALIAS].close()


def test_a_sqlite_file_is_backed_up_under_a_writer_and_restored(
    tmp_path, settings, django_db_blocker
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "fil.txt").write_text("innhold")
    connections.settings[ALIAS] = {
        **connections.settings["default"],
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "file.sqlite3"),
        "OPTIONS": settings.SQLITE_OPTIONS,
        "TEST": {},
    }
    try:
        with django_db_blocker.unblock():
            with connections[ALIAS].schema_editor() as editor:
                editor.create_model(County)
            County.objects.using(ALIAS).create(
                code="06", name="Buskerud", valid_from=dt.date(1838, 1, 1)
            )
            stop, errors = threading.Event(), []
            writer = threading.Thread(target=_writer, args=(stop, errors))
            writer.start()
            manifest = backup(tmp_path / "b.tar.gz", using=ALIAS)
            stop.set()
            writer.join(timeout=60)
            assert errors == []
            assert manifest["engine"] == "sqlite" and list(manifest["files"]) == ["fil.txt"]
            County.objects.using(ALIAS).filter(code="99").delete()
            backed_up = _rows()

            County.objects.using(ALIAS).update(name="Endret")
            (tmp_path / "private" / "fil.txt").write_text("endret")
            restore(tmp_path / "b.tar.gz", using=ALIAS)
            County.objects.using(ALIAS).filter(code="99").delete()

            assert _rows() == backed_up
            assert (tmp_path / "private" / "fil.txt").read_text() == "innhold"
            connections[ALIAS].close()
    finally:
        del connections.settings[ALIAS]
