"""The local S3 endpoint (moto_server) for the backup tests with a bucket."""

from boligsosial.core.testing.s3 import s3_endpoint, s3_private_storage  # noqa: F401
