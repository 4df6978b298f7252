"""Backup and restore: the database and the private files in one archive, consistent.

The archive is a gzip'd tar with
  manifest.json      format, engine, time, Django version, the files with SHA-256
  database.sqlite3   SQLite: a copy made with SQLite's online backup API
  database.pgdump    PostgreSQL: `pg_dump --format=custom`
  private/…          every private file: the folder PRIVATE_MEDIA_ROOT, or every object of
                     the S3-compatible bucket when STORAGES["private"] is one

Consistency: the backup holds the database's write lock while it takes the database copy
and hard-links the private files into a staging folder (SQLite: `BEGIN IMMEDIATE`;
PostgreSQL: every table locked IN SHARE MODE, the dump reading the same snapshot). Writers
wait meanwhile (readers do not); uploads write their file before their row commits and
remove it only after a delete commits, so every file a row refers to is in the archive.
With a bucket the objects are copied through the storage while writers wait (no hard links
there); a restore puts the archive's objects back under the same keys and deletes the rest,
so an archive from a folder can also move a service's files into a bucket, and back.
Not `dumpdata`: it cuts time stamps to milliseconds and loses the full-text index.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import django
from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.sqlite3.creation import DatabaseCreation

from boligsosial.core.storage import private_storage

FORMAT = "boligsosial-backup/1"
SQLITE_NAME = "database.sqlite3"
PG_NAME = "database.pgdump"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Norwegian."""


def engine(db: BaseDatabaseWrapper) -> str:
    return db.vendor  # "sqlite" or "postgresql"


def _private_root() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _stage_files(source: Path, staging: Path) -> dict[str, str]:
    """Hard-link (or copy, across file systems) every private file; {relative path: sha256}."""
    files: dict[str, str] = {}
    if not source.is_dir():
        return files
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        relative = path.relative_to(source).as_posix()
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:
            shutil.copy2(path, target)
        files[relative] = _sha256(target)
    return files


def _object_storage() -> Storage | None:
    """The private storage when it is not a local folder (an S3-compatible bucket)."""
    storage = private_storage()
    return None if isinstance(storage, FileSystemStorage) else storage


def _stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in the storage, folders walked depth first, sorted."""
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}{name}"
    for sub in sorted(folders):
        yield from _stored_names(storage, f"{folder}{sub}/")


def _stage_objects(storage: Storage, staging: Path) -> dict[str, str]:
    """Copy every object of the bucket into the staging folder; {name: sha256}."""
    files: dict[str, str] = {}
    for name in _stored_names(storage):
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, target.open("wb") as copy:
            shutil.copyfileobj(source, copy, 1 << 20)
        files[name] = _sha256(target)
    return files


def _stage_private_files(staging: Path) -> tuple[str, dict[str, str]]:
    storage = _object_storage()
    if storage is None:
        return "folder", _stage_files(_private_root(), staging)
    return "bucket", _stage_objects(storage, staging)


def _pg_env(db: BaseDatabaseWrapper) -> tuple[list[str], dict[str, str]]:
    config = db.settings_dict
    args = ["--dbname", config["NAME"]]
    if config.get("HOST"):
        args += ["--host", config["HOST"]]
    if config.get("PORT"):
        args += ["--port", str(config["PORT"])]
    if config.get("USER"):
        args += ["--username", config["USER"]]
    env = {**os.environ}
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = config["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} feilet: {result.stderr.strip()[:2000]}")


@contextmanager
def _writes_paused(db: BaseDatabaseWrapper) -> Iterator[str | None]:
    """Hold off every writer; yields the PostgreSQL snapshot id (None on SQLite)."""
    if engine(db) == "postgresql":
        with transaction.atomic(using=db.alias), db.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            for table in db.introspection.table_names(cursor):
                cursor.execute(f"LOCK TABLE {db.ops.quote_name(table)} IN SHARE MODE")
            cursor.execute("SELECT pg_export_snapshot()")
            yield cursor.fetchone()[0]
        return
    # A second connection takes SQLite's write lock; the copy reads through Django's own
    # connection (readers are not blocked by a write lock that has written nothing).
    if DatabaseCreation.is_in_memory_db(db.settings_dict["NAME"]):
        # The test database: shared-cache locks would block our own copy, and no other
        # process can write to it.
        yield None
        return
    holder = db.get_new_connection(db.get_connection_params())
    try:
        holder.execute("BEGIN IMMEDIATE")
        yield None
    finally:
        holder.rollback()
        holder.close()


def _dump_database(db: BaseDatabaseWrapper, target: Path, snapshot: str | None) -> str:
    if engine(db) == "postgresql":
        args, env = _pg_env(db)
        path = target / PG_NAME
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                f"--snapshot={snapshot}",
                "--file",
                str(path),
                *args,
            ],
            env,
        )
        return PG_NAME
    if engine(db) != "sqlite":
        raise BackupError(f"Sikkerhetskopi støtter SQLite og PostgreSQL, ikke {engine(db)}.")
    destination = sqlite3.connect(target / SQLITE_NAME)
    try:
        db.ensure_connection()
        db.connection.backup(destination)
    finally:
        destination.close()
    return SQLITE_NAME


def backup(archive: Path, *, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Write one archive with the database and the private files; returns the manifest."""
    db = connections[using]
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=archive.parent, prefix=".backup-") as tmp:
        work = Path(tmp)
        (work / "private").mkdir()
        _private_root().parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=_private_root().parent, prefix=".backup-files-"))
        try:
            with _writes_paused(db) as snapshot:
                database = _dump_database(db, work, snapshot)
                storage_kind, files = _stage_private_files(staging)
            manifest = {
                "format": FORMAT,
                "engine": engine(db),
                "database": database,
                "created_at": dt.datetime.now(dt.UTC).isoformat(),
                "django": django.get_version(),
                "storage": storage_kind,
                "files": files,
            }
            (work / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
            partial = archive.with_name(archive.name + ".part")
            with tarfile.open(partial, "w:gz") as tar:
                tar.add(work / "manifest.json", arcname="manifest.json")
                tar.add(work / database, arcname=database)
                tar.add(staging, arcname="private")
            partial.replace(archive)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return manifest


def _read_archive(db: BaseDatabaseWrapper, archive: Path, work: Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")
        manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, tarfile.TarError, ValueError, KeyError) as exc:
        raise BackupError(
            f"«{archive}» er ikke en sikkerhetskopi fra Boligsosial ({exc})."
        ) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"«{archive}» har ukjent format {manifest.get('format')!r}.")
    if manifest["engine"] != engine(db):
        raise BackupError(
            f"Sikkerhetskopien er fra {manifest['engine']}, men databasen nå er {engine(db)}. "
            "Gjenopprett til samme slags database."
        )
    for relative, digest in manifest["files"].items():
        path = work / "private" / relative
        if not path.is_file() or _sha256(path) != digest:
            raise BackupError(f"Filen «{relative}» i sikkerhetskopien er skadet eller mangler.")
    return manifest


def _restore_database(db: BaseDatabaseWrapper, work: Path) -> None:
    if engine(db) == "postgresql":
        db.close()
        with db.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        args, env = _pg_env(db)
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                *args,
                str(work / PG_NAME),
            ],
            env,
        )
        db.close()
        return
    source = sqlite3.connect(work / SQLITE_NAME)
    try:
        db.ensure_connection()
        source.backup(db.connection)
    finally:
        source.close()


def _replace_files(work: Path) -> None:
    root = _private_root()
    root.parent.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(dir=root.parent, prefix=".restore-"))
    shutil.rmtree(incoming)
    shutil.move(work / "private", incoming)
    old = root.with_name(root.name + ".before-restore")
    shutil.rmtree(old, ignore_errors=True)
    if root.exists():
        root.rename(old)
    incoming.rename(root)
    shutil.rmtree(old, ignore_errors=True)


def _replace_objects(storage: Storage, work: Path, manifest: dict) -> None:
    """Put the archive's files back under their own names, then delete every other object."""
    wanted = manifest["files"]
    for name in wanted:
        storage.delete(name)  # the bucket keeps names (no overwrite): free the name first
        with (work / "private" / name).open("rb") as handle:
            saved = storage.save(name, File(handle))
        if saved != name:
            raise BackupError(f"Filen «{name}» ble lagret som «{saved}» i lageret.")
    for name in list(_stored_names(storage)):
        if name not in wanted:
            storage.delete(name)


def _restore_files(work: Path, manifest: dict) -> None:
    storage = _object_storage()
    if storage is None:
        _replace_files(work)
    else:
        _replace_objects(storage, work, manifest)


def restore(archive: Path, *, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Replace the database and the private files with the archive's; returns its manifest."""
    db = connections[using]
    scratch = archive.resolve().parent if os.access(archive.resolve().parent, os.W_OK) else None
    with tempfile.TemporaryDirectory(dir=scratch, prefix=".restore-") as tmp:
        work = Path(tmp)
        manifest = _read_archive(db, archive, work)
        _restore_database(db, work)
        _restore_files(work, manifest)
    return manifest
