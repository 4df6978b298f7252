"""The API's figure list is stored (issue 14): a figure written through any path shows on
the next request, and a municipal reader gets only their municipality's figures."""

from decimal import Decimal

from django.urls import reverse

from boligsosial.instruments import services
from boligsosial.instruments.models import Instrument, InstrumentFigure


def _figures(client, **filters) -> dict[str, str]:
    """Code → amount, as the API lists the start loans of 2011."""
    rows = client.get(
        reverse("api:list_figures"), {"instrument": Instrument.START_LOAN, "year": 2011, **filters}
    ).json()
    return {row["code"]: row["amount"] for row in rows}


def _register(world, code: str, amount: int) -> None:
    services.figure_save(
        user=world.admin,
        instrument=Instrument.START_LOAN,
        code=code,
        year=2011,
        amount=Decimal(amount),
    )


def test_a_figure_saved_through_the_service_or_in_bulk_shows_on_the_next_request(world, client_for):
    admin = client_for(world.admin)
    assert _figures(admin) == {}
    _register(world, "0602", 40_000_000)
    assert set(_figures(admin)) == {"0602"}
    before = _figures(admin)["0602"]
    InstrumentFigure.objects.filter(code="0602").update(amount=Decimal(1))
    assert _figures(admin)["0602"] != before
    assert set(_figures(admin, code="0806")) == set()


def test_a_municipal_reader_gets_only_their_municipalitys_figures(world, client_for):
    _register(world, "0602", 40_000_000)
    _register(world, "0806", 30_000_000)
    assert set(_figures(client_for(world.admin))) == {"0602", "0806"}
    assert set(_figures(client_for(world.drammen_leader))) == {"0602"}
    assert set(_figures(client_for(world.skien_leader))) == {"0806"}
