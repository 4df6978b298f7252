"""One response for every private file download (evidence, documents, reports)."""

from django.http import FileResponse


def private_file_response(
    fileobj, *, filename: str, content_type: str | None = None
) -> FileResponse:
    """A download that is never cached by shared caches, never sniffed, never rendered inline.

    `Content-Security-Policy: sandbox` keeps a file opened directly from being a page of
    this site even if a browser ignores the attachment disposition.
    """
    response = FileResponse(
        fileobj,
        as_attachment=True,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
