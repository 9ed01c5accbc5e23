"""Tests for resilience.sim.science.cleanroom against hand-worked values from the sources."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resilience.sim.science import cleanroom as cr

FAST = settings(max_examples=60, deadline=None, database=None, derandomize=True)


# --- Annex 1 particle limits (Table 1, Table 5) --------------------------------------


@pytest.mark.parametrize(
    ("grade", "state", "size", "expected"),
    [
        ("A", "at_rest", 0.5, 3_520.0),
        ("A", "in_operation", 0.5, 3_520.0),
        ("A", "at_rest", 5.0, None),
        ("A", "in_operation", 5.0, None),
        ("B", "at_rest", 0.5, 3_520.0),
        ("B", "at_rest", 5.0, None),
        ("B", "in_operation", 0.5, 352_000.0),
        ("B", "in_operation", 5.0, 2_930.0),
        ("C", "at_rest", 0.5, 352_000.0),
        ("C", "at_rest", 5.0, 2_930.0),
        ("C", "in_operation", 0.5, 3_520_000.0),
        ("C", "in_operation", 5.0, 29_300.0),
        ("D", "at_rest", 0.5, 3_520_000.0),
        ("D", "at_rest", 5.0, 29_300.0),
        ("D", "in_operation", 0.5, None),
        ("D", "in_operation", 5.0, None),
    ],
)
def test_it_reproduces_annex1_table1_exactly(grade, state, size, expected):
    assert cr.annex1_particle_limit(grade, state, size) == expected


def test_it_uses_29_per_m3_monitoring_limit_for_large_particles_in_a_and_b_at_rest():
    assert cr.annex1_monitoring_particle_limit("A", "at_rest", 5.0) == 29.0
    assert cr.annex1_monitoring_particle_limit("A", "in_operation", 5.0) == 29.0
    assert cr.annex1_monitoring_particle_limit("B", "at_rest", 5.0) == 29.0
    # Otherwise equal to classification.
    assert cr.annex1_monitoring_particle_limit("B", "in_operation", 5.0) == 2_930.0
    assert cr.annex1_monitoring_particle_limit("C", "in_operation", 0.5) == 3_520_000.0


def test_it_does_not_use_the_superseded_2008_values():
    values = set(cr.ANNEX1_PARTICLE_LIMITS.values()) | set(
        cr.ANNEX1_MONITORING_PARTICLE_LIMITS.values()
    )
    assert not values & {20.0, 2_900.0, 29_000.0}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("E", "at_rest", 0.5), "grade must be one of A, B, C or D, got 'E'"),
        (("A", "resting", 0.5), "state must be 'at_rest' or 'in_operation'"),
        (("A", "at_rest", 1.0), "particle size must be 0.5 or 5.0 µm, got 1.0"),
    ],
)
def test_it_rejects_unknown_particle_limit_keys(args, message):
    with pytest.raises(ValueError, match=message):
        cr.annex1_particle_limit(*args)


# --- Annex 1 microbial limits (Table 6) ----------------------------------------------


@pytest.mark.parametrize(
    ("grade", "method", "expected"),
    [
        ("A", "air", 0.0),
        ("B", "air", 10.0),
        ("C", "air", 100.0),
        ("D", "air", 200.0),
        ("A", "settle_plate", 0.0),
        ("B", "settle_plate", 5.0),
        ("C", "settle_plate", 50.0),
        ("D", "settle_plate", 100.0),
        ("A", "contact_plate", 0.0),
        ("B", "contact_plate", 5.0),
        ("C", "contact_plate", 25.0),
        ("D", "contact_plate", 50.0),
        ("A", "glove_print", 0.0),
        ("B", "glove_print", 5.0),
    ],
)
def test_it_reproduces_annex1_microbial_limits(grade, method, expected):
    assert cr.annex1_microbial_limit(grade, method) == expected


@pytest.mark.parametrize("grade", ["C", "D"])
def test_it_refuses_glove_print_limits_for_grades_c_and_d(grade):
    with pytest.raises(ValueError, match=f"only for grades A and B, got grade {grade}"):
        cr.annex1_microbial_limit(grade, "glove_print")


def test_it_rejects_unknown_microbial_method():
    with pytest.raises(ValueError, match="method must be one of"):
        cr.annex1_microbial_limit("B", "swab")


# --- ISO 14644-1:2015 -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("iso_class", "size", "expected"),
    [
        (5, 0.5, 3_520.0),  # 10^5 × (0.1/0.5)^2.08 = 3 517 → 3 520
        (5, 0.1, 100_000.0),  # 10^5 × 1
        (5, 0.3, 10_200.0),  # 10^5 × (1/3)^2.08 = 10 177 → 10 200
        (5, 1.0, 832.0),  # 10^5 × 10^-2.08 = 831.8 → 832
        (6, 5.0, 293.0),  # 10^6 × 0.02^2.08 = 292.6 → 293
        (7, 0.5, 352_000.0),  # 10^7 × 0.2^2.08 = 351 700 → 352 000
        (8, 5.0, 29_300.0),  # 10^8 × 0.02^2.08 = 29 262 → 29 300
        (3, 0.5, 35.0),  # 10^3 × 0.2^2.08 = 35.17 → 35 (Table 1)
        (2, 0.2, 24.0),  # 10^2 × 0.5^2.08 = 23.66 → 24 (Table 1)
        (9, 0.5, 35_200_000.0),  # 10^9 × 0.2^2.08 = 35 170 000 → 35 200 000
    ],
)
def test_it_reproduces_iso_14644_table1(iso_class, size, expected):
    assert cr.iso_class_limit(iso_class, size) == expected


def test_it_annex1_grades_match_their_iso_classes():
    # Grade A/B at rest = ISO 5, B in operation / C at rest = ISO 7, C op / D rest = ISO 8.
    assert cr.iso_class_limit(5, 0.5) == cr.annex1_particle_limit("A", "at_rest", 0.5)
    assert cr.iso_class_limit(7, 0.5) == cr.annex1_particle_limit("B", "in_operation", 0.5)
    assert cr.iso_class_limit(7, 5.0) == cr.annex1_particle_limit("C", "at_rest", 5.0)
    assert cr.iso_class_limit(8, 5.0) == cr.annex1_particle_limit("D", "at_rest", 5.0)


@pytest.mark.parametrize(
    ("iso_class", "size", "message"),
    [
        (0, 0.5, "ISO class must be between 1 and 9, got 0"),
        (10, 0.5, "ISO class must be between 1 and 9, got 10"),
        (5, 0.05, "particle size must be between 0.1 and 5 µm, got 0.05"),
        (5, 6.0, "particle size must be between 0.1 and 5 µm, got 6.0"),
    ],
)
def test_it_rejects_iso_class_out_of_range(iso_class, size, message):
    with pytest.raises(ValueError, match=message):
        cr.iso_class_limit(iso_class, size)


def test_it_computes_minimum_sample_volume():
    # 20 / 29 × 1000 = 689.66 L; 20 / 3 520 × 1000 = 5.68 L; large limits floor at 2 L.
    assert cr.iso_min_sample_volume_l(29.0) == pytest.approx(689.655, abs=1e-3)
    assert cr.iso_min_sample_volume_l(3_520.0) == pytest.approx(5.682, abs=1e-3)
    assert cr.iso_min_sample_volume_l(352_000.0) == 2.0
    with pytest.raises(ValueError, match="class limit must be more than 0"):
        cr.iso_min_sample_volume_l(0.0)


@FAST
@given(
    st.floats(min_value=1, max_value=9),
    st.floats(min_value=0.1, max_value=4.9),
    st.floats(min_value=0.01, max_value=0.1),
)
def test_it_iso_limits_fall_with_size_and_rise_with_class(n, d, dd):
    assert cr.iso_class_limit(n, d) >= cr.iso_class_limit(n, d + dd)
    assert cr.iso_class_limit(min(n + 0.5, 9), d) >= cr.iso_class_limit(n, d)


@FAST
@given(st.floats(min_value=1e-3, max_value=1e12))
def test_it_sample_volume_never_below_2_litres(limit):
    assert cr.iso_min_sample_volume_l(limit) >= 2.0


# --- Human dispersion -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "garment", "expected"),
    [
        ("mcp", "indoor", 2_400.0),
        ("mcp", "cleanroom", 177.0),
        ("p5", "indoor", 332_000.0),
        ("p5", "cleanroom", 37_300.0),
        ("p05", "indoor", 2_130_000.0),
        ("p05", "cleanroom", 1_020_000.0),
    ],
)
def test_it_reproduces_whyte_and_hejab_rates(kind, garment, expected):
    assert cr.person_emission_per_min(kind, garment) == expected


def test_it_scales_emission_by_activity():
    # Walking fast in cleanroom garments: 177 × 100 = 17 700 MCP/min.
    assert cr.person_emission_per_min("mcp", "cleanroom", 100.0) == pytest.approx(17_700.0)
    with pytest.raises(ValueError, match=r"activity factor must be between 1 and 100, got 0\.5"):
        cr.person_emission_per_min("mcp", "cleanroom", 0.5)
    with pytest.raises(ValueError, match="garment must be"):
        cr.person_emission_per_min("mcp", "lab coat")


def test_it_activity_factors_match_the_reference():
    assert dict(cr.ACTIVITY_FACTORS) == {
        "motionless": 1.0,
        "head_arm": 5.0,
        "whole_body": 10.0,
        "sit_stand": 25.0,
        "walking_slow": 50.0,
        "walking_fast": 100.0,
    }


def test_it_speed_mapping_hits_the_cited_levels():
    assert cr.activity_factor_for_speed(0.0) == 1.0
    assert cr.activity_factor_for_speed(0.15) == 10.0
    assert 40.0 <= cr.activity_factor_for_speed(0.5) <= 50.0
    assert 50.0 <= cr.activity_factor_for_speed(0.7) <= 60.0
    assert cr.activity_factor_for_speed(1.2) == 100.0
    assert cr.activity_factor_for_speed(3.0) == 100.0
    with pytest.raises(ValueError, match=r"speed must be 0 m/s or more, got -0\.1"):
        cr.activity_factor_for_speed(-0.1)


@FAST
@given(st.floats(min_value=0, max_value=5), st.floats(min_value=0, max_value=1))
def test_it_speed_mapping_is_monotonic_and_bounded(v, dv):
    a, b = cr.activity_factor_for_speed(v), cr.activity_factor_for_speed(v + dv)
    assert 1.0 <= a <= b <= 100.0


# --- Well-mixed room --------------------------------------------------------------------


def test_it_steady_state_is_generation_over_supply():
    # G = 1 020 000 /min, Q = 20 × 100 / 60 = 33.33 m³/min → 30 600 /m³.
    assert cr.steady_state_concentration(1_020_000.0, 100.0, 20.0) == pytest.approx(30_600.0)


def test_it_step_matches_exact_decay():
    # No source: C = C0·e^(−N t); 20 ACH for 3 min = 0.05 h → e^(−1) = 0.3679.
    c = cr.room_concentration_step(1000.0, 0.0, 50.0, 20.0, 180.0)
    assert c == pytest.approx(1000.0 * math.exp(-1.0))


def test_it_step_with_no_ventilation_accumulates_linearly():
    # 600 /min into 10 m³ for 60 s → 60 /m³.
    assert cr.room_concentration_step(0.0, 600.0, 10.0, 0.0, 60.0) == pytest.approx(60.0)


def test_it_many_small_steps_equal_one_big_step():
    c_small = 500.0
    for _ in range(1200):
        c_small = cr.room_concentration_step(c_small, 177_000.0, 80.0, 25.0, 0.05)
    c_big = cr.room_concentration_step(500.0, 177_000.0, 80.0, 25.0, 60.0)
    assert c_small == pytest.approx(c_big, rel=1e-9)


def test_it_one_walking_person_pushes_grade_b_past_its_operational_limit():
    # Gowned, walking fast: 1 020 000 × 100 /min in 60 m³ at 20 ACH (Q = 20 m³/min)
    # → 5 100 000 /m³ ≥0.5 µm, far above grade B in operation (352 000).
    c = cr.steady_state_concentration(
        cr.person_emission_per_min("p05", "cleanroom", 100.0), 60.0, 20.0
    )
    assert c == pytest.approx(5_100_000.0)
    assert c > cr.annex1_particle_limit("B", "in_operation", 0.5)


def test_it_cleanup_time():
    # 10:1 at 20 ACH: ln(10)/20 h = 6.91 min.
    assert cr.cleanup_time_min(3_520_000.0, 352_000.0, 20.0) == pytest.approx(6.908, abs=1e-3)
    # 100:1: ln(100)/N h; at 14 ACH 19.7 min, at 18.4 ACH 15.0 min - inside 15-20 min.
    assert cr.recovery_100_to_1_time_min(14.0) == pytest.approx(19.74, abs=0.01)
    assert 15.0 <= cr.recovery_100_to_1_time_min(14.0) <= 20.0
    assert 15.0 <= cr.recovery_100_to_1_time_min(18.4) <= 20.0
    assert cr.recovery_100_to_1_time_min(10.0) > 20.0  # 27.6 min: too slow
    lo, hi = cr.ANNEX1_AIR_CHANGE_CLEANUP_MIN
    assert (lo, hi) == (15.0, 20.0)
    with pytest.raises(ValueError, match="target concentration must be no more"):
        cr.cleanup_time_min(10.0, 20.0, 20.0)


@FAST
@given(
    st.floats(min_value=0, max_value=1e8),
    st.floats(min_value=0, max_value=1e8),
    st.floats(min_value=1, max_value=5000),
    st.floats(min_value=0, max_value=600),
    st.floats(min_value=0, max_value=1e5),
)
def test_it_step_is_non_negative_and_bounded_by_start_and_steady_state(c0, g, v, n, dt):
    c1 = cr.room_concentration_step(c0, g, v, n, dt)
    assert math.isfinite(c1) and c1 >= 0.0
    if n > 1e-6:
        css = cr.steady_state_concentration(g, v, n)
        assert min(c0, css) * (1 - 1e-9) <= c1 <= max(c0, css) * (1 + 1e-9) + 1e-9


@FAST
@given(
    st.floats(min_value=0, max_value=1e7),
    st.floats(min_value=1, max_value=1e6),
    st.floats(min_value=1, max_value=1000),
    st.floats(min_value=1, max_value=600),
)
def test_it_more_generation_never_gives_lower_concentration(c0, g, v, n):
    a = cr.room_concentration_step(c0, g, v, n, 1.0)
    b = cr.room_concentration_step(c0, 2 * g, v, n, 1.0)
    assert b >= a


# --- Settle plates and glove prints ----------------------------------------------------


def test_it_settle_plate_expectation():
    # 10 CFU/m³ × 0.0046 m/s × π × 0.045² m² × 14 400 s = 4.21 CFU.
    assert cr.settle_plate_expected_cfu(10.0, 4.0) == pytest.approx(4.2140, abs=1e-3)
    # With the velocity implied by Annex 1 grade B (5.46e-3 m/s), 10 CFU/m³ gives 5 CFU.
    v = cr.ANNEX1_IMPLIED_MCP_DEPOSITION_VELOCITY_M_S
    assert v == pytest.approx(5.457e-3, rel=1e-3)
    assert cr.settle_plate_expected_cfu(10.0, 4.0, deposition_velocity_m_s=v) == pytest.approx(5)
    with pytest.raises(ValueError, match="exposure time must be between 0 and 4 h, got 5"):
        cr.settle_plate_expected_cfu(10.0, 5.0)


def test_it_glove_print_expectation():
    # 0.5 CFU per touch × 10 touches = 5 CFU (grade B limit); air adds
    # 100 CFU/m³ × 0.0046 m/s × 10e-4 m² × 600 s = 0.276 CFU.
    assert cr.glove_print_expected_cfu(0.0, 10.0, 10) == pytest.approx(5.0)
    assert cr.glove_print_expected_cfu(100.0, 10.0) == pytest.approx(0.276)
    with pytest.raises(ValueError, match="number of touches must be 0 or more, got -1"):
        cr.glove_print_expected_cfu(0.0, 1.0, -1)


@FAST
@given(
    st.floats(min_value=0, max_value=1e4),
    st.floats(min_value=0, max_value=4),
    st.floats(min_value=0, max_value=4),
)
def test_it_settle_plate_count_grows_with_time(c, t1, t2):
    lo, hi = sorted((t1, t2))
    assert 0.0 <= cr.settle_plate_expected_cfu(c, lo) <= cr.settle_plate_expected_cfu(c, hi)
