"""Demonstration data for plans (filled in by its issue)."""


def load(ctx: dict) -> None:
    return None
