"""Difference-in-differences against a small example computed by hand."""

import datetime as dt
import math

import pytest

from boligsosial.instruments.selectors import did_from_panel

# Three programme municipalities (T) and three others (C), one year before and one after.
#            before  after
# T1           10     16
# T2           12     20
# T3           14     18
# C1            8      9
# C2           10     12
# C3           12     12
PANEL = [
    ("T1", 1, 10, 16),
    ("T2", 1, 12, 20),
    ("T3", 1, 14, 18),
    ("C1", 0, 8, 9),
    ("C2", 0, 10, 12),
    ("C3", 0, 12, 12),
]


def _panel():
    rows = []
    for code, treated, before, after in PANEL:
        rows.append(
            {
                "code": code,
                "name": code,
                "year": 2009,
                "treated": bool(treated),
                "post": False,
                "y": before,
            }
        )
        rows.append(
            {
                "code": code,
                "name": code,
                "year": 2011,
                "treated": bool(treated),
                "post": True,
                "y": after,
            }
        )
    return rows


def test_the_estimate_and_its_classical_interval_match_the_hand_computation():
    result = did_from_panel(
        _panel(),
        instrument="start_loan",
        measure="amount",
        per_thousand=False,
        pre_years=[2009],
        post_years=[2011],
        structure_date=dt.date(2011, 12, 31),
        cov_type="nonrobust",
    )
    # Cell means: T before 12, T after 18, C before 10, C after 11 → (18 − 12) − (11 − 10) = 5.
    assert result.estimate == pytest.approx(5.0)
    # Residuals from the cell means: T before −2,0,2; T after −2,2,0; C before −2,0,2; C after −2,1,1.
    # SSR = 8 + 8 + 8 + 6 = 30, df = 12 − 4 = 8, s² = 3.75; Var = s²(1/3 + 1/3 + 1/3 + 1/3) = 5.
    assert result.std_error == pytest.approx(math.sqrt(5))
    t = 2.306004135  # t(0.975, 8)
    assert result.ci_low == pytest.approx(5 - t * math.sqrt(5), abs=1e-6)
    assert result.ci_high == pytest.approx(5 + t * math.sqrt(5), abs=1e-6)
    assert result.cell_means == {
        "treated_pre": 12,
        "treated_post": 18,
        "control_pre": 10,
        "control_post": 11,
    }
    assert "3 programkommuner og 3 andre kommuner" in result.note
    assert "Intervallet inneholder null" in result.note  # 5 ± 5,16


def test_the_clustered_interval_has_the_same_estimate():
    result = did_from_panel(
        _panel(),
        instrument="start_loan",
        measure="amount",
        per_thousand=False,
        pre_years=[2009],
        post_years=[2011],
        structure_date=dt.date(2011, 12, 31),
    )
    assert result.cov_type == "cluster"
    assert result.estimate == pytest.approx(5.0)
    assert result.ci_low < 5 < result.ci_high
    assert "gruppert per kommune" in result.note


def test_without_a_control_group_it_says_it_cannot_estimate():
    panel = [o for o in _panel() if o["treated"]]
    result = did_from_panel(
        panel,
        instrument="start_loan",
        measure="amount",
        per_thousand=False,
        pre_years=[2009],
        post_years=[2011],
        structure_date=dt.date(2011, 12, 31),
    )
    assert result.estimate is None
    assert "kan ikke beregnes" in result.note
