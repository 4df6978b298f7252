"""The audit log: record, snapshot, history_for, audited_update and record_many."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType

from boligsosial.audit.models import Action, AuditEntry
from boligsosial.audit.selectors import history_for
from boligsosial.audit.services import audited_update, record, record_many, snapshot
from boligsosial.core.concurrency import StaleEditError
from boligsosial.programmes.models import LeaderRank, NationalGoal, Phase, PhaseKind

# snapshot ---------------------------------------------------------------------------


def test_a_snapshot_is_readable_field_by_field(world):
    organisation = world.drammen_participation.organisation
    organisation.ftes = Decimal("2.5")
    data = snapshot(organisation)
    assert data["årsverk i programmet"] == "2.5"
    # Choices by their label, relations by their name, the bookkeeping fields left out.
    assert data["styringsgruppeleders nivå"] == LeaderRank.MANAGEMENT_GROUP.label
    assert data["participation"] == str(world.drammen_participation)
    assert not {"id", "version", "opprettet", "endret"} & set(data)


def test_a_snapshot_writes_dates_as_iso_and_lists_many_to_many_sorted(world):
    phase = world.drammen_participation.phases.get(kind=PhaseKind.PLANNING)
    assert snapshot(phase)["start"] == "2010-03-01"
    programme = world.programme
    second, first = NationalGoal.objects.get(number=2), NationalGoal.objects.get(number=1)
    programme.national_goals.add(second, first)
    assert snapshot(programme)["nasjonale mål"] == [str(first), str(second)]
    assert "nasjonale mål" not in snapshot(programme, exclude=("national_goals",))


# record -----------------------------------------------------------------------------


def test_record_stores_who_what_before_after_and_the_target_as_scope(world):
    phase = world.drammen_participation.phases.first()
    entry = record(
        user=world.admin, action=Action.DELETE, target=phase, before={"a": 1}, comment="Feil"
    )
    entry.refresh_from_db()
    assert (entry.user, entry.action, entry.before, entry.after) == (
        world.admin,
        "delete",
        {"a": 1},
        None,
    )
    assert entry.target_id == str(phase.pk) and entry.scope_id == str(phase.pk)
    assert entry.comment == "Feil" and entry.target_repr == str(phase)


def test_an_update_that_changes_nothing_is_not_recorded(world):
    phase = world.drammen_participation.phases.first()
    assert record(user=world.admin, action=Action.UPDATE, target=phase, before={}, after={}) is None
    assert not AuditEntry.objects.exists()


def test_an_anonymous_change_is_recorded_without_a_user(world):
    entry = record(user=AnonymousUser(), action=Action.CREATE, target=world.programme, after={})
    assert entry.user is None


# history_for ------------------------------------------------------------------------


def test_history_shows_the_object_and_what_is_scoped_to_it_newest_first(world):
    participation = world.drammen_participation
    phase = participation.phases.first()
    first = record(user=world.admin, action=Action.CREATE, target=participation, after={})
    second = record(
        user=world.admin, action=Action.CREATE, target=phase, scope=participation, after={}
    )
    record(user=world.admin, action=Action.CREATE, target=world.skien_participation, after={})
    assert list(history_for(participation)) == [second, first]
    assert list(history_for(participation, limit=1)) == [second]
    assert list(history_for(phase)) == [second]


def test_changed_fields_lists_only_what_differs(world):
    entry = record(
        user=world.admin,
        action=Action.UPDATE,
        target=world.programme,
        before={"navn": "A", "eier": "sør"},
        after={"navn": "B", "eier": "sør"},
    )
    assert entry.changed_fields() == [{"field": "navn", "before": "A", "after": "B"}]


# audited_update ---------------------------------------------------------------------


def test_audited_update_bumps_the_version_saves_and_records_before_and_after(world):
    organisation = world.drammen_participation.organisation
    audited_update(
        user=world.contact,
        obj=organisation,
        version=1,
        changes={"notes": "Ny"},
        scope=world.drammen_participation,
    )
    organisation.refresh_from_db()
    assert (organisation.notes, organisation.version) == ("Ny", 2)
    entry = AuditEntry.objects.get()
    assert entry.user == world.contact and entry.scope_id == str(world.drammen_participation.pk)
    assert entry.changed_fields() == [{"field": "merknader", "before": "", "after": "Ny"}]


def test_audited_update_on_a_stale_version_changes_and_records_nothing(world):
    organisation = world.drammen_participation.organisation
    audited_update(user=world.contact, obj=organisation, version=1, changes={"notes": "A"})
    stale = type(organisation).objects.get(pk=organisation.pk)
    stale.version = 1
    with pytest.raises(StaleEditError):
        audited_update(user=world.admin, obj=stale, version=1, changes={"notes": "B"})
    organisation.refresh_from_db()
    assert organisation.notes == "A" and AuditEntry.objects.count() == 1


def test_audited_update_without_a_version_skips_the_check_but_still_counts_up(world):
    phase = world.drammen_participation.phases.get(kind=PhaseKind.PLANNING)
    audited_update(user=None, obj=phase, version=None, changes={"overrun_reason": "X"})
    assert Phase.objects.get(pk=phase.pk).version == 2


def test_audited_update_of_an_unversioned_model_saves_and_records(world):
    programme = world.programme
    audited_update(user=world.admin, obj=programme, version=None, changes={"name": "Nytt navn"})
    assert type(programme).objects.get(pk=programme.pk).name == "Nytt navn"
    assert AuditEntry.objects.get().changed_fields()[0]["after"] == "Nytt navn"


def test_audited_update_leaves_excluded_fields_out_of_the_record(world):
    organisation = world.drammen_participation.organisation
    audited_update(
        user=world.admin,
        obj=organisation,
        version=None,
        changes={"notes": "Hemmelig", "programme_leader_unit": "Boligkontoret"},
        exclude=("notes",),
    )
    fields = [c["field"] for c in AuditEntry.objects.get().changed_fields()]
    assert fields == ["hvor programleder er plassert"]


# record_many ------------------------------------------------------------------------


def test_record_many_writes_many_entries_in_one_insert_and_skips_unchanged_updates(
    world, django_assert_max_num_queries
):
    phases = list(world.drammen_participation.phases.all())
    entries = [
        {"user": world.admin, "action": Action.IMPORT, "target": p, "after": {"n": i}}
        for i, p in enumerate(phases)
    ]
    entries.append(
        {
            "user": world.admin,
            "action": Action.UPDATE,
            "target": phases[0],
            "before": {},
            "after": {},
        }
    )
    entries.append(
        {
            "user": AnonymousUser(),
            "action": Action.UPDATE,
            "target": phases[0],
            "scope": world.drammen_participation,
            "before": {"n": 0},
            "after": {"n": 1},
            "comment": "import",
        }
    )
    # Content types are looked up once per process and then cached; warm the cache so the
    # count is the writing alone, whatever ran before in this worker.
    for model in (type(phases[0]), type(world.drammen_participation)):
        ContentType.objects.get_for_model(model)
    with django_assert_max_num_queries(1):  # one INSERT for all entries
        created = record_many(entries)
    assert len(created) == 3 and AuditEntry.objects.count() == 3
    scoped = AuditEntry.objects.get(comment="import")
    assert scoped.user is None and scoped.scope_id == str(world.drammen_participation.pk)
    assert history_for(world.drammen_participation)[0] == scoped


def test_snapshot_values_survive_the_json_column(world):
    participation = world.drammen_participation
    participation.start_date = dt.date(2010, 3, 1)
    entry = record(
        user=world.admin, action=Action.CREATE, target=participation, after=snapshot(participation)
    )
    entry.refresh_from_db()
    assert entry.after["oppstart i programmet"] == "2010-03-01"
