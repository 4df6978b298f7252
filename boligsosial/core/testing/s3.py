"""A real S3-compatible endpoint for tests: moto's standalone server (`moto_server`), run as a
subprocess on a free port and spoken to over HTTP by django-storages/boto3 exactly as a
MinIO or cloud bucket would be. (MinIO itself is not installable from the package
registries this project uses; moto[server] is, from PyPI.)

Use: `from boligsosial.core.testing.s3 import s3_private_storage  # noqa: F401` in a test
module, then take the `s3_private_storage` fixture: STORAGES["private"] is then a bucket.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

BUCKET = "boligsosial-private"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    binary = shutil.which("moto_server") or str(Path(sys.executable).parent / "moto_server")
    port = _free_port()
    server = subprocess.Popen(
        [binary, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError("moto_server did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def s3_private_storage(s3_endpoint, settings):
    """STORAGES["private"] as a fresh bucket on the local S3 endpoint; yields a boto3 client
    to look into the bucket directly."""
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="eu-north-1",
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "access_key": "test",
                "secret_key": "test",
                "region_name": "eu-north-1",
                "location": "private",
                "default_acl": "private",
                "file_overwrite": False,
            },
        },
    }
    yield client
    objects = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for item in objects:
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)
