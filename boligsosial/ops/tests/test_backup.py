"""backup → change → restore gives back the same database and files (both engines)."""

import hashlib
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from boligsosial.accounts.models import ApiToken, User
from boligsosial.accounts.tests.factories import UserFactory
from boligsosial.audit.models import AuditEntry
from boligsosial.audit.services import record
from boligsosial.plans.models import Measure
from boligsosial.plans.selectors import library_search
from boligsosial.plans.tests.factories import make_measure
from boligsosial.programmes.models import Participation, Phase

pytestmark = pytest.mark.django_db(transaction=True)

KEY_MODELS = [User, ApiToken, AuditEntry, Participation, Phase, Measure]


FTS5_SHADOW = ("_fts_data", "_fts_idx", "_fts_docsize", "_fts_config", "_fts_content")


def _counts() -> dict[str, int]:
    """Rows per table; SQLite FTS5's own shadow tables are left out: they hold the index's
    internal segments, which reindex_library (run by restore) rebuilds compactly. The search
    itself is compared below."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            if table.endswith(FTS5_SHADOW):
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _rows() -> dict[str, list[dict]]:
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in KEY_MODELS}


def _files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def private_root(settings, tmp_path):
    root = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT = root
    (root / "plans" / "evidence").mkdir(parents=True)
    (root / "evaluation" / "documents" / "2011").mkdir(parents=True)
    (root / "plans" / "evidence" / "a1.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    (root / "evaluation" / "documents" / "2011" / "intervju.txt").write_text("Referat æøå")
    return root


def test_backup_then_restore_gives_back_rows_files_and_search(world, private_root, tmp_path):
    make_measure(world.drammen_participation, name="Boligskole for ungdom")
    _, _key = ApiToken.issue(user=world.admin, name="integrasjon")
    record(
        user=world.admin,
        action="update",
        target=world.drammen_participation,
        scope=world.drammen_participation,
        before={"a": 1},
        after={"a": 2},
    )
    before = (_counts(), _rows(), _files(private_root))
    assert any(row["created_at"].microsecond for row in before[1]["ApiToken"])

    archive = tmp_path / "backup" / "bs.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert archive.is_file() and "2 private filer" in out.getvalue()

    Measure.objects.all().delete()
    UserFactory(username="ny-etter-backup")
    User.objects.filter(username="admin").update(first_name="Endret")
    (private_root / "plans" / "evidence" / "a1.pdf").write_bytes(b"overskrevet")
    (private_root / "plans" / "evidence" / "ny.pdf").write_bytes(b"%PDF ny")
    assert (_counts(), _rows(), _files(private_root)) != before

    call_command("restore", str(archive), "--noinput", stdout=io.StringIO())

    after = (_counts(), _rows(), _files(private_root))
    assert after[0] == before[0]
    assert after[1] == before[1]
    assert after[2] == before[2]
    found = library_search(User.objects.get(username="admin"), text="boligskole")
    assert [m.name for m in found] == ["Boligskole for ungdom"]


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, private_root):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not a tar")
    with pytest.raises(CommandError, match="er ikke en sikkerhetskopi fra Boligsosial"):
        call_command("restore", str(bogus), "--noinput")
    assert _files(private_root)  # nothing was touched
