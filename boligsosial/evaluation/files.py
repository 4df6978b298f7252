"""Private files this app owns, for `boligsosial clean_private_media`."""


def private_files(*, expire_before) -> tuple[str, set[str]]:
    """(the folder uploaded documents are written to in the private storage, the names of
    the files a Document row refers to)."""
    from boligsosial.evaluation.models import Document

    names = Document.objects.exclude(file="").values_list("file", flat=True)
    return "evaluation/documents", set(names)
