"""Private files this app owns, for `boligsosial clean_private_media`."""


def private_files(*, expire_before) -> tuple[str, set[str]]:
    """(the folder generated reports are written to in the private storage, the names of the
    files of jobs still kept).

    A generated file is a copy that can be made again from its report or published version,
    so generations whose job finished before `expire_before` are deleted with their files."""
    from boligsosial.evaluation_report.models import GenerationJob
    from boligsosial.evaluation_report.tasks import STORAGE_DIR
    from boligsosial.jobs.models import FINISHED, Job

    Job.objects.filter(
        generation__isnull=False, state__in=FINISHED, updated_at__lt=expire_before
    ).delete()
    GenerationJob.objects.filter(job__isnull=True, updated_at__lt=expire_before).delete()
    kept = set(GenerationJob.objects.exclude(stored_name="").values_list("stored_name", flat=True))
    return STORAGE_DIR, kept
