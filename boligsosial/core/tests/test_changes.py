"""The change log (core.changes): every write path changes the fingerprint of the tables it
wrote to, and only of those; SQLite and PostgreSQL alike (PostgreSQL-only paths in
test_changes_postgres.py)."""

import datetime as dt

import pytest
from django.db import connection

from boligsosial.core import changes
from boligsosial.core.models import TableChange
from boligsosial.municipalities.models import County, Municipality

COUNTY = County._meta.db_table
MUNICIPALITY = Municipality._meta.db_table


def _county(code="99", name="Prøvefylke"):
    return County(code=code, name=name, valid_from=dt.date(2000, 1, 1))


def _changed(tables, write) -> bool:
    before = changes.fingerprint(tables)
    write()
    return changes.fingerprint(tables) != before


@pytest.mark.django_db
def test_every_table_of_the_domain_apps_is_watched():
    from django.apps import apps

    watched = changes.watched_tables()
    for label in changes.WATCHED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if not model._meta.proxy:
                assert model._meta.db_table in watched
    assert changes.user_table() in watched


@pytest.mark.django_db
def test_orm_save_update_delete_and_bulk_create_change_the_fingerprint():
    county = _county()
    assert _changed([COUNTY], county.save)
    assert _changed([COUNTY], lambda: County.objects.bulk_create([_county("98"), _county("97")]))
    assert _changed([COUNTY], lambda: County.objects.filter(code="98").update(name="Nytt"))
    county.name = "Endret"
    assert _changed([COUNTY], county.save)
    assert _changed([COUNTY], lambda: County.objects.filter(code="97").delete())
    assert _changed([COUNTY], county.delete)


@pytest.mark.django_db
def test_raw_sql_changes_the_fingerprint():
    _county().save()

    def raw_update():
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {COUNTY} SET name = 'Rått' WHERE code = '99'")

    assert _changed([COUNTY], raw_update)


@pytest.mark.django_db
def test_a_write_changes_only_the_fingerprints_of_sets_holding_its_table():
    assert not _changed([MUNICIPALITY], _county().save)
    assert _changed([MUNICIPALITY, COUNTY], _county("98").save)


@pytest.mark.django_db
def test_fingerprints_of_several_sets_in_one_query_are_each_sets_own():
    sets = ([MUNICIPALITY], [MUNICIPALITY, COUNTY], [COUNTY])
    before = changes.fingerprints(*sets)
    assert before == [changes.fingerprint(tables) for tables in sets]
    _county().save()
    after = changes.fingerprints(*sets)
    assert after == [changes.fingerprint(tables) for tables in sets]
    assert [a != b for a, b in zip(before, after, strict=True)] == [False, True, True]


@pytest.mark.django_db
def test_log_ins_do_not_change_the_users_table_but_names_do():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import update_last_login

    user = get_user_model().objects.create(username="navn-test")
    users = [changes.user_table()]
    assert not _changed(users, lambda: update_last_login(None, user))
    user.first_name = "Kari"
    assert _changed(users, lambda: user.save(update_fields=["first_name"]))


@pytest.mark.django_db
def test_a_table_outside_the_log_is_refused():
    with pytest.raises(ValueError, match="django_session"):
        changes.fingerprint(["django_session"])


@pytest.mark.django_db
def test_installing_again_adds_no_second_trigger_and_records_a_change():
    before = changes.fingerprint([COUNTY])
    changes.install()
    assert changes.fingerprint([COUNTY]) != before
    # One trigger: a write is recorded once (one row on PostgreSQL, +1 on SQLite).
    rows = TableChange.objects.filter(table_name=COUNTY)
    count, bumps = rows.count(), sum(rows.values_list("bumps", flat=True))
    _county().save()
    if connection.vendor == "postgresql":
        assert rows.count() == count + 1
    else:
        assert sum(rows.values_list("bumps", flat=True)) == bumps + 1


@pytest.mark.django_db
def test_a_migration_that_rebuilds_a_table_keeps_it_watched():
    """SQLite rebuilds a table to alter it, dropping its triggers; migrate's post_migrate
    installs them again."""
    from django.core.management import call_command

    call_command("migrate", "core", "0002", verbosity=0)  # runs post_migrate
    assert _changed([COUNTY], _county().save)


@pytest.mark.django_db
def test_compaction_keeps_the_log_small_and_no_fingerprint_repeats():
    seen = {changes.fingerprint([COUNTY])}
    for code in ("91", "92", "93"):
        _county(code).save()
        seen.add(changes.fingerprint([COUNTY]))
    changes.compact()  # PostgreSQL; SQLite's counters do not grow (nothing to do)
    after = changes.fingerprint([COUNTY])
    if connection.vendor == "postgresql":
        assert after not in seen
        assert TableChange.objects.filter(table_name=COUNTY).count() == 1
    _county("94").save()
    assert changes.fingerprint([COUNTY]) not in seen | {after}


@pytest.mark.django_db
def test_the_compaction_command_reports_what_it_removed():
    import io

    from django.core.management import call_command

    _county().save()
    out = io.StringIO()
    call_command("compact_change_log", stdout=out)
    assert "Endringsloggen:" in out.getvalue()
    if connection.vendor == "postgresql":
        assert TableChange.objects.count() <= len(changes.watched_tables())
