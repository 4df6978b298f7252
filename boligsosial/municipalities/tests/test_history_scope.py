"""The code history is read once per request and read again when the registry changes."""

import datetime as dt

from django.core.signals import request_finished, request_started
from django.db import connection
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


def test_many_mappings_in_one_request_read_the_history_once(db):
    _registry()
    request_started.send(sender=None)
    try:
        mapped = []
        count = _queries(
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
        request_finished.send(sender=None)


def test_outside_a_request_every_call_reads_the_registry_afresh(db):
    _registry()
    assert _queries(lambda: selectors.codes_valid_at("0906", dt.date(2021, 1, 1))) == 2
    assert _queries(lambda: selectors.codes_valid_at("0906", dt.date(2021, 1, 1))) == 2
    Municipality.objects.filter(code="4203").update(name="Arendal kommune")  # no signal
    assert selectors.load_code_history().name_at("4203", dt.date(2021, 1, 1)) == "Arendal kommune"
