import importlib

import pytest

DEMO_PARTS = [
    "boligsosial.municipalities.demo",
    "boligsosial.accounts.demo",
    "boligsosial.programmes.demo",
    "boligsosial.instruments.demo",
]


@pytest.fixture(scope="module")
def _demo_module(django_db_setup, django_db_blocker):
    """The demo (registry, users, programme, instruments) loaded once per module inside a
    transaction rolled back at the end; each test still runs in its own savepoint (`db`),
    so a test that changes a figure does not affect the next one."""
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(DEBUG=True):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            ctx: dict = {}
            for path in DEMO_PARTS:
                importlib.import_module(path).load(ctx)
            yield ctx
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo(_demo_module, db):
    for user in _demo_module["users"].values():
        user.refresh_from_db()
    return _demo_module
