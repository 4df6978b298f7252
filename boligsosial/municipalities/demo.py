"""The registry: the shipped KLASS files (Region sør 2008–2026 and their successors)."""

from boligsosial.municipalities.services import load_shipped_registry


def load(ctx: dict) -> None:
    ctx["registry"] = load_shipped_registry()
