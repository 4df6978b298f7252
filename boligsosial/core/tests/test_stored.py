"""core.stored.remember: a computation is stored under the fingerprint of the tables it
reads and its other inputs, computed again after any write to those tables, and kept in a
bounded memory layer outside transactions."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boligsosial.core import changes, stored
from boligsosial.municipalities.models import County

COUNTY = County._meta.db_table


@pytest.fixture(autouse=True)
def _empty_memory():
    stored.forget_memory()
    yield
    stored.forget_memory()


def _counted():
    calls = []

    def compute():
        calls.append(1)
        return {"n": County.objects.count()}

    return calls, compute


@pytest.mark.django_db
def test_stored_until_a_table_it_reads_changes():
    calls, compute = _counted()
    assert stored.remember(("counties",), [COUNTY], compute) == {"n": 0}
    assert stored.remember(("counties",), [COUNTY], compute) == {"n": 0}
    assert len(calls) == 1
    County.objects.create(code="99", name="Ny", valid_from=dt.date(2000, 1, 1))
    assert stored.remember(("counties",), [COUNTY], compute) == {"n": 1}
    assert len(calls) == 2


@pytest.mark.django_db
def test_other_key_parts_are_other_results():
    calls, compute = _counted()
    stored.remember(("counties", "nb"), [COUNTY], compute)
    stored.remember(("counties", "en"), [COUNTY], compute)
    assert len(calls) == 2


@pytest.mark.django_db
def test_the_memory_layer_is_not_written_inside_a_transaction():
    assert connection.in_atomic_block  # the test's transaction
    stored.remember(("counties",), [COUNTY], _counted()[1])
    assert not stored._memory


@pytest.mark.django_db(transaction=True)
def test_a_second_read_comes_from_memory_with_one_query():
    calls, compute = _counted()
    stored.remember(("counties",), [COUNTY], compute)
    with CaptureQueriesContext(connection) as queries:
        assert stored.remember(("counties",), [COUNTY], compute) == {"n": 0}
    assert len(queries) == 1  # the fingerprint; not the cache table
    assert len(calls) == 1


@pytest.mark.django_db(transaction=True)
def test_the_memory_layer_is_bounded(settings):
    settings.BOLIGSOSIAL_STORED_MEMORY_BYTES = 40_000
    for n in range(10):
        stored.remember(("big", n), [COUNTY], lambda: "x" * 9_000)
    assert stored._memory_bytes <= 40_000
    assert len(stored._memory) < 10
    # What fell out of memory is still in the shared cache.
    calls = []
    stored.remember(("big", 0), [COUNTY], lambda: calls.append(1) or "y")
    assert not calls


def _request_signals():
    """The request's start and end as a WSGI server sends them (without closing the test's
    connection, as Django's test client does)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request_started.send(sender=None)

    def finish():
        try:
            request_finished.send(sender=None)
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return finish


@pytest.mark.django_db(transaction=True)
def test_in_a_request_the_shared_cache_is_written_after_the_response():
    from django.core.cache import cache

    from boligsosial.core import changes

    finish = _request_signals()
    try:
        calls, compute = _counted()
        stored.remember(("counties",), [COUNTY], compute)
        key = stored.key_for(("counties",), changes.fingerprint([COUNTY]))
        assert cache.get(key) is None  # not yet: the response is still being made
        assert stored.remember(("counties",), [COUNTY], compute) == {"n": 0}  # memory
        assert len(calls) == 1
    finally:
        finish()
    stored.forget_memory()
    assert cache.get(key) is not None
    assert stored.remember(("counties",), [COUNTY], compute) == {"n": 0}
    assert len(calls) == 1  # another process finds it in the shared cache


@pytest.mark.django_db
def test_inside_a_transaction_the_shared_cache_is_written_at_once():
    from django.core.cache import cache

    from boligsosial.core import changes

    finish = _request_signals()
    try:
        stored.remember(("counties",), [COUNTY], _counted()[1])
        key = stored.key_for(("counties",), changes.fingerprint([COUNTY]))
        assert cache.get(key) is not None
    finally:
        finish()


@pytest.mark.django_db(transaction=True)
def test_what_older_code_stored_is_not_served_after_a_deploy(monkeypatch):
    calls, compute = _counted()
    stored.remember(("counties",), [COUNTY], compute)
    stored.remember(("counties",), [COUNTY], compute)
    assert len(calls) == 1
    monkeypatch.setattr(changes, "code_version", lambda: "the next release")
    stored.remember(("counties",), [COUNTY], compute)
    assert len(calls) == 2


def test_the_code_version_follows_the_templates():
    from pathlib import Path

    version = changes.code_version()
    probe = Path(stored.__file__).parent / "templates" / "core" / "_version_probe.html"
    try:
        probe.write_text("<p>a template changed by a deploy</p>")
        changes.code_version.cache_clear()
        assert changes.code_version() != version
    finally:
        probe.unlink(missing_ok=True)
        changes.code_version.cache_clear()
    assert changes.code_version() == version
