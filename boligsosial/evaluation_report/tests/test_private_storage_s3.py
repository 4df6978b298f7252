"""Private files on S3-compatible object storage (django-storages) against a real local S3
endpoint (moto_server over HTTP): a generated report is written to the bucket by the job and
downloaded through the access-checked view; nothing is left on the local disk; the daily
clean-up lists and deletes in the bucket."""

import datetime as dt
import io

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from boligsosial.core.testing.s3 import BUCKET


def _keys(client) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_a_generated_report_goes_to_the_bucket_and_is_downloaded_from_it(
    s3_private_storage, report_world, client_for, private_media, django_capture_on_commit_callbacks
):
    from boligsosial.evaluation_report.models import GenerationJob

    w = report_world
    client = client_for(w.evaluator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluation_report:generate", args=[w.report.pk]),
            {"format": "html", "language": "nb"},
        )
    generation = GenerationJob.objects.get(job_id=response.url.split("/")[-2])
    assert _keys(s3_private_storage) == [f"private/evaluation_report/job-{generation.pk}.html"]
    assert not private_media.exists()  # nothing on the local disk
    download = client.get(reverse("evaluation_report:job_download", args=[generation.pk]))
    assert download.status_code == 200
    assert b"Rapport 2011" in b"".join(download.streaming_content)
    # Someone else gets 404, bucket or not.
    assert client_for(w.outside_evaluator).get(download.request["PATH_INFO"]).status_code == 404


def test_the_clean_up_deletes_old_generated_files_in_the_bucket(
    s3_private_storage, report_world, client_for, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    from boligsosial.core.storage import private_storage
    from boligsosial.jobs.models import Job

    storage = private_storage()
    storage.save("evaluation_report/orphan.pdf", ContentFile(b"%PDF-"))
    with django_capture_on_commit_callbacks(execute=True):
        client_for(report_world.evaluator).post(
            reverse("evaluation_report:generate", args=[report_world.report.pk]),
            {"format": "html", "language": "nb"},
        )
    assert len(_keys(s3_private_storage)) == 2
    # The finished job is two months old; the orphan belongs to no row.
    Job.objects.update(updated_at=timezone.now() - dt.timedelta(days=60))
    with django_capture_on_commit_callbacks(execute=True):
        out = io.StringIO()
        call_command("clean_private_media", "--days", "30", "--grace-hours", "0", stdout=out)
    assert "2 filer." in out.getvalue()
    assert _keys(s3_private_storage) == []
