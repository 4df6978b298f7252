"""The export at national size: values are read as plain rows in a fixed number of queries
whatever the number of municipalities, and every format comes out exactly as it did when
the export read model instances (golden files written by that version of the code)."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from boligsosial.accounts.models import Role
from boligsosial.accounts.tests.factories import UserFactory
from boligsosial.municipalities.tests.factories import MunicipalityFactory
from boligsosial.programmes.tests.factories import ParticipationFactory
from boligsosial.reporting import services, transfer
from boligsosial.reporting.models import ReportValue
from boligsosial.reporting.tests.conftest import complete_inputs
from boligsosial.reporting.tests.factories import PeriodFactory

GOLDEN = Path(__file__).parent / "data" / "export_golden.json"


def _fill(world, participation, period, leader, **overrides):
    report = services.report_start(user=leader, participation=participation, period=period)
    inputs = [i for i in complete_inputs(**overrides) if i.indicator_code != "evictions"]
    inputs += [
        services.ValueInput("evictions", not_available=True, reason="=Ikke registrert"),
        services.ValueInput("homeless_persons", option_code="under25", raw="15"),
        services.ValueInput("homeless_persons", option_code="25plus", raw="25"),
        services.ValueInput("rent_arrears_nok", raw="250000,5", comment="+ for mye"),
    ]
    services.report_save(user=leader, report=report, version=None, values=inputs)
    return report


@pytest.fixture
def national(world):
    """Two municipalities, two periods, with disaggregations, a date, a decimal, a value
    marked not available, formula-like texts and derived rates (which no export has)."""
    world.programme.name = "Boligsosialt program"
    world.programme.save()
    first = PeriodFactory(programme=world.programme, year=2010, half=2)
    second = PeriodFactory(programme=world.programme, year=2011, half=1)
    for period in (first, second):
        _fill(world, world.drammen_participation, period, world.drammen_leader)
        _fill(
            world,
            world.skien_participation,
            period,
            world.skien_leader,
            homeless_persons="41",
            action_plan_date="01.02.2010",
        )
    # A comment-only value (no number): in CSV and JSON-stat, not in DHIS2.
    ReportValue.objects.filter(
        report__participation=world.skien_participation, indicator__code="homes_acquired"
    ).update(value=None, comment="Ikke tall ennå")
    return world


def _exports(world) -> dict:
    """Each format's output for the admin, as text that compares exactly."""
    values = transfer.export_values(world.programme, user=world.admin)
    dataset = transfer.to_jsonstat(values, programme=world.programme)
    dataset.pop("updated")
    workbook = load_workbook(io.BytesIO(transfer.to_excel_long(values)))
    return {
        "csv": transfer.to_csv(values),
        "jsonstat": json.dumps(dataset, ensure_ascii=False),
        "dhis2": json.dumps(transfer.to_dhis2(values), ensure_ascii=False),
        "xlsx": json.dumps(
            [[list(r) for r in sheet.iter_rows(values_only=True)] for sheet in workbook],
            ensure_ascii=False,
        ),
    }


def test_every_format_is_as_it_was_when_the_export_read_model_instances(national):
    # One golden set per database: the total (no disaggregation, NULL) sorts before the
    # categories on SQLite and after them on PostgreSQL, then as now.
    assert _exports(national) == json.loads(GOLDEN.read_text())[connection.vendor]


def test_the_golden_export_has_every_kind_of_value(national):
    rows = list(csv.DictReader(io.StringIO(_exports(national)["csv"])))
    assert {r["kommunenummer"] for r in rows} == {"0602", "0806"}
    assert {r["disaggregering"] for r in rows} == {"", "under25", "25plus"}
    assert {r["ikke_tilgjengelig"] for r in rows} == {"", "'=Ikke registrert"}
    assert "250000.5" in {r["verdi"] for r in rows} and "2010-02-01" in {r["verdi"] for r in rows}


def test_the_streamed_csv_is_the_csv(national):
    values = transfer.export_values(national.programme, user=national.admin)
    chunks = list(transfer.csv_chunks(values, rows_per_chunk=7))
    assert len(chunks) > 2 and "".join(chunks) == transfer.to_csv(values)


def _more_municipalities(world, first_code: int, n: int) -> None:
    period = PeriodFactory(programme=world.programme, year=2012, half=1 + first_code % 2)
    for code in range(first_code, first_code + n):
        municipality = MunicipalityFactory(code=str(code))
        participation = ParticipationFactory(programme=world.programme, municipality=municipality)
        leader = UserFactory(role=Role.MUNICIPAL_LEADER, municipality=municipality)
        report = services.report_start(user=leader, participation=participation, period=period)
        services.report_save(
            user=leader,
            report=report,
            version=None,
            values=[
                services.ValueInput("homeless_persons", raw=str(code % 100)),
                services.ValueInput("homeless_persons", option_code="under25", raw="1"),
            ],
        )


@pytest.mark.parametrize("kind", ["csv", "jsonstat", "dhis2"])
def test_the_exports_queries_do_not_grow_with_municipalities(national, client, kind):
    client.force_login(national.admin)
    url = reverse("api:export_values", kwargs={"programme_id": national.programme.pk})

    def queries(last_code: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {"format": kind, "approved_only": "false"})
            assert response.status_code == 200
            body = b"".join(response.streaming_content) if response.streaming else response.content
        assert str(last_code).encode() in body  # the new municipalities are in the export
        return len(captured)

    _more_municipalities(national, 4601, 1)
    small = queries(4601)
    _more_municipalities(national, 4602, 6)
    large = queries(4607)
    assert small == large and small <= 12, (small, large)
