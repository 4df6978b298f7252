import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from boligsosial.reporting import selectors, services
from boligsosial.reporting.models import Indicator, ReportTemplate, ReportValue
from boligsosial.reporting.tests.factories import ensure_catalogue


@pytest.fixture(autouse=True)
def _seeded(db):
    ensure_catalogue()


def test_the_catalogue_holds_domain_section_6(db):
    indicators = {i.code: i for i in Indicator.objects.filter(is_current=True)}
    assert {
        "homeless_persons",
        "temp_accommodation_households",
        "temp_stays_over_3m",
        "settled_households",
        "eviction_petitions",
        "evictions",
        "rent_arrears_nok",
        "tenants_in_arrears",
        "municipal_homes",
        "applications_received",
        "applications_granted",
        "applications_unprocessed",
        "waiting_list_households",
        "moved_on_households",
        "moved_on_start_loan",
        "homes_acquired",
        "homes_acquired_nok",
        "youth_temp_accommodation",
        "youth_housing_guidance",
        "home_followup_households",
        "guidance_conversations",
        "hf_participants",
        "hf_retention_rate",
        "staff_competence_courses",
        "action_plan_adopted",
        "action_plan_date",
    } <= set(indicators)
    homeless = indicators["homeless_persons"]
    assert (homeless.unit, homeless.aggregation, homeless.better) == ("persons", "stock", "lower")
    assert [o.code for d in homeless.dimensions.all() for o in d.options.all()] == [
        "under25",
        "25plus",
    ]
    assert [
        o.code for d in indicators["settled_households"].dimensions.all() for o in d.options.all()
    ] == ["with_children", "without_children", "municipal_rental", "private_rental"]
    assert (
        indicators["hf_retention_rate"].is_derived
        and indicators["hf_retention_rate"].unit == "percent"
    )
    assert indicators["applications_granted"].at_most_code == "applications_received"
    assert (
        indicators["homes_acquired_nok"].unit == "nok"
        and indicators["action_plan_date"].unit == "date"
    )
    template = ReportTemplate.objects.get(is_current=True)
    assert [q.code for q in template.questions.all()] == [
        "status",
        "succeeded",
        "challenges",
        "next_steps",
        "organisation_changes",
    ]


def test_flows_add_up_stocks_keep_the_last_value_and_missing_never_becomes_zero(db):
    flow, stock = (
        Indicator.objects.get(code="evictions"),
        Indicator.objects.get(code="municipal_homes"),
    )
    assert flow.aggregate([3, 4]) == 7 and stock.aggregate([900, 910]) == 910
    assert flow.aggregate([3, None]) is None


def test_a_changed_definition_makes_a_new_version_and_old_data_stays_readable(world, approved):
    old = Indicator.objects.get(code="evictions", is_current=True)
    with pytest.raises(ValidationError):
        services.indicator_new_version(
            user=world.admin, indicator=old, change_note="", valid_from=dt.date(2012, 1, 1)
        )
    new = services.indicator_new_version(
        user=world.admin,
        indicator=old,
        change_note="Tar med fravikelser fra private utleiere.",
        valid_from=dt.date(2012, 1, 1),
        definition="Alle fravikelser kommunen kjenner til.",
    )
    assert (new.version, new.is_current) == (2, True)
    old.refresh_from_db()
    assert not old.is_current and old.definition.startswith(
        "Fravikelser (utkastelser) fra kommunale"
    )
    assert (
        ReportValue.objects.get(
            report=approved, indicator__code="evictions", option=None
        ).indicator_id
        == old.pk
    )
    [point] = selectors.approved_values(
        world.drammen_participation, "evictions", until=dt.date(2012, 1, 1)
    )
    assert (point.value, point.indicator_version) == (4, 1)
    current = ReportTemplate.objects.get(is_current=True)
    assert (
        current.version == 2
        and new in current.indicators.all()
        and old not in current.indicators.all()
    )
    assert approved.template.indicators.filter(
        pk=old.pk
    ).exists()  # the old report keeps its template


def test_only_the_admin_makes_new_versions(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.indicator_new_version(
            user=world.contact,
            indicator=Indicator.objects.get(code="evictions"),
            change_note="x",
            valid_from=dt.date(2012, 1, 1),
        )
