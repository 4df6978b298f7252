"""A national programme: municipalities from every county, created through the page."""

import datetime as dt

import pytest
from django.urls import reverse

from boligsosial.municipalities import services as registry
from boligsosial.municipalities.models import County
from boligsosial.municipalities.selectors import municipalities_valid_at
from boligsosial.programmes.models import Participation


@pytest.mark.django_db
def test_a_national_programme_takes_a_municipality_from_every_county(world, client_for):
    registry.load_shipped_registry()
    today = dt.date(2025, 6, 1)
    counties = set(
        County.objects.filter(valid_from__lte=today)
        .exclude(valid_to__lte=today)
        .values_list("code", flat=True)
    )
    assert len(counties) == 15
    admin = client_for(world.admin)
    chosen = {}
    for municipality in municipalities_valid_at(today).order_by("code"):
        chosen.setdefault(municipality.code[:2], municipality)
    assert set(chosen) == counties
    for municipality in chosen.values():
        response = admin.post(
            reverse("programmes:participation_create"),
            {
                "programme": world.programme.pk,
                "municipality": municipality.pk,
                "start_date": "2025-01-01",
                "start_precision": "day",
                "programme_contact": world.contact.pk,
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    joined = Participation.objects.filter(programme=world.programme).exclude(
        municipality__in=[world.drammen, world.skien]
    )
    assert {p.municipality.code[:2] for p in joined} == counties
    portfolio = admin.get(reverse("programmes:portfolio")).content.decode()
    for municipality in chosen.values():
        assert municipality.name in portfolio
