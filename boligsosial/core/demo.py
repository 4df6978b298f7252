"""Demonstration data: each app's demo module exposes `load(ctx)`; `load_demo` runs them in
the order of settings.DEMO_LOADERS inside one transaction.

`ctx` is a dict the loaders share (e.g. ctx["participations"]["Drammen"]). Every demo
record says where it comes from: DataSource.REPORT with a chapter reference, or
DataSource.ILLUSTRATIVE.
"""

import importlib

from django.conf import settings
from django.db import transaction

DEMO_PASSWORD = "boligsosial-demo"


class DemoRefused(Exception):
    pass


def refuse_in_production() -> None:
    if getattr(settings, "IS_PRODUCTION", False):
        raise DemoRefused(
            "Demonstrasjonsdata og demobrukere kan ikke lages med produksjonsinnstillinger "
            "(BOLIGSOSIAL_ENV=production)."
        )


def reset() -> None:
    """Remove earlier demo data (reverse loader order) so the load starts clean."""
    for path in reversed(settings.DEMO_LOADERS):
        module = importlib.import_module(path)
        if hasattr(module, "reset"):
            module.reset()


@transaction.atomic
def load_all(*, do_reset: bool = False, stdout=None) -> dict:
    refuse_in_production()
    if do_reset:
        reset()
    ctx: dict = {}
    for path in settings.DEMO_LOADERS:
        module = importlib.import_module(path)
        module.load(ctx)
        if stdout:
            stdout.write(f"  {path}: ok")
    return ctx
