"""Demonstration data for reporting (filled in by its issue)."""


def load(ctx: dict) -> None:
    return None
