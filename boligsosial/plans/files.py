"""Private files this app owns, for `boligsosial clean_private_media`."""


def private_files(*, expire_before) -> tuple[str, set[str]]:
    """(the folder evidence files are written to in the private storage, the names an
    Evidence row refers to)."""
    from boligsosial.plans.models import Evidence

    return "plans/evidence", set(Evidence.objects.values_list("storage_name", flat=True))
