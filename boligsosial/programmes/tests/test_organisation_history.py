"""The organisation's dated history: a change is valid from a date, what was true before stays,
and pages and selectors as of a date read what was true then."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from boligsosial.programmes import selectors, services
from boligsosial.programmes.models import AnchoringLevel, LeaderRank, OrganisationPeriod

D = dt.date


def _steering_group(**extra):
    return dict(
        has_steering_group=True,
        steering_group_leader_position="Rådmann",
        steering_group_leader_rank=LeaderRank.RADMANN,
        **extra,
    )


def test_the_first_registration_counts_from_the_start_and_a_later_one_splits_it(world):
    participation = world.drammen_participation
    participation.start_date = D(2010, 3, 1)
    participation.save()
    services.organisation_update(
        user=world.admin, participation=participation, version=None, has_steering_group=False
    )
    services.organisation_update(
        user=world.admin,
        participation=participation,
        version=None,
        valid_from=D(2011, 10, 1),
        **_steering_group(),
    )
    periods = list(OrganisationPeriod.objects.filter(participation=participation))
    assert [(p.valid_from, p.valid_to, p.has_steering_group) for p in periods] == [
        (D(2010, 3, 1), D(2011, 10, 1), False),
        (D(2011, 10, 1), None, True),
    ]
    assert selectors.organisation_at(participation, D(2011, 9, 30)).anchoring_level == (
        AnchoringLevel.NONE
    )
    assert selectors.organisation_at(participation, D(2011, 10, 1)).anchoring_level == (
        AnchoringLevel.RADMANN
    )
    assert selectors.organisation_at(participation, D(2010, 2, 28)) is None
    participation.organisation.refresh_from_db()
    assert participation.organisation.has_steering_group


def test_a_change_in_the_past_holds_until_the_next_recorded_change(world):
    participation = world.drammen_participation
    participation.start_date = D(2010, 3, 1)
    participation.save()
    admin = world.admin
    services.organisation_update(
        user=admin, participation=participation, version=None, project_organised=False
    )
    services.organisation_update(
        user=admin,
        participation=participation,
        version=None,
        valid_from=D(2012, 1, 1),
        ftes=2,
    )
    services.organisation_update(
        user=admin,
        participation=participation,
        version=None,
        valid_from=D(2011, 1, 1),
        project_organised=True,
    )
    at = selectors.organisation_at
    assert at(participation, D(2010, 6, 1)).project_organised is False
    assert at(participation, D(2011, 6, 1)).project_organised is True
    later = at(participation, D(2012, 6, 1))
    assert later.project_organised is False and later.ftes == 2
    participation.organisation.refresh_from_db()
    assert participation.organisation.project_organised is False


def test_a_correction_the_same_day_keeps_the_replaced_period_as_history(world):
    participation = world.drammen_participation
    for ftes in (1, 3):
        services.organisation_update(
            user=world.admin,
            participation=participation,
            version=None,
            valid_from=D(2011, 1, 1),
            ftes=ftes,
        )
    history = selectors.organisation_history(participation)
    assert [(p.ftes, p.valid_to) for p in history][:2] == [(3, None), (1, D(2011, 1, 1))]
    assert selectors.organisation_at(participation, D(2011, 1, 1)).ftes == 3


def test_a_date_out_of_bounds_is_refused_in_norwegian_and_nothing_is_saved(world):
    participation = world.drammen_participation
    with pytest.raises(ValidationError) as excinfo:
        services.organisation_update(
            user=world.admin,
            participation=participation,
            version=None,
            valid_from=D(1889, 1, 1),
            ftes=2,
        )
    assert "mellom 01.01.1990" in str(excinfo.value.message_dict["valid_from"])
    assert not OrganisationPeriod.objects.filter(participation=participation).exists()


def test_the_participation_page_shows_the_organisation_as_of_its_date_and_the_history(
    world, client_for
):
    participation = world.drammen_participation
    participation.start_date = D(2010, 3, 1)
    participation.save()
    services.organisation_update(
        user=world.admin, participation=participation, version=None, has_steering_group=False
    )
    services.organisation_update(
        user=world.admin,
        participation=participation,
        version=None,
        valid_from=D(2011, 10, 1),
        **_steering_group(),
    )
    url = reverse("programmes:participation", args=[participation.pk])
    client = client_for(world.admin)
    before = client.get(url + "?as_of=2011-06-30").content.decode()
    after = client.get(url + "?as_of=2011-12-31").content.decode()
    assert 'data-testid="anchoring">Ingen styringsgruppe<' in before
    assert 'data-testid="anchoring">Rådmannsnivå<' in after
    assert "Organiseringens historikk" in after and "01.10.2011" in after


def test_the_api_takes_the_date_a_change_is_valid_from(world, client_for):
    participation = world.drammen_participation
    client = client_for(world.admin)
    url = reverse("api:update_organisation", kwargs={"pk": participation.pk})
    current = client.get(reverse("api:get_organisation", kwargs={"pk": participation.pk})).json()
    response = client.put(
        url,
        {
            "version": current["version"],
            "valid_from": "2011-10-01",
            "political_participation": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert selectors.organisation_at(participation, D(2011, 10, 2)).political_participation
    assert response.json()["political_participation"] is True
    refused = client.put(
        url,
        {"version": response.json()["version"], "valid_from": "1850-01-01", "ftes": 1},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert "mellom 01.01.1990" in " ".join(refused.json()["errors"]["valid_from"])
