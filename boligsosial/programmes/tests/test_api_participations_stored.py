"""The API's participation list is stored as the portfolio is (issue 14): a write through any
path shows on the next request, and each reader gets only their own municipality."""

import datetime as dt

from boligsosial.municipalities.models import Municipality
from boligsosial.programmes import services
from boligsosial.programmes.models import PhaseKind
from boligsosial.programmes.phases import PhaseData


def _listed(client, as_of: str = "2011-12-31") -> dict[str, dict]:
    rows = client.get(f"/api/v1/participations?as_of={as_of}").json()
    return {row["municipality_name"]: row for row in rows}


def test_a_phase_saved_through_the_service_shows_on_the_next_request(world, client_for):
    admin = client_for(world.admin)
    assert _listed(admin)["Skien"]["current_phase"] is None
    services.phase_save(
        user=world.admin,
        participation=world.skien_participation,
        data=PhaseData(
            kind=PhaseKind.PLANNING, start=dt.date(2011, 9, 1), planned_end=dt.date(2012, 2, 1)
        ),
    )
    assert _listed(admin)["Skien"]["current_phase"] == PhaseKind.PLANNING
    assert _listed(admin, as_of="2011-08-01")["Skien"]["current_phase"] is None


def test_a_municipality_renamed_in_bulk_shows_on_the_next_request(world, client_for):
    admin = client_for(world.admin)
    assert "Skien" in _listed(admin)
    Municipality.objects.filter(pk=world.skien.pk).update(name="Skien og omegn")
    assert "Skien og omegn" in _listed(admin)


def test_each_reader_gets_only_the_participations_they_may_see(world, client_for):
    assert set(_listed(client_for(world.admin))) == {"Drammen", "Skien"}
    assert set(_listed(client_for(world.drammen_leader))) == {"Drammen"}
    assert set(_listed(client_for(world.skien_leader))) == {"Skien"}
