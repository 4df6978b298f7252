"""The good-practice library: filters, and the full-text index `boligsosial reindex_library` rebuilds.

Runs on the suite's database: SQLite (FTS5 table) by default, PostgreSQL (norwegian
text search over the stored search text) with DATABASE_URL set.
"""

import io

from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from boligsosial.plans import selectors
from boligsosial.plans.models import Measure, MeasureStatus, StatusEvent
from boligsosial.plans.tests.factories import make_measure


def _found(user, text):
    return [m.name for m in selectors.library_search(user, text=text)]


def _lose_the_index():
    """What a restore with dumpdata/loaddata does to the index on each database."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM plans_measure_fts")
    Measure.objects.update(search_text="")


def _reindex() -> str:
    out = io.StringIO()
    call_command("reindex_library", stdout=out)
    return out.getvalue()


def test_reindex_library_makes_a_restored_library_searchable_again(world):
    make_measure(world.skien_participation, name="Egen bolig", description="Restanser og bolig.")
    make_measure(world.drammen_participation, name="Boligskole", description="Kurs for ungdom.")
    assert _found(world.drammen_member, "restanser") == ["Egen bolig"]
    _lose_the_index()
    assert _found(world.drammen_member, "restanser") == []
    output = _reindex()
    assert "Tiltak indeksert: 2" in output
    assert "utdatert og er bygd på nytt: 2" in output
    if connection.vendor == "sqlite":
        assert "før: 0, etter: 2" in output
    assert _found(world.drammen_member, "restanser") == ["Egen bolig"]
    assert _found(world.drammen_member, "ungdom") == ["Boligskole"]


def test_reindex_library_is_idempotent(world):
    make_measure(world.skien_participation, name="Egen bolig", description="Restanser og bolig.")
    first = _reindex()
    second = _reindex()
    assert "Tiltak indeksert: 1" in first and "Tiltak indeksert: 1" in second
    assert "utdatert og er bygd på nytt: 0" in second
    if connection.vendor == "sqlite":
        assert "før: 1, etter: 1" in second
    assert _found(world.drammen_member, "restanser") == ["Egen bolig"]


def test_a_loaddata_round_trip_needs_reindex_library_to_search_again(world):
    make_measure(world.skien_participation, name="Egen bolig", description="Restanser og bolig.")
    dumped = serializers.serialize("json", [*Measure.objects.all(), *StatusEvent.objects.all()])
    Measure.objects.all().delete()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM plans_measure_fts")
    for obj in serializers.deserialize("json", dumped):
        obj.save()
    assert Measure.objects.get().status == MeasureStatus.RUNNING
    if connection.vendor == "sqlite":
        assert _found(world.drammen_member, "restanser") == []
    _reindex()
    assert _found(world.drammen_member, "restanser") == ["Egen bolig"]


def test_library_filters_by_target_group_method_status_and_municipality(world):
    make_measure(
        world.drammen_participation,
        name="Boligskole",
        target_groups=["youth"],
        methods=["housing_school"],
    )
    make_measure(
        world.skien_participation,
        name="Egen bolig",
        target_groups=["municipal_tenants"],
        status="completed",
    )
    names = lambda **kw: [m.name for m in selectors.library_search(world.viewer, **kw)]  # noqa: E731
    assert names(target_group="youth") == ["Boligskole"]
    assert names(method="housing_school") == ["Boligskole"]
    assert names(status="completed") == ["Egen bolig"]
    assert names(municipality_id=world.skien.pk) == ["Egen bolig"]
    assert names(text="boligskole") == ["Boligskole"]


def test_library_filters_by_municipality_size_from_the_latest_population(world, client_for):
    from boligsosial.municipalities.models import Population

    Population.objects.create(code=world.drammen.code, year=2011, value=63582)
    Population.objects.create(code=world.skien.code, year=2010, value=51000)
    Population.objects.create(code=world.skien.code, year=2011, value=49000)
    make_measure(world.drammen_participation, name="Boligskole")
    make_measure(world.skien_participation, name="Egen bolig")
    assert [m.name for m in selectors.library_search(world.viewer, size="large")] == ["Boligskole"]
    assert [m.name for m in selectors.library_search(world.viewer, size="medium")] == ["Egen bolig"]
    page = (
        client_for(world.skien_leader)
        .get(reverse("plans:library"), {"size": "large"})
        .content.decode()
    )
    assert "Boligskole" in page and "Egen bolig" not in page


def test_the_stored_library_page_shows_what_a_reindex_makes_findable(world, client_for):
    """The page is stored per reader and query until its data change. SQLite's index lives
    beside the measures' table: rebuilding it counts as a change of the library."""
    make_measure(world.skien_participation, name="Egen bolig", description="Restanser og bolig.")
    client = client_for(world.drammen_member)
    url = reverse("plans:library") + "?q=restanser"
    assert "Egen bolig" in client.get(url).content.decode()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM plans_measure_fts")  # as a restore leaves it
    make_measure(world.drammen_participation, name="Boligskole", description="Kurs.")
    lost = connection.vendor == "sqlite"
    assert ("Egen bolig" in client.get(url).content.decode()) is not lost
    _reindex()
    assert "Egen bolig" in client.get(url).content.decode()
    make_measure(world.skien_participation, name="Restanser først", description="Ny.")
    assert "Restanser først" in client.get(url).content.decode()
