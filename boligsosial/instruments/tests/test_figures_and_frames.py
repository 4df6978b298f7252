"""Monthly figures, frames by page, region membership, the SSB command, query counts."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from boligsosial.instruments import selectors
from boligsosial.instruments.models import (
    GrantApplication,
    Instrument,
    InstrumentFigure,
    RegionalFrame,
)
from boligsosial.municipalities.models import Population
from boligsosial.programmes.models import RegionMunicipality

DATA = Path(__file__).parent / "data"


def test_twelve_monthly_figures_make_a_year_and_eleven_do_not(world):
    for month in range(1, 13):
        InstrumentFigure.objects.create(
            instrument=Instrument.START_LOAN,
            code="0602",
            year=2011,
            month=month,
            amount=Decimal(1_000_000),
        )
    for month in range(1, 12):
        InstrumentFigure.objects.create(
            instrument=Instrument.START_LOAN,
            code="0806",
            year=2011,
            month=month,
            amount=Decimal(1_000_000),
        )
    values = selectors.yearly_values(Instrument.START_LOAN, [2011])
    assert values[("0602", 2011)] == 12_000_000
    assert ("0806", 2011) not in values  # an incomplete year is missing, not 11 million


def test_an_administrator_adds_and_edits_a_frame_on_the_page(world, client_for):
    client = client_for(world.admin)
    response = client.post(
        reverse("instruments:frame_create"),
        {
            "region": "sor",
            "instrument": "competence_grant",
            "year": 2011,
            "amount": "6000000",
            "programme_target_percent": "75",
            "source_note": "Tildelingsbrev",
        },
    )
    assert response.status_code == 302
    frame = RegionalFrame.objects.get()
    response = client.post(
        reverse("instruments:frame_edit", kwargs={"pk": frame.pk}),
        {
            "amount": "6500000",
            "programme_target_percent": "80",
            "source_note": "Revidert",
            "version": "1",
        },
    )
    frame.refresh_from_db()
    assert frame.amount == 6_500_000 and frame.version == 2
    stale = client.post(
        reverse("instruments:frame_edit", kwargs={"pk": frame.pk}),
        {"amount": "1", "programme_target_percent": "80", "source_note": "", "version": "1"},
    )
    assert "Noen andre har lagret endringer" in stale.content.decode()
    refused = client.post(
        reverse("instruments:frame_create"),
        {"region": "sor", "instrument": "start_loan", "year": 2011, "amount": "1"},
    )
    assert refused.status_code == 200 and RegionalFrame.objects.count() == 1


def test_the_region_members_are_set_by_an_administrator_through_the_api(world, client_for):
    url = reverse("api:region_members", kwargs={"region": "sor"})
    assert (
        client_for(world.contact)
        .put(url, {"codes": ["0602"]}, content_type="application/json")
        .status_code
        == 404
    )
    bad = client_for(world.admin).put(
        url, {"codes": ["0602", "62"]}, content_type="application/json"
    )
    assert (
        bad.status_code == 422
        and "«62» er ikke et gyldig kommunenummer" in bad.json()["errors"]["codes"][0]
    )
    assert (
        client_for(world.admin)
        .put(url, {"codes": ["0602", "0806"]}, content_type="application/json")
        .status_code
        == 200
    )
    assert sorted(RegionMunicipality.objects.values_list("code", flat=True)) == ["0602", "0806"]
    assert client_for(world.viewer).get(url).json() == ["0602", "0806"]


def test_the_import_ssb_command_imports_a_saved_file_and_refuses_a_broken_one(db, tmp_path):
    call_command("import_ssb", "population", str(DATA / "ssb_07459_pxwebapi_v2.json"))
    assert Population.objects.get(code="0806", year=2010).value == 51912
    broken = tmp_path / "broken.json"
    broken.write_text(
        '{"version": "2.0", "class": "dataset", "id": ["Region"], "size": [1], "value": [1]}'
    )
    with pytest.raises(CommandError, match="Dimensjonen «ContentsCode» mangler"):
        call_command("import_ssb", "population", str(broken))


def test_the_application_list_uses_a_fixed_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    for year in range(2005, 2015):
        GrantApplication.objects.create(
            participation=world.drammen_participation,
            instrument=Instrument.PROGRAMME_GRANT,
            year=year,
            amount_applied=Decimal(1),
            purpose="x",
        )
    client = client_for(world.admin)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("instruments:applications")).status_code == 200


def test_the_comparison_and_growth_use_each_structure(world):
    """A figure filed under a code valid in the target structure counts there; growth sums like with like."""
    InstrumentFigure.objects.create(
        instrument=Instrument.START_LOAN, code="0602", year=2009, amount=Decimal(100)
    )
    InstrumentFigure.objects.create(
        instrument=Instrument.START_LOAN, code="0602", year=2011, amount=Decimal(160)
    )
    result = selectors.growth(
        programme=world.programme,
        instrument=Instrument.START_LOAN,
        baseline_year=2009,
        to_year=2011,
        as_of=dt.date(2011, 12, 31),
    )
    assert result.change_percent == Decimal("60.0")
    assert result.excluded == ["Skien"]
