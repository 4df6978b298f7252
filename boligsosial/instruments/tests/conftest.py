import importlib

import pytest

DEMO_PARTS = ["boligsosial.municipalities.demo", "boligsosial.accounts.demo", "boligsosial.programmes.demo",
              "boligsosial.instruments.demo"]


@pytest.fixture
def demo(db, settings):
    """The registry, demo users, the programme and the instruments demo data."""
    settings.DEBUG = True
    ctx: dict = {}
    for path in DEMO_PARTS:
        importlib.import_module(path).load(ctx)
    return ctx


@pytest.fixture
def registry(db):
    from boligsosial.municipalities.services import load_shipped_registry

    return load_shipped_registry()
