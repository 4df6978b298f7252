"""Demonstration data for evaluation_report (filled in by its issue)."""


def load(ctx: dict) -> None:
    return None
