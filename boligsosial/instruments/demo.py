"""Demonstration data for instruments (filled in by its issue)."""


def load(ctx: dict) -> None:
    return None
