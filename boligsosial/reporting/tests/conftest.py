"""Reporting fixtures on top of the shared `world` personas."""

import pytest

from boligsosial.reporting import services
from boligsosial.reporting.tests.factories import PeriodFactory

# Totals for every indicator a complete report needs (derived rates are computed).
COMPLETE = {
    "homeless_persons": "40",
    "temp_accommodation_households": "12",
    "temp_stays_over_3m": "3",
    "settled_households": "9",
    "eviction_petitions": "10",
    "evictions": "4",
    "rent_arrears_nok": "250000",
    "tenants_in_arrears": "30",
    "municipal_homes": "900",
    "applications_received": "120",
    "applications_granted": "60",
    "applications_unprocessed": "20",
    "waiting_list_households": "25",
    "moved_on_households": "8",
    "moved_on_start_loan": "3",
    "homes_acquired": "2",
    "homes_acquired_nok": "3000000",
    "youth_temp_accommodation": "4",
    "youth_housing_guidance": "15",
    "home_followup_households": "50",
    "households_in_contact": "70",
    "guidance_conversations": "90",
    "hf_participants": "5",
    "hf_cohort_12m": "4",
    "hf_housed_12m": "3",
    "staff_competence_courses": "12",
    "action_plan_adopted": "ja",
    "action_plan_date": "18.06.2009",
}
ANSWERS = {
    "status": "Delprosjektene er i gang.",
    "succeeded": "Samarbeidet med NAV.",
    "challenges": "Få boliger.",
    "next_steps": "Boligskole for unge.",
    "organisation_changes": "Ingen.",
}


def complete_inputs(**overrides):
    data = {**COMPLETE, **overrides}
    return [services.ValueInput(indicator_code=code, raw=raw) for code, raw in data.items()]


@pytest.fixture
def period(world):
    return PeriodFactory(programme=world.programme, year=2010, half=2)


@pytest.fixture
def earlier_period(world):
    return PeriodFactory(programme=world.programme, year=2010, half=1)


@pytest.fixture
def draft(world, period):
    return services.report_start(
        user=world.drammen_leader, participation=world.drammen_participation, period=period
    )


@pytest.fixture
def complete_draft(world, draft):
    services.report_save(
        user=world.drammen_leader,
        report=draft,
        version=None,
        values=complete_inputs(),
        answers=ANSWERS,
    )
    draft.refresh_from_db()
    return draft


@pytest.fixture
def submitted(world, complete_draft):
    return services.report_submit(user=world.drammen_leader, report=complete_draft)


@pytest.fixture
def approved(world, submitted):
    return services.report_approve(user=world.contact, report=submitted)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A probing test's counts (its `probe` fixture) go with the test's report, to be printed
    under "Probe counts" — also when the test fails."""
    try:
        return (yield)
    finally:
        probe = getattr(item, "funcargs", {}).get("probe")
        if probe is not None and hasattr(probe, "counts"):
            item.funcargs["report_counts"](probe.name, **probe.counts())
