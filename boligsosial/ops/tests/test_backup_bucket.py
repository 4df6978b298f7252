"""Backup and restore with the private files in an S3-compatible bucket (a real local S3
endpoint, moto_server over HTTP): the archive holds every object, and a restore gives the
bucket back exactly — changed objects restored, new ones removed, rows with them."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from boligsosial.core.storage import private_storage
from boligsosial.core.testing.s3 import BUCKET
from boligsosial.plans.models import Measure
from boligsosial.plans.tests.factories import make_measure

pytestmark = pytest.mark.django_db(transaction=True)

EVIDENCE = b"%PDF-1.7\n" + bytes(range(256)) * 40


def _bucket(client) -> dict[str, bytes]:
    objects = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {
        o["Key"]: client.get_object(Bucket=BUCKET, Key=o["Key"])["Body"].read() for o in objects
    }


def test_a_backup_holds_the_buckets_objects_and_a_restore_gives_them_back(
    s3_private_storage, world, tmp_path, settings
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "ikke-brukt"
    storage = private_storage()
    storage.save("plans/evidence/a1.pdf", ContentFile(EVIDENCE))
    storage.save("evaluation/documents/2011/intervju.txt", ContentFile("Referat æøå".encode()))
    make_measure(world.drammen_participation, name="Boligskole for ungdom")
    before = _bucket(s3_private_storage)
    assert sorted(before) == [
        "private/evaluation/documents/2011/intervju.txt",
        "private/plans/evidence/a1.pdf",
    ]

    archive = tmp_path / "backup" / "bs.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "2 private filer" in out.getvalue()

    storage.delete("plans/evidence/a1.pdf")
    storage.save("plans/evidence/a1.pdf", ContentFile(b"overskrevet"))
    storage.save("plans/evidence/ny.pdf", ContentFile(b"%PDF ny"))
    Measure.objects.all().delete()
    assert _bucket(s3_private_storage) != before

    call_command("restore", str(archive), "--noinput", stdout=io.StringIO())

    assert _bucket(s3_private_storage) == before
    assert list(Measure.objects.values_list("name", flat=True)) == ["Boligskole for ungdom"]
    assert not (tmp_path / "ikke-brukt").exists()  # nothing went to the local folder


def test_an_archive_from_a_folder_moves_the_files_into_a_bucket(
    s3_private_storage, world, tmp_path, settings
):
    folder = tmp_path / "private"
    (folder / "plans" / "evidence").mkdir(parents=True)
    (folder / "plans" / "evidence" / "a1.pdf").write_bytes(EVIDENCE)
    settings.PRIVATE_MEDIA_ROOT = folder
    folder_storage = dict(settings.STORAGES)
    bucket_storage = folder_storage["private"]
    settings.STORAGES = {
        **folder_storage,
        "private": {"BACKEND": "boligsosial.core.storage.PrivateFileSystemStorage"},
    }
    archive = tmp_path / "mappe.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    settings.STORAGES = {**folder_storage, "private": bucket_storage}
    call_command("restore", str(archive), "--noinput", stdout=io.StringIO())

    assert _bucket(s3_private_storage) == {"private/plans/evidence/a1.pdf": EVIDENCE}
