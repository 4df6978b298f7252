"""Recommendation rules: per-programme thresholds decide whether a rule proposes."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from boligsosial.evaluation_report import services
from boligsosial.evaluation_report.selectors import proposals_for


def rules_proposed(report):
    return {row["proposal"].rule for row in proposals_for(report)}


def test_a_threshold_set_per_programme_decides_whether_a_rule_proposes(report_world):
    w = report_world
    assert "steering_group" in rules_proposed(
        w.report
    )  # Skien has no steering group: 1 of 2 at rådmann level
    services.rule_update(
        user=w.evaluator, programme=w.programme, code="steering_group", threshold=Decimal(50)
    )
    assert "steering_group" not in rules_proposed(w.report)
    services.rule_update(
        user=w.evaluator,
        programme=w.programme,
        code="steering_group",
        threshold=Decimal(100),
        enabled=False,
    )
    assert "steering_group" not in rules_proposed(w.report)


def test_only_an_evaluator_sets_thresholds_and_a_share_cannot_exceed_100(report_world):
    w = report_world
    with pytest.raises(PermissionDenied):
        services.rule_update(
            user=w.admin, programme=w.programme, code="steering_group", threshold=Decimal(50)
        )
    with pytest.raises(ValidationError) as error:
        services.rule_update(
            user=w.evaluator, programme=w.programme, code="steering_group", threshold=Decimal(120)
        )
    assert "100" in str(error.value)
