"""Private files this app owns, for `boligsosial clean_private_media`."""


def private_files(*, expire_before) -> tuple[str, set[str]]:
    """(the folder uploads wait in for their job, the uploads of jobs not finished yet).

    An upload is removed when its job finishes; one left behind (a job row deleted, a
    request that failed after storing it) is removed by the clean-up."""
    from boligsosial.jobs.models import FINISHED, Job
    from boligsosial.jobs.uploads import UPLOAD_DIR

    waiting = Job.objects.exclude(state__in=FINISHED).exclude(params__upload=None)
    kept = {job.params.get("upload") for job in waiting.only("params")}
    return UPLOAD_DIR, {name for name in kept if name}
