"""Page URLs for route tables in tests, named as in urls.py rather than written as paths."""

from django.urls import reverse


class page:  # noqa: N801  (reads as a table entry: page("plans:measure", "measure"))
    """A named URL whose arguments come from a dict of test objects' keys: `.format(**objects)`.

    Route tables in access tests list pages and API paths side by side; an API path is a
    format string, a page is this, and both answer `.format(**objects)` with the URL.
    """

    def __init__(self, name: str, *keys: str) -> None:
        self.name, self.keys = name, keys

    def format(self, **objects: object) -> str:
        return reverse(self.name, args=[objects[k] for k in self.keys])

    def __repr__(self) -> str:
        return f"page({self.name!r}, {', '.join(map(repr, self.keys))})"
