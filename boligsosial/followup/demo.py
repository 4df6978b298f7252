"""Demonstration data for followup (filled in by its issue)."""


def load(ctx: dict) -> None:
    return None
