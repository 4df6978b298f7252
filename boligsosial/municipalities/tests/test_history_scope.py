"""The code history is read once per request and read again when the registry changes."""

import datetime as dt

from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from boligsosial.municipalities import selectors
from boligsosial.municipalities.models import CodeChange, Municipality

REFORM = dt.date(2020, 1, 1)


def _registry():
    Municipality.objects.create(
        code="0906", name="Arendal", valid_from=dt.date(1977, 1, 1), valid_to=REFORM
    )
    Municipality.objects.create(code="4203", name="Arendal", valid_from=REFORM)
    CodeChange.objects.create(
        old_code="0906", old_name="Arendal", new_code="4203", new_name="Arendal", changed_on=REFORM
    )


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def _registry_reads(fn) -> int:
    """Reads of the registry's two tables (the stored history's own look-ups not counted)."""
    with CaptureQueriesContext(connection) as captured:
        fn()
    tables = ('FROM "municipalities_municipality"', 'FROM "municipalities_codechange"')
    return sum(any(t in q["sql"] for t in tables) for q in captured.captured_queries)


def _in_a_request(fn):
    # As Django's test client does: the request signals without closing the test's connection.
    request_started.disconnect(close_old_connections)
    request_started.send(sender=None)
    try:
        return fn()
    finally:
        request_finished.disconnect(close_old_connections)
        request_finished.send(sender=None)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_many_mappings_in_one_request_read_the_history_once(db):
    _registry()
    # As Django's test client does: the request signals without closing the test's connection.
    request_started.disconnect(close_old_connections)
    request_started.send(sender=None)
    try:
        mapped = []
        count = _registry_reads(
            lambda: mapped.extend(
                selectors.codes_valid_at("0906", dt.date(2021 + n % 3, 1, 1)) for n in range(50)
            )
        )
        assert count == 2 and mapped == [["4203"]] * 50
        # A change to the registry in the same request is seen at once.
        arendal = Municipality.objects.get(code="4203")
        arendal.valid_to = dt.date(2024, 1, 1)
        arendal.save()
        Municipality.objects.create(code="4299", name="Ny", valid_from=dt.date(2024, 1, 1))
        CodeChange.objects.create(
            old_code="4203", old_name="Arendal", new_code="4299", new_name="Ny",
            changed_on=dt.date(2024, 1, 1),
        )  # fmt: skip
        assert selectors.codes_valid_at("0906", dt.date(2024, 6, 1)) == ["4299"]
    finally:
        request_finished.disconnect(close_old_connections)
        request_finished.send(sender=None)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_outside_a_request_every_call_reads_the_registry_afresh(db):
    _registry()
    assert _queries(lambda: selectors.codes_valid_at("0906", dt.date(2021, 1, 1))) == 2
    assert _queries(lambda: selectors.codes_valid_at("0906", dt.date(2021, 1, 1))) == 2
    Municipality.objects.filter(code="4203").update(name="Arendal kommune")  # no signal
    assert selectors.load_code_history().name_at("4203", dt.date(2021, 1, 1)) == "Arendal kommune"


def test_the_next_request_reads_the_stored_history_until_the_registry_changes(db):
    _registry()
    lookup = lambda: selectors.codes_valid_at("0906", dt.date(2021, 1, 1))  # noqa: E731
    assert _in_a_request(lambda: _registry_reads(lookup)) == 2
    assert _in_a_request(lambda: _registry_reads(lookup)) == 0  # stored
    Municipality.objects.filter(code="4203").update(name="Arendal kommune")  # no signal
    assert _in_a_request(lambda: _registry_reads(lookup)) == 2
    assert (
        _in_a_request(lambda: selectors.load_code_history().name_at("4203", dt.date(2021, 1, 1)))
        == "Arendal kommune"
    )
