"""Backup and restore: the database and the private files in one archive, consistent.

The archive is a gzip'd tar with
  manifest.json      format, engine, time, Django version, the files with SHA-256
  database.sqlite3   SQLite: a copy made with SQLite's online backup API
  database.pgdump    PostgreSQL: `pg_dump --format=custom`
  private/…          everything under PRIVATE_MEDIA_ROOT

Consistency: the backup holds the database's write lock while it takes the database copy
and hard-links the private files into a staging folder (SQLite: `BEGIN IMMEDIATE`;
PostgreSQL: every table locked IN SHARE MODE, the dump reading the same snapshot). Writers
wait meanwhile (readers do not); uploads write their file before their row commits and
remove it only after a delete commits, so every file a row refers to is in the archive.
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
from django.db import connection, transaction
from django.db.backends.sqlite3.creation import DatabaseCreation

FORMAT = "boligsosial-backup/1"
SQLITE_NAME = "database.sqlite3"
PG_NAME = "database.pgdump"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Norwegian."""


def engine() -> str:
    return connection.vendor  # "sqlite" or "postgresql"


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


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} feilet: {result.stderr.strip()[:2000]}")


@contextmanager
def _writes_paused() -> Iterator[str | None]:
    """Hold off every writer; yields the PostgreSQL snapshot id (None on SQLite)."""
    if engine() == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f"LOCK TABLE {connection.ops.quote_name(table)} IN SHARE MODE")
            cursor.execute("SELECT pg_export_snapshot()")
            yield cursor.fetchone()[0]
        return
    # A second connection takes SQLite's write lock; the copy reads through Django's own
    # connection (readers are not blocked by a write lock that has written nothing).
    if DatabaseCreation.is_in_memory_db(connection.settings_dict["NAME"]):
        # The test database: shared-cache locks would block our own copy, and no other
        # process can write to it.
        yield None
        return
    holder = connection.get_new_connection(connection.get_connection_params())
    try:
        holder.execute("BEGIN IMMEDIATE")
        yield None
    finally:
        holder.rollback()
        holder.close()


def _dump_database(target: Path, snapshot: str | None) -> str:
    if engine() == "postgresql":
        args, env = _pg_env()
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
    if engine() != "sqlite":
        raise BackupError(f"Sikkerhetskopi støtter SQLite og PostgreSQL, ikke {engine()}.")
    destination = sqlite3.connect(target / SQLITE_NAME)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()
    return SQLITE_NAME


def backup(archive: Path) -> dict:
    """Write one archive with the database and the private files; returns the manifest."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=archive.parent, prefix=".backup-") as tmp:
        work = Path(tmp)
        (work / "private").mkdir()
        _private_root().parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=_private_root().parent, prefix=".backup-files-"))
        try:
            with _writes_paused() as snapshot:
                database = _dump_database(work, snapshot)
                files = _stage_files(_private_root(), staging)
            manifest = {
                "format": FORMAT,
                "engine": engine(),
                "database": database,
                "created_at": dt.datetime.now(dt.UTC).isoformat(),
                "django": django.get_version(),
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


def _read_archive(archive: Path, work: Path) -> dict:
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
    if manifest["engine"] != engine():
        raise BackupError(
            f"Sikkerhetskopien er fra {manifest['engine']}, men databasen nå er {engine()}. "
            "Gjenopprett til samme slags database."
        )
    for relative, digest in manifest["files"].items():
        path = work / "private" / relative
        if not path.is_file() or _sha256(path) != digest:
            raise BackupError(f"Filen «{relative}» i sikkerhetskopien er skadet eller mangler.")
    return manifest


def _restore_database(work: Path, manifest: dict) -> None:
    if engine() == "postgresql":
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        args, env = _pg_env()
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
        connection.close()
        return
    source = sqlite3.connect(work / SQLITE_NAME)
    try:
        connection.ensure_connection()
        source.backup(connection.connection)
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


def restore(archive: Path) -> dict:
    """Replace the database and the private files with the archive's; returns its manifest."""
    scratch = archive.resolve().parent if os.access(archive.resolve().parent, os.W_OK) else None
    with tempfile.TemporaryDirectory(dir=scratch, prefix=".restore-") as tmp:
        work = Path(tmp)
        manifest = _read_archive(archive, work)
        _restore_database(work, manifest)
        _replace_files(work)
    return manifest
