"""Tests for resilience.sim.science.quality: SPC limits, Nelson rules, capability, FMEA."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resilience.sim.science import quality as q

FAST = settings(max_examples=60, deadline=None, database=None, derandomize=True)


def test_it_spc_constants_match_the_standard_table():
    assert set(q.SPC_CONSTANTS) == set(range(2, 11))
    assert (q.SPC_CONSTANTS[4].a2, q.SPC_CONSTANTS[4].d3, q.SPC_CONSTANTS[4].d4) == (
        0.729,
        0.0,
        2.282,
    )
    c5 = q.SPC_CONSTANTS[5]
    assert (c5.a2, c5.d3, c5.d4, c5.d2) == (0.577, 0.0, 2.114, 2.326)
    # A2 = 3 / (d2 √n) to table precision, and D4 = 1 + 3 d3/d2 (d3 the σ of the range).
    for n, c in q.SPC_CONSTANTS.items():
        assert c.a2 == pytest.approx(3.0 / (c.d2 * math.sqrt(n)), abs=1.5e-3)
        assert c.d3 == pytest.approx(max(0.0, 2.0 - c.d4), abs=1e-3)
    # Shared I-MR constants: 3 / 1.128 = 2.66; D4(2) = 3.267.
    assert pytest.approx(3.0 / q.SPC_CONSTANTS[2].d2, abs=1e-3) == q.IMR_E2
    assert q.SPC_CONSTANTS[2].d4 == q.IMR_D4


def test_it_xbar_r_limits_by_hand():
    # Means 11.5 and 11.0 → X̿ = 11.25; ranges 3 and 2 → R̄ = 2.5 (n = 4).
    # UCL = 11.25 + 0.729 × 2.5 = 13.0725; LCL = 9.4275; R UCL = 2.282 × 2.5 = 5.705;
    # σ = 2.5 / 2.059 = 1.2142.
    lim = q.xbar_r_limits([[10, 12, 11, 13], [11, 11, 12, 10]])
    assert lim.centre == pytest.approx(11.25)
    assert lim.ucl == pytest.approx(13.0725)
    assert lim.lcl == pytest.approx(9.4275)
    assert lim.r_bar == pytest.approx(2.5)
    assert lim.r_ucl == pytest.approx(5.705)
    assert lim.r_lcl == 0.0
    assert lim.sigma_estimate == pytest.approx(1.21418, abs=1e-5)


def test_it_xbar_r_uses_d3_for_large_subgroups():
    # n = 7, D3 = 0.076: ranges 6 and 4, R̄ = 5 → R LCL = 0.38.
    lim = q.xbar_r_limits([[1, 2, 3, 4, 5, 6, 7], [2, 3, 3, 4, 4, 5, 6]])
    assert lim.r_lcl == pytest.approx(0.38)


@pytest.mark.parametrize(
    ("groups", "message"),
    [
        ([[1, 2, 3]], "at least 2 subgroups are needed, got 1"),
        ([[1], [2]], "subgroup size must be between 2 and 10, got 1"),
        ([[1, 2], [1, 2, 3]], "all subgroups must have 2 values, but subgroup 1 has 3"),
    ],
)
def test_it_xbar_r_rejects_bad_subgroups(groups, message):
    with pytest.raises(ValueError, match=message):
        q.xbar_r_limits(groups)


def test_it_imr_limits_by_hand():
    # 10, 12, 11, 13: x̄ = 11.5; MR = 2, 1, 2 → MR̄ = 5/3; UCL = 11.5 + 2.66 × 5/3 =
    # 15.9333; LCL = 7.0667; MR UCL = 3.267 × 5/3 = 5.445; σ = (5/3) / 1.128 = 1.4775.
    lim = q.imr_limits([10, 12, 11, 13])
    assert lim.centre == pytest.approx(11.5)
    assert lim.ucl == pytest.approx(15.93333, abs=1e-5)
    assert lim.lcl == pytest.approx(7.06667, abs=1e-5)
    assert lim.mr_ucl == pytest.approx(5.445)
    assert lim.mr_lcl == 0.0
    assert lim.sigma_estimate == pytest.approx(1.47754, abs=1e-5)
    with pytest.raises(ValueError, match="values must hold at least 2 values, got 1"):
        q.imr_limits([1.0])


# --- Nelson rules: each series triggers exactly one rule, at the expected point ------

NELSON_CASES = {
    1: ([0.5, -0.5, 3.5], 2),
    2: ([0.5] * 9, 8),
    3: ([-0.5, -0.3, -0.1, 0.1, 0.3, 0.5], 5),
    4: ([0.5, -0.5] * 7, 13),
    5: ([0.0, 2.5, 2.5], 2),
    6: ([0.0, 1.5, 1.5, 1.5, 1.5], 4),
    7: ([0.2, 0.3, -0.2, -0.3] * 3 + [0.2, 0.3, -0.2], 14),
    8: ([1.5, -1.5] * 4, 7),
}


@pytest.mark.parametrize("rule", sorted(NELSON_CASES))
def test_it_each_nelson_rule_alone(rule):
    series, index = NELSON_CASES[rule]
    found = q.nelson_rules(series, 0.0, 1.0)
    assert [(v.rule, v.index) for v in found] == [(rule, index)]
    assert found[0].description


@pytest.mark.parametrize("rule", sorted(NELSON_CASES))
def test_it_one_point_short_of_each_pattern_triggers_nothing(rule):
    series, _ = NELSON_CASES[rule]
    if rule == 1:
        series = [0.5, -0.5, 3.0]  # exactly 3σ is not beyond 3σ
    elif rule in (5, 6):
        series = [*series[:-1], 0.5]
    else:
        series = series[:-1]
    assert q.nelson_rules(series, 0.0, 1.0) == []


def test_it_nelson_rules_on_a_real_scale_and_negative_side():
    # Mean 575 mg, σ 5 mg; 562 and 561 mg are below −2σ (565 mg): rule 5 (2 of 3).
    found = q.nelson_rules([575.0, 562.0, 576.0, 561.0], 575.0, 5.0)
    assert [(v.rule, v.index) for v in found] == [(5, 3)]
    # Six decreasing points.
    found = q.nelson_rules([3.0, 2.0, 1.0, 0.0, -1.0, -2.0], 0.0, 10.0)
    assert [(v.rule, v.index) for v in found] == [(3, 5)]


def test_it_long_run_is_reported_at_every_extending_point():
    found = q.nelson_rules([0.5] * 10, 0.0, 1.0)
    assert [(v.rule, v.index) for v in found] == [(2, 8), (2, 9)]


def test_it_nelson_rules_reject_bad_sigma():
    with pytest.raises(ValueError, match="sigma must be more than 0, got 0"):
        q.nelson_rules([1.0], 0.0, 0.0)


@FAST
@given(st.lists(st.floats(min_value=-6, max_value=6), max_size=60))
def test_it_rule1_flags_exactly_points_beyond_3_sigma(values):
    found = q.nelson_rules(values, 0.0, 1.0)
    assert {v.index for v in found if v.rule == 1} == {
        i for i, x in enumerate(values) if abs(x) > 3.0
    }
    assert all(0 <= v.index < len(values) and 1 <= v.rule <= 8 for v in found)
    assert found == sorted(found, key=lambda v: (v.index, v.rule))


# --- Capability and FMEA -----------------------------------------------------------------


def test_it_cp_and_cpk_by_hand():
    # Cp = (603.75 − 546.25) / (6 × 7) = 1.3690; Cpk with μ = 585: (603.75 − 585)/21 = 0.8929
    assert q.cp(603.75, 546.25, 7.0) == pytest.approx(1.36905, abs=1e-5)
    assert q.cpk(603.75, 546.25, 585.0, 7.0) == pytest.approx(0.89286, abs=1e-5)
    # Centred: Cpk = Cp. Mean outside the limits: negative Cpk.
    assert q.cpk(10.0, 4.0, 7.0, 0.5) == pytest.approx(q.cp(10.0, 4.0, 0.5)) == 2.0
    assert q.cpk(10.0, 4.0, 11.0, 0.5) < 0.0
    with pytest.raises(ValueError, match="upper specification limit must be above"):
        q.cp(1.0, 2.0, 1.0)


@FAST
@given(
    st.floats(min_value=-100, max_value=100),
    st.floats(min_value=0.1, max_value=100),
    st.floats(min_value=-200, max_value=200),
    st.floats(min_value=0.01, max_value=50),
)
def test_it_cpk_never_exceeds_cp(lsl, width, mean, sigma):
    usl = lsl + width
    assert q.cpk(usl, lsl, mean, sigma) <= q.cp(usl, lsl, sigma) + 1e-9


def test_it_fmea_rpn():
    assert q.fmea_rpn(9, 3, 4) == 108  # 9 × 3 × 4
    assert q.fmea_rpn(10, 10, 10) == 1000
    with pytest.raises(ValueError, match="detection must be a whole number from 1 to 10, got 11"):
        q.fmea_rpn(1, 1, 11)
    with pytest.raises(ValueError, match="severity must be a whole number"):
        q.fmea_rpn(0, 1, 1)
