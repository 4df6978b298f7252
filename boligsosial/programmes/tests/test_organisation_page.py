"""The organisation page reads on GET; the organisation is made by the services, audited."""

import importlib

from django.apps import apps
from django.urls import reverse

from boligsosial.audit.models import AuditEntry
from boligsosial.programmes import services
from boligsosial.programmes.models import Organisation
from boligsosial.programmes.tests.factories import ParticipationFactory


def test_opening_the_organisation_page_writes_nothing(world, client_for):
    bare = ParticipationFactory(programme=world.programme, programme_contact=world.contact)
    url = reverse("programmes:organisation_edit", args=[bare.pk])
    response = client_for(world.contact).get(url)
    assert response.status_code == 200
    assert not Organisation.objects.filter(participation=bare).exists()
    assert not AuditEntry.objects.exists()


def test_saving_the_page_creates_the_missing_organisation_and_records_it(world, client_for):
    bare = ParticipationFactory(programme=world.programme, programme_contact=world.contact)
    url = reverse("programmes:organisation_edit", args=[bare.pk])
    response = client_for(world.contact).post(
        url, {"programme_leader_position": "Programleder", "has_steering_group": ""}
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(participation=bare)
    assert organisation.programme_leader_position == "Programleder"
    actions = list(
        AuditEntry.objects.filter(target_id=str(organisation.pk)).values_list("action", flat=True)
    )
    assert sorted(actions) == ["create", "update"]


def test_a_new_participation_has_its_organisation_from_the_start(world):
    from boligsosial.municipalities.tests.factories import MunicipalityFactory

    larvik = MunicipalityFactory(code="0709", name="Larvik")
    participation = services.participation_create(
        user=world.admin, programme=world.programme, municipality=larvik
    )
    assert Organisation.objects.filter(participation=participation).exists()


def test_the_data_migration_gives_every_older_participation_an_organisation(world):
    bare = ParticipationFactory(programme=world.programme)
    migration = importlib.import_module(
        "boligsosial.programmes.migrations.0004_organisation_for_every_participation"
    )
    migration.create_missing_organisations(apps, None)
    assert Organisation.objects.filter(participation=bare).count() == 1
    # The existing organisations are kept as they were.
    assert Organisation.objects.get(participation=world.drammen_participation).has_steering_group
    migration.create_missing_organisations(apps, None)
    assert Organisation.objects.count() == 3
