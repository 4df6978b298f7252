"""The goal hierarchy's rules, its quality flags and the progress rule for result goals."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from boligsosial.plans import services
from boligsosial.plans.models import GoalLevel
from boligsosial.plans.progress import ProgressStatus, progress_for
from boligsosial.plans.selectors import goal_hierarchy_quality
from boligsosial.plans.tests.factories import GoalFactory
from boligsosial.reporting.models import Indicator, Report, ReportStatus, ReportValue
from boligsosial.reporting.tests.factories import PeriodFactory

D = dt.date


@pytest.fixture
def main_goal(world):
    return GoalFactory(
        participation=world.drammen_participation, title="Forebygge og bekjempe bostedsløshet"
    )


def _result_goal(world, parent, **fields):
    defaults = dict(level=GoalLevel.RESULT, parent=parent, title="Færre bostedsløse")
    return services.goal_save(
        user=world.drammen_leader,
        participation=world.drammen_participation,
        **{**defaults, **fields},
    )


def _approve(world, indicator_code, values):
    """Approved half-year reports for Drammen with the given {(year, half): value}."""
    indicator = Indicator.objects.get(code=indicator_code, is_current=True)
    for (year, half), value in values.items():
        period = PeriodFactory(programme=world.programme, year=year, half=half)
        report = Report.objects.create(
            participation=world.drammen_participation,
            period=period,
            template=period.template,
            status=ReportStatus.APPROVED,
        )
        ReportValue.objects.create(
            report=report, indicator=indicator, value=value, not_available=value is None
        )
    return indicator


def test_a_sub_goal_cannot_hang_directly_under_the_vision(world):
    vision = GoalFactory(
        participation=world.drammen_participation, level=GoalLevel.VISION, title="0–0"
    )
    with pytest.raises(ValidationError) as error:
        services.goal_save(
            user=world.drammen_leader,
            participation=world.drammen_participation,
            level=GoalLevel.SUB,
            parent=vision,
            title="Delmål",
        )
    assert "kan ikke ligge under et visjon" in str(error.value)


def test_a_goal_from_another_municipality_cannot_be_the_parent(world):
    skien_main = GoalFactory(participation=world.skien_participation)
    with pytest.raises(ValidationError) as error:
        services.goal_save(
            user=world.drammen_leader,
            participation=world.drammen_participation,
            level=GoalLevel.SUB,
            parent=skien_main,
            title="Delmål",
        )
    assert "annen kommune" in str(error.value)


def test_numbers_belong_only_to_result_goals(world, main_goal):
    with pytest.raises(ValidationError) as error:
        services.goal_save(
            user=world.drammen_leader,
            participation=world.drammen_participation,
            level=GoalLevel.SUB,
            parent=main_goal,
            title="Delmål",
            target_value=Decimal(3),
        )
    assert "bare til resultatmål" in str(error.value)


def test_quality_flags_name_the_main_goal_without_result_goal_and_the_incomplete_result_goal(
    world, main_goal
):
    other = GoalFactory(participation=world.drammen_participation, title="Økt kompetanse")
    _result_goal(
        world, main_goal, custom_measure_name="Bosatte", custom_measure_definition="Telles av NAV."
    )
    flags = goal_hierarchy_quality(world.drammen_participation)
    texts = [f.text for f in flags]
    assert "Hovedmålet «Økt kompetanse» har ingen resultatmål." in texts
    assert "Resultatmålet «Færre bostedsløse» mangler målverdi, måldato." in texts
    assert not any("Forebygge og bekjempe bostedsløshet» har ingen resultatmål" in t for t in texts)
    assert any(f.code == "main_without_national" and f.goal == other for f in flags)


def test_the_progress_rule_reads_approved_indicator_values_and_ignores_unapproved_ones(
    world, main_goal
):
    indicator = _approve(world, "homeless_persons", {(2011, 1): Decimal(100)})
    # 120 → 80 over three years; at 30.06.2011 the line expects 120 - 40 * 546/1095 ≈ 100.
    goal = _result_goal(
        world,
        main_goal,
        indicator=indicator,
        baseline_value=Decimal(120),
        baseline_date=D(2010, 12, 31),
        target_value=Decimal(80),
        target_date=D(2013, 12, 31),
    )
    progress = progress_for(goal, D(2011, 12, 31))
    assert progress.status == ProgressStatus.ON_TRACK
    assert progress.latest.value == Decimal(100)
    draft_period = PeriodFactory(programme=world.programme, year=2011, half=2)
    draft = Report.objects.create(
        participation=world.drammen_participation,
        period=draft_period,
        template=draft_period.template,
        status=ReportStatus.SUBMITTED,
    )
    ReportValue.objects.create(report=draft, indicator=indicator, value=Decimal(200))
    assert progress_for(goal, D(2012, 1, 31)).latest.value == Decimal(100)


@pytest.mark.parametrize(
    "value,expected",
    [
        (Decimal(104), ProgressStatus.ON_TRACK),  # 4 worse than the line; band is 6
        (Decimal(110), ProgressStatus.AT_RISK),  # 10 worse: between one and two bands
        (Decimal(115), ProgressStatus.OFF_TRACK),  # 15 worse: beyond two bands
        (Decimal(90), ProgressStatus.ON_TRACK),  # better than the line
    ],
)
def test_the_band_is_fifteen_percent_of_the_distance_from_baseline_to_target(
    world, main_goal, value, expected
):
    indicator = _approve(world, "homeless_persons", {(2011, 1): value})
    goal = _result_goal(
        world,
        main_goal,
        indicator=indicator,
        baseline_value=Decimal(120),
        baseline_date=D(2010, 12, 31),
        target_value=Decimal(80),
        target_date=D(2011, 12, 31),
    )
    # On 30.06.2011 the line expects 120 - 40 * 181/365 ≈ 100.2; the band is 0.15 * 40 = 6.
    assert progress_for(goal, D(2011, 12, 31)).status == expected


def test_missing_values_are_no_data_never_zero(world, main_goal):
    indicator = _approve(world, "homeless_persons", {(2011, 1): None})
    goal = _result_goal(
        world,
        main_goal,
        indicator=indicator,
        baseline_value=Decimal(120),
        baseline_date=D(2010, 12, 31),
        target_value=Decimal(80),
        target_date=D(2013, 12, 31),
    )
    progress = progress_for(goal, D(2011, 12, 31))
    assert progress.status == ProgressStatus.NO_DATA and progress.latest is None
    assert progress.points[0].not_available is True


def test_a_custom_measure_is_measured_by_its_own_measurements_and_the_page_shows_the_rule(
    world, main_goal, client_for
):
    goal = _result_goal(
        world,
        main_goal,
        custom_measure_name="Leietakere som har kjøpt bolig",
        custom_measure_definition="Telles av prosjektleder.",
        custom_better="higher",
        baseline_value=Decimal(0),
        baseline_date=D(2011, 1, 1),
        target_value=Decimal(40),
        target_date=D(2013, 1, 1),
    )
    assert progress_for(goal, D(2011, 12, 31)).status == ProgressStatus.NO_DATA
    client = client_for(world.drammen_leader)
    response = client.post(
        reverse("plans:measurement_add", args=[world.drammen_participation.pk, goal.pk]),
        {"m-date": "2011-07-01", "m-value": "3"},
    )
    assert response.status_code == 302
    # Expected on 01.07.2011: 40 * 181/730 ≈ 9.9; 3 is 6.9 below, more than one band (6) but within two.
    page = client.get(
        reverse("plans:participation", args=[world.drammen_participation.pk]) + "?as_of=2011-12-31"
    ).content.decode()
    assert (
        "Fare for avvik" in page
        and "Siste verdi 3 (01.07.2011); forventet etter linjen 9,9." in page
    )
    assert "Toleransen er 15 % av avstanden" in page
    before_any_value = client.get(
        reverse("plans:participation", args=[world.drammen_participation.pk]) + "?as_of=2011-06-30"
    ).content.decode()
    assert "Mangler data" in before_any_value


def test_lower_is_better_comes_from_the_indicator(world, main_goal):
    indicator = _approve(world, "evictions", {(2011, 1): Decimal(2)})
    assert indicator.better == "lower"
    goal = _result_goal(
        world,
        main_goal,
        indicator=indicator,
        baseline_value=Decimal(10),
        baseline_date=D(2010, 12, 31),
        target_value=Decimal(0),
        target_date=D(2011, 12, 31),
    )
    assert progress_for(goal, D(2011, 12, 31)).status == ProgressStatus.ON_TRACK


def test_the_goal_form_saves_a_main_goal_linked_to_national_goals_and_records_it_in_the_history(
    world, client_for
):
    from boligsosial.audit.selectors import history_for
    from boligsosial.programmes.models import NationalGoal

    NationalGoal.objects.get_or_create(
        number=1, defaults={"name_nb": "Økt forebygging", "name_en": "Prevention"}
    )
    national = NationalGoal.objects.get(number=1)
    client = client_for(world.drammen_member)
    response = client.post(
        reverse("plans:goal_create", args=[world.drammen_participation.pk]),
        {
            "level": "main",
            "title": "Flere i egen bolig",
            "national_goals": [national.pk],
            "position": "1",
        },
    )
    assert response.status_code == 302
    page = client.get(
        reverse("plans:participation", args=[world.drammen_participation.pk])
    ).content.decode()
    assert "Flere i egen bolig" in page and "Nasjonalt mål: 1" in page
    assert any(
        "Flere i egen bolig" in e.target_repr for e in history_for(world.drammen_participation)
    )


def test_the_goal_form_explains_a_wrong_parent_without_saving(world, client_for):
    response = client_for(world.drammen_leader).post(
        reverse("plans:goal_create", args=[world.drammen_participation.pk]),
        {"level": "sub", "title": "Delmål uten hovedmål"},
    )
    assert response.status_code == 200
    assert (
        "Skjemaet er ikke lagret" in response.content.decode()
        and "Velg overordnet mål" in response.content.decode()
    )


def test_the_goal_tree_offers_to_add_a_result_goal_under_a_main_goal(world, main_goal, client_for):
    page = (
        client_for(world.drammen_leader)
        .get(reverse("plans:participation", args=[world.drammen_participation.pk]))
        .content.decode()
    )
    assert f"mal/nytt/?level=result&amp;parent={main_goal.pk}" in page
    form = (
        client_for(world.drammen_leader)
        .get(
            reverse("plans:goal_create", args=[world.drammen_participation.pk])
            + f"?level=result&parent={main_goal.pk}"
        )
        .content.decode()
    )
    assert (
        '<option value="result" selected>' in form
        and f'<option value="{main_goal.pk}" selected>' in form
    )
    viewer_page = (
        client_for(world.viewer)
        .get(reverse("plans:participation", args=[world.drammen_participation.pk]))
        .content.decode()
    )
    assert "Legg til resultatmål" not in viewer_page
