import datetime as dt
import importlib

import pytest


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Evidence goes to a throw-away private directory, outside any web root."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


DEMO_MUNICIPALITIES = {
    "0906": "Arendal",
    "0706": "Sandefjord",
    "0805": "Porsgrunn",
    "0602": "Drammen",
    "0709": "Larvik",
    "0806": "Skien",
}


@pytest.fixture(scope="module")
def _demo_module(django_db_setup, django_db_blocker):
    """Load the demo once per module inside a transaction that is rolled back at the end.

    Each test still runs in its own savepoint (the `db` fixture), so tests that change the
    demo data do not affect each other.
    """
    from django.db import transaction
    from django.test import override_settings

    from boligsosial.municipalities.models import Municipality

    fast_hashing = [
        "django.contrib.auth.hashers.MD5PasswordHasher"
    ]  # as the root conftest does per test
    with django_db_blocker.unblock(), override_settings(DEBUG=True, PASSWORD_HASHERS=fast_hashing):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            for code, name in DEMO_MUNICIPALITIES.items():
                Municipality.objects.get_or_create(
                    code=code,
                    valid_from=dt.date(1977, 1, 1),
                    defaults={"name": name, "valid_to": dt.date(2020, 1, 1)},
                )
            ctx: dict = {}
            for path in (
                "boligsosial.accounts.demo",
                "boligsosial.programmes.demo",
                "boligsosial.plans.demo",
                "boligsosial.followup.demo",
            ):
                importlib.import_module(path).load(ctx)
            yield ctx
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo(_demo_module, db):
    """The six municipalities with the programme, users, goals, measures, meetings and arenas of the demo.

    The municipalities are made directly (the full KLASS registry is slow and not what these
    tests are about); everything else comes from the demo loaders.
    """
    for value in _demo_module["users"].values():
        value.refresh_from_db()
    return _demo_module
