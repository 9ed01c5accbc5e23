"""Carbon estimates against figures worked out by hand from the DESNZ tables."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resilience.impact.carbon import (
    REQUIRED_FACTORS,
    FactorSetError,
    Trip,
    available_sets,
    compare,
    event,
    in_person,
    load_factor_set,
    loan,
    method_statement,
    vr_session,
)
from resilience.impact.carbon.calculator import assumptions_with
from resilience.impact.carbon.factors import FACTORS_DIR, parse_factor_set


def test_both_years_load_with_source_year_and_units() -> None:
    assert {"desnz-2024", "desnz-2025"} <= set(available_sets())
    fs25, fs24 = load_factor_set("desnz-2025"), load_factor_set("desnz-2024")
    assert fs25.year == 2025 and fs24.year == 2024
    assert fs25["electricity_generation"].value == Decimal("0.17700")
    assert fs24["electricity_generation"].value == Decimal("0.20705")
    assert fs25["car_average"].unit == "kg CO2e per vehicle-km"
    assert fs25["coach"].unit == "kg CO2e per passenger-km"
    assert "DESNZ" in fs25.source
    # 2024's other factors are honestly marked as carried over.
    assert fs24["electricity_generation"].carried_over_from is None
    assert fs24["coach"].carried_over_from == 2025
    assert not fs25.carried_over


def test_a_set_missing_a_factor_is_refused_by_name() -> None:
    data = json.loads((FACTORS_DIR / "desnz-2025.json").read_text())
    del data["factors"]["electricity_td"]
    with pytest.raises(FactorSetError, match="missing factor 'electricity_td'"):
        parse_factor_set(data, "broken.json")


@pytest.mark.parametrize(("change", "message"), [
    ({"value": "-1"}, "zero or more"), ({"value": "lots"}, "not a number"),
    ({"unit": "kg CO2e per mile"}, "must be in"),
])
def test_a_bad_factor_is_refused(change, message) -> None:
    data = json.loads((FACTORS_DIR / "desnz-2025.json").read_text())
    data["factors"]["coach"].update(change)
    with pytest.raises(FactorSetError, match=message):
        parse_factor_set(data)


def test_an_unknown_set_is_refused() -> None:
    with pytest.raises(FactorSetError, match="No conversion-factor set"):
        load_factor_set("desnz-1999")


def test_a_vr_session_by_hand_2025() -> None:
    # 10 Quest 3 headsets × 18 W × 2.5 h = 0.45 kWh.
    # generation 0.45 × 0.17700 = 0.079650; T&D 0.45 × 0.01853 = 0.0083385
    # staff drive 40 km (average car) 40 × 0.16725 = 6.69. Total 6.7779885 kg CO2e.
    fs = load_factor_set("desnz-2025")
    estimate = vr_session(fs, headsets=10, staff_travel=[Trip("car_average", Decimal(40))])
    kg = [line.kg for line in estimate.lines]
    assert kg == [Decimal("0.079650"), Decimal("0.0083385"), Decimal("6.69")]
    assert estimate.total_kg == Decimal("6.7779885")
    assert {line.year for line in estimate.lines} == {2025}
    assert estimate.unit == "kg CO2e" and estimate.year == 2025


def test_the_same_session_with_2024_factors() -> None:
    # generation 0.45 × 0.20705 = 0.0931725; T&D and car carried over: 6.6983385
    fs = load_factor_set("desnz-2024")
    estimate = vr_session(fs, headsets=10, staff_travel=[Trip("car_average", Decimal(40))])
    assert estimate.total_kg == Decimal("6.7915110")
    assert estimate.year == 2024


def test_the_in_person_equivalent_by_hand() -> None:
    # 30 learners × 60 km by coach = 1800 passenger-km × 0.02776 = 49.968
    # 30 gowns × 0.9 = 27.0 ; 60 pairs of gloves × 0.05 = 3.0 (assumptions). Total 79.968
    fs = load_factor_set("desnz-2025")
    estimate = in_person(fs, learner_travel=[Trip("coach", Decimal(60), 30)], gowns=30,
                         glove_pairs=60)
    assert [line.kg for line in estimate.lines] == [Decimal("49.968"), Decimal("27.0"),
                                                    Decimal("3.00")]
    assert estimate.total_kg == Decimal("79.968")
    assert [line.is_assumption for line in estimate.lines] == [False, True, True]
    vr = vr_session(fs, headsets=10, staff_travel=[Trip("car_average", Decimal(40))])
    comparison = compare(vr, estimate)
    assert comparison.saving_kg == Decimal("73.1900115")
    assert comparison.ratio is not None and comparison.ratio > 10  # an order of magnitude


def test_car_sharing_and_rail_by_hand() -> None:
    # 4 people × 100 km by petrol car, 2 per car → 200 vehicle-km × 0.16272 = 32.544
    # 4 people × 100 km by rail → 400 passenger-km × 0.03546 = 14.184
    fs = load_factor_set("desnz-2025")
    a = assumptions_with({"car_occupancy": Decimal(2)})
    estimate = in_person(fs, learner_travel=[Trip("car_petrol", Decimal(100), 4),
                                             Trip("rail_national", Decimal(100), 4)],
                         assumptions=a)
    assert [(line.quantity, line.quantity_unit, line.kg) for line in estimate.lines] == [
        (Decimal(200), "vehicle-km", Decimal("32.54400")),
        (Decimal(400), "passenger-km", Decimal("14.18400")),
    ]


def test_a_loan_and_an_event_by_hand() -> None:
    fs = load_factor_set("desnz-2025")
    # 8 headsets × 5 sessions × 0.045 kWh = 1.8 kWh × 0.19553 = 0.351954;
    # delivery 30 km by electric car × 0.04047 = 1.2141. Total 1.566054
    lent = loan(fs, headsets=8, sessions=5, delivery=[Trip("car_electric", Decimal(30))])
    assert lent.total_kg == Decimal("1.566054")
    # 50 attendees × 10 km by local bus = 500 pkm × 0.10385 = 51.925;
    # 5 headsets charged once: 0.225 kWh × 0.19553 = 0.04399425. Total 51.96899425
    held = event(fs, attendee_travel=[Trip("bus_local", Decimal(10), 50)], headsets=5)
    assert held.total_kg == Decimal("51.96899425")


def test_the_method_statement_names_every_factor_and_its_year() -> None:
    fs = load_factor_set("desnz-2025")
    vr = vr_session(fs, headsets=10, staff_travel=[Trip("car_diesel", Decimal(40))])
    real = in_person(fs, learner_travel=[Trip("coach", Decimal(60), 30)], gowns=30)
    text = "\n".join(method_statement(vr, real))
    for key in ("electricity_generation", "electricity_td", "car_diesel", "coach"):
        assert f"{fs[key].label}: {fs[key].value} {fs[key].unit} (DESNZ 2025)" in text
    assert "Assumption — Disposable gown: 0.9 kg CO2e per gown" in text
    assert "Headset charging power: 18 W" in text
    text24 = "\n".join(method_statement(vr_session(load_factor_set("desnz-2024"),
                                                   headsets=1)))
    assert "0.20705 kg CO2e per kWh (DESNZ 2024)" in text24
    assert "carried over" in text24


def test_every_required_factor_is_in_every_set() -> None:
    for set_id in available_sets():
        assert set(load_factor_set(set_id).factors) == set(REQUIRED_FACTORS)


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=1, max_value=20))
def test_charging_scales_with_headsets_and_sessions(headsets: int, sessions: int) -> None:
    fs = load_factor_set("desnz-2025")
    one = loan(fs, headsets=1, sessions=1).total_kg
    assert loan(fs, headsets=headsets, sessions=sessions).total_kg == one * headsets * sessions
    assert one == Decimal("0.045") * (Decimal("0.17700") + Decimal("0.01853"))
