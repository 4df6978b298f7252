"""Husbanken's regions are data: the national administrator creates them and sets the
municipalities each serves, with dates; analyses read who was served when."""

import datetime as dt

import pytest
from django.urls import reverse

from boligsosial.instruments.selectors import region_codes
from boligsosial.instruments.selectors.structure import StructureMapper
from boligsosial.municipalities import services as registry
from boligsosial.programmes.models import Programme, Region, RegionMunicipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(world):
    registry.load_shipped_registry()
    return world


def test_the_regions_programmes_used_are_rows_after_the_migration(world):
    assert set(Region.objects.values_list("key", flat=True)) >= {"sor", "ost", "vest", "midt"}
    assert Programme.objects.get(pk=world.programme.pk).owner_region.name == "Husbanken Region sør"


def test_the_administrator_creates_a_region_and_sets_its_municipalities(national, client_for):
    admin = client_for(national.admin)
    response = admin.post(
        reverse("programmes:region_create"),
        {
            "key": "nord-test",
            "name": "Husbanken Region Nord-Test",
            "office": "Tromsø",
            "valid_from": "2020-01-01",
            "valid_to": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    region = Region.objects.get(key="nord-test")
    response = admin.post(
        reverse("programmes:region_served", args=[region.pk]),
        {"municipalities": "5401\n5402; 01.01.2020; 01.01.2024\n", "version": region.version},
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    page = admin.get(
        reverse("programmes:region", args=[region.pk]) + "?as_of=2021-06-01"
    ).content.decode()
    assert "Tromsø" in page and "5401" in page and "Harstad" in page
    assert "01.01.2020–01.01.2024" in page
    listing = admin.get(reverse("programmes:regions") + "?as_of=2025-06-01").content.decode()
    assert "Husbanken Region Nord-Test" in listing


def test_bad_lines_are_refused_by_line_and_nothing_is_saved(national, client_for):
    region = Region.objects.get(key="sor")
    before = list(region.municipalities.values_list("code", flat=True))
    response = client_for(national.admin).post(
        reverse("programmes:region_served", args=[region.pk]),
        {"municipalities": "0602\n06x2\n9876\n0806; 31.02.2011\n0602", "version": region.version},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Linje 4: «31.02.2011» er ikke en dato" in page
    response = client_for(national.admin).post(
        reverse("programmes:region_served", args=[region.pk]),
        {"municipalities": "0602\n06x2\n9876\n0602", "version": region.version},
    )
    page = response.content.decode()
    assert "Linje 2:" in page and "«06x2» er ikke et gyldig kommunenummer" in page
    assert "Linje 3: kommunenummer 9876 finnes ikke i kommuneregisteret." in page
    assert "Linje 4: 0602 står to ganger for samme tidsrom." in page
    assert list(region.municipalities.values_list("code", flat=True)) == before


def test_a_stale_edit_of_the_municipalities_is_refused(national, client_for):
    region = Region.objects.get(key="sor")
    old_version = region.version
    admin = client_for(national.admin)
    ok = admin.post(
        reverse("programmes:region_served", args=[region.pk]),
        {"municipalities": "0602", "version": old_version},
    )
    assert ok.status_code == 302
    stale = admin.post(
        reverse("programmes:region_served", args=[region.pk]),
        {"municipalities": "0806", "version": old_version},
    )
    assert stale.status_code == 200
    assert list(region.municipalities.values_list("code", flat=True)) == ["0602"]


def test_only_husbanken_sees_regions_and_only_the_administrator_changes_them(national, client_for):
    region = Region.objects.get(key="sor")
    assert client_for(national.contact).get(reverse("programmes:regions")).status_code == 200
    assert (
        client_for(national.contact)
        .get(reverse("programmes:region_edit", args=[region.pk]))
        .status_code
        == 404
    )
    for user in (national.drammen_leader, national.viewer, national.evaluator):
        assert client_for(user).get(reverse("programmes:regions")).status_code == 404


def test_the_rest_of_the_region_counts_only_municipalities_served_that_year(national):
    region = Region.objects.get(key="sor")
    region.municipalities.all().delete()
    RegionMunicipality.objects.create(region=region, code="0602")
    RegionMunicipality.objects.create(region=region, code="0806", valid_from=dt.date(2012, 1, 1))
    mapper = StructureMapper(dt.date(2011, 1, 1))
    assert region_codes("sor", mapper, dt.date(2011, 6, 1)) == {"0602"}
    assert region_codes("sor", mapper, dt.date(2013, 6, 1)) == {"0602", "0806"}


def test_a_new_region_takes_a_frame_through_the_api_an_unknown_one_is_refused(national, client_for):
    Region.objects.create(key="test", name="Husbanken Region Test")
    api = client_for(national.admin)
    body = {"region": "test", "instrument": "competence_grant", "year": 2011, "amount": 1000}
    response = api.post("/api/v1/instruments/frames", body, content_type="application/json")
    assert response.status_code == 200, response.content.decode()
    assert response.json()["region"] == "test"
    body["region"] = "finnes-ikke"
    response = api.post("/api/v1/instruments/frames", body, content_type="application/json")
    assert response.status_code == 422
    assert "Ukjent region «finnes-ikke»" in response.json()["errors"]["region"][0]
