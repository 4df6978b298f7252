"""Private files this app owns, for `boligsosial clean_private_media`."""

from pathlib import Path

from django.conf import settings


def private_files(*, expire_before) -> tuple[Path, set[Path]]:
    """(the folder generated reports are written to, the files of jobs still kept).

    A generated file is a copy that can be made again from its report or published version,
    so finished and failed jobs from before `expire_before` are deleted with their files."""
    from boligsosial.evaluation_report.models import GenerationJob, JobStatus
    from boligsosial.evaluation_report.tasks import STORAGE_DIR

    GenerationJob.objects.filter(
        status__in=[JobStatus.DONE, JobStatus.FAILED], updated_at__lt=expire_before
    ).delete()
    kept = {
        Path(path)
        for path in GenerationJob.objects.exclude(file_path="").values_list("file_path", flat=True)
    }
    return Path(settings.PRIVATE_MEDIA_ROOT) / STORAGE_DIR, kept
