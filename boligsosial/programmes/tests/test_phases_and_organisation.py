import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from boligsosial.audit.models import AuditEntry
from boligsosial.core.concurrency import StaleEditError
from boligsosial.programmes import selectors, services
from boligsosial.programmes.models import AnchoringLevel, LeaderRank, Phase, PhaseKind
from boligsosial.programmes.services import PhaseData

D = dt.date


def organisation_data(**overrides):
    data = dict(
        programme_leader_position="Programleder",
        programme_leader_unit="Boligkontoret",
        programme_leader_acting=False,
        project_organised=True,
        has_steering_group=True,
        steering_group_leader_position="Rådmann",
        steering_group_leader_rank=LeaderRank.RADMANN,
        steering_group_members="",
        husbanken_in_steering_group=None,
        ftes=None,
        notes="",
    )
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("has_group", "rank", "level"),
    [
        (True, LeaderRank.RADMANN, AnchoringLevel.RADMANN),
        (True, LeaderRank.ASSISTANT_RADMANN, AnchoringLevel.RADMANN),
        (True, LeaderRank.MANAGEMENT_GROUP, AnchoringLevel.RADMANN),
        (True, LeaderRank.HEAD_OF_UNIT, AnchoringLevel.UNIT),
        (False, "", AnchoringLevel.NONE),
    ],
)
def test_the_anchoring_level_follows_the_steering_group_leader(world, has_group, rank, level):
    organisation = services.organisation_update(
        user=world.admin,
        participation=world.skien_participation,
        version=None,
        **organisation_data(
            has_steering_group=has_group,
            steering_group_leader_rank=rank,
            steering_group_leader_position="Leder" if has_group else "",
        ),
    )
    assert organisation.anchoring_level == level


def test_a_steering_group_needs_its_leaders_level(world):
    with pytest.raises(ValidationError) as excinfo:
        services.organisation_update(
            user=world.drammen_leader,
            participation=world.drammen_participation,
            version=None,
            **organisation_data(steering_group_leader_rank=""),
        )
    assert "forankringsnivået" in str(excinfo.value.message_dict["steering_group_leader_rank"])


def test_an_organisation_edit_is_recorded_with_before_and_after(world):
    services.organisation_update(
        user=world.drammen_leader,
        participation=world.drammen_participation,
        version=None,
        **organisation_data(ftes=Decimal("3.5")),
    )
    entry = AuditEntry.objects.get(
        target_id=str(world.drammen_participation.organisation.pk), action="update"
    )
    assert entry.user == world.drammen_leader
    changed = {c["field"]: c for c in entry.changed_fields()}
    assert changed["årsverk i programmet"]["after"] == "3.5"


def test_a_save_based_on_an_old_version_is_refused_and_changes_nothing(world):
    organisation = world.drammen_participation.organisation
    old_version = organisation.version
    services.organisation_update(
        user=world.contact,
        participation=world.drammen_participation,
        version=old_version,
        **organisation_data(notes="Første"),
    )
    with pytest.raises(StaleEditError, match="Noen andre har lagret"):
        services.organisation_update(
            user=world.drammen_leader,
            participation=world.drammen_participation,
            version=old_version,
            **organisation_data(notes="Andre"),
        )
    organisation.refresh_from_db()
    assert organisation.notes == "Første"


# Phases --------------------------------------------------------------------------


def phase(kind, start, planned_end=None, actual_end=None, reason=""):
    return PhaseData(
        kind=kind,
        start=start,
        planned_end=planned_end,
        actual_end=actual_end,
        overrun_reason=reason,
    )


def test_overlapping_phases_are_refused_and_nothing_is_saved(world):
    before = Phase.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        services.phase_save(
            user=world.admin,
            participation=world.drammen_participation,
            data=phase(PhaseKind.PHASE_OUT, D(2013, 6, 1), D(2014, 12, 1)),
        )
    assert "kan ikke overlappe" in " ".join(excinfo.value.message_dict["start"])
    assert Phase.objects.count() == before


def test_an_end_before_the_start_is_refused(world):
    with pytest.raises(ValidationError) as excinfo:
        services.phase_save(
            user=world.admin,
            participation=world.skien_participation,
            data=phase(PhaseKind.PLANNING, D(2011, 1, 1), D(2010, 12, 1)),
        )
    assert "kan ikke være før start" in " ".join(excinfo.value.message_dict["planned_end"])
    assert not world.skien_participation.phases.exists()


def test_phases_must_come_in_the_models_order(world):
    with pytest.raises(ValidationError) as excinfo:
        services.phase_save(
            user=world.admin,
            participation=world.drammen_participation,
            data=phase(PhaseKind.PREPARATION, D(2011, 1, 1), D(2011, 2, 1)),
        )
    assert "kan ikke starte før" in " ".join(excinfo.value.message_dict["start"])


def test_a_phase_longer_than_the_model_needs_a_reason_and_is_then_flagged_not_forbidden(world):
    long_planning = phase(PhaseKind.PLANNING, D(2010, 12, 1), D(2011, 9, 1))
    with pytest.raises(ValidationError) as excinfo:
        services.phase_save(
            user=world.admin, participation=world.skien_participation, data=long_planning
        )
    assert "lenger enn rammemodellens 6 måneder" in " ".join(
        excinfo.value.message_dict["overrun_reason"]
    )
    long_planning.overrun_reason = "Ny programleder måtte rekrutteres."
    saved = services.phase_save(
        user=world.admin, participation=world.skien_participation, data=long_planning
    )
    assert saved.exceeds_model()
    items = selectors.due_items(world.skien_participation, D(2011, 10, 1))
    assert any(i.code == "phase_long_explained" and "Ny programleder" in i.text for i in items)


def test_an_overdue_phase_and_a_phase_ending_soon_are_due_items(world):
    participation = world.drammen_participation
    overdue = [i.code for i in selectors.due_items(participation, D(2013, 10, 1))]
    soon = [i.code for i in selectors.due_items(participation, D(2013, 7, 1))]
    assert "phase_overdue" in overdue
    assert "phase_ending" in soon and "phase_overdue" not in soon


def test_the_implementation_year_asks_for_an_annual_meeting(world):
    codes = [i.code for i in selectors.due_items(world.drammen_participation, D(2011, 12, 31))]
    assert "annual_meeting_due" in codes


def test_months_in_phase_is_counted_for_the_as_of_date(world):
    participation = world.drammen_participation
    assert participation.current_phase(D(2011, 12, 31)).kind == PhaseKind.IMPLEMENTATION
    assert participation.months_in_phase(D(2011, 12, 31)) == 15
    assert participation.current_phase(D(2010, 1, 1)) is None


def test_a_municipal_user_cannot_change_phases(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.phase_save(
            user=world.drammen_leader,
            participation=world.drammen_participation,
            data=phase(PhaseKind.PHASE_OUT, D(2013, 9, 1), D(2015, 3, 1)),
        )
