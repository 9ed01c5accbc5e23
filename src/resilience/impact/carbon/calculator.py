"""Carbon estimates: a VR session, a headset loan, an event, and the in-person equivalent.

Every :class:`Line` names the factor it used (value, unit, year, set) or the
:class:`Assumption` it used (labelled as an assumption). Arithmetic is in ``Decimal`` so a
result can be checked by hand against the published tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from resilience.impact.carbon.factors import Factor, FactorSet

CAR_MODES = ("car_average", "car_petrol", "car_diesel", "car_electric")
PASSENGER_MODES = ("bus_local", "coach", "rail_national")
MODES = CAR_MODES + PASSENGER_MODES


@dataclass(frozen=True)
class Assumption:
    key: str
    label: str
    value: Decimal
    unit: str
    source: str

    @property
    def citation(self) -> str:
        return f"{self.label}: {self.value} {self.unit} (assumption: {self.source})"


DEFAULT_ASSUMPTIONS: dict[str, Assumption] = {a.key: a for a in (
    Assumption("headset_watts", "Headset charging power", Decimal("18"), "W",
               "Meta Quest 3 charges at about 18 W (programme reference)"),
    Assumption("headset_charge_hours", "Headset charging time", Decimal("2.5"), "h",
               "about 2.5 h for a full charge of a Meta Quest 3 (programme reference)"),
    Assumption("car_occupancy", "People per car", Decimal("1"), "people per car",
               "cautious default: everyone drives alone"),
    Assumption("gown_kg", "Disposable gown", Decimal("0.9"), "kg CO2e per gown",
               "illustrative default of the order found in published life-cycle studies "
               "of single-use PPE; set your supplier's figure"),
    Assumption("glove_pair_kg", "Pair of disposable nitrile gloves", Decimal("0.05"),
               "kg CO2e per pair",
               "illustrative default of the order found in published life-cycle studies "
               "of single-use PPE; set your supplier's figure"),
)}


def assumptions_with(overrides: Mapping[str, Decimal] | None = None) -> dict[str, Assumption]:
    """The default assumptions with some values changed (e.g. from the what-if form)."""
    chosen = dict(DEFAULT_ASSUMPTIONS)
    for key, value in (overrides or {}).items():
        if key not in chosen:
            raise KeyError(f"Unknown assumption {key!r}")
        if value < 0:
            raise ValueError(f"{chosen[key].label} cannot be negative")
        chosen[key] = replace(chosen[key], value=Decimal(value),
                              source=chosen[key].source if value == chosen[key].value
                              else "set by the user for this estimate")
    return chosen


@dataclass(frozen=True)
class Line:
    label: str
    quantity: Decimal
    quantity_unit: str
    basis: Factor | Assumption
    kg: Decimal

    @property
    def is_assumption(self) -> bool:
        return isinstance(self.basis, Assumption)

    @property
    def year(self) -> int | None:
        return None if isinstance(self.basis, Assumption) else self.basis.year


@dataclass(frozen=True)
class Estimate:
    title: str
    factor_set: FactorSet
    lines: tuple[Line, ...]
    assumptions: tuple[Assumption, ...] = field(default=())

    @property
    def total_kg(self) -> Decimal:
        return sum((line.kg for line in self.lines), Decimal(0))

    @property
    def year(self) -> int:
        return self.factor_set.year

    @property
    def unit(self) -> str:
        return "kg CO2e"


@dataclass(frozen=True)
class Trip:
    """``people`` travelling ``km`` each (the whole journey, there and back) by ``mode``."""

    mode: str
    km: Decimal
    people: int = 1
    label: str = ""

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"Unknown travel mode {self.mode!r}")
        if Decimal(self.km) < 0 or self.people < 0:
            raise ValueError("Distance and number of people cannot be negative")


def _travel_lines(fs: FactorSet, trips: Iterable[Trip],
                  assumptions: Mapping[str, Assumption], who: str) -> list[Line]:
    lines = []
    for trip in trips:
        factor = fs[trip.mode]
        km = Decimal(trip.km)
        if trip.mode in CAR_MODES:
            occupancy = assumptions["car_occupancy"].value or Decimal(1)
            quantity = km * trip.people / occupancy
            unit = "vehicle-km"
        else:
            quantity = km * trip.people
            unit = "passenger-km"
        label = trip.label or f"{who}: {factor.label.lower()}"
        lines.append(Line(label, quantity, unit, factor, quantity * factor.value))
    return lines


def _electricity_lines(fs: FactorSet, kwh: Decimal, what: str) -> list[Line]:
    return [Line(f"{what}: {fs[key].label}", kwh, "kWh", fs[key], kwh * fs[key].value)
            for key in ("electricity_generation", "electricity_td")]


def charging_kwh(headsets: int, charges_each: Decimal | int,
                 assumptions: Mapping[str, Assumption]) -> Decimal:
    watts = assumptions["headset_watts"].value
    hours = assumptions["headset_charge_hours"].value
    return Decimal(headsets) * Decimal(charges_each) * watts * hours / 1000


def _used(assumptions: Mapping[str, Assumption], *keys: str) -> tuple[Assumption, ...]:
    return tuple(assumptions[k] for k in keys)


def vr_session(fs: FactorSet, *, headsets: int, charges_each: Decimal | int = 1,
               staff_travel: Iterable[Trip] = (),
               assumptions: Mapping[str, Assumption] | None = None,
               title: str = "VR session") -> Estimate:
    """Charging the headsets from the UK grid (generation + T&D) plus staff travel."""
    a = assumptions or DEFAULT_ASSUMPTIONS
    kwh = charging_kwh(headsets, charges_each, a)
    lines = _electricity_lines(fs, kwh, "Headset charging")
    lines += _travel_lines(fs, staff_travel, a, "Staff travel")
    return Estimate(title, fs, tuple(lines),
                    _used(a, "headset_watts", "headset_charge_hours", "car_occupancy"))


def loan(fs: FactorSet, *, headsets: int, sessions: int, delivery: Iterable[Trip] = (),
         assumptions: Mapping[str, Assumption] | None = None,
         title: str = "Headset loan") -> Estimate:
    """A kit lent to a school: taking it there and back, and one charge per headset per
    session the school runs with it."""
    a = assumptions or DEFAULT_ASSUMPTIONS
    kwh = charging_kwh(headsets, sessions, a)
    lines = _electricity_lines(fs, kwh, "Headset charging")
    lines += _travel_lines(fs, delivery, a, "Kit delivery and collection")
    return Estimate(title, fs, tuple(lines),
                    _used(a, "headset_watts", "headset_charge_hours", "car_occupancy"))


def in_person(fs: FactorSet, *, learner_travel: Iterable[Trip] = (),
              staff_travel: Iterable[Trip] = (), gowns: int = 0, glove_pairs: int = 0,
              assumptions: Mapping[str, Assumption] | None = None,
              title: str = "In-person equivalent") -> Estimate:
    """Learners (and staff) travelling to a real facility, and the single-use gowns and
    gloves a real gowning exercise uses."""
    a = assumptions or DEFAULT_ASSUMPTIONS
    lines = _travel_lines(fs, learner_travel, a, "Learner travel")
    lines += _travel_lines(fs, staff_travel, a, "Staff travel")
    for key, count, unit in (("gown_kg", gowns, "gowns"), ("glove_pair_kg", glove_pairs,
                                                            "pairs of gloves")):
        if count:
            assumption = a[key]
            lines.append(Line(f"Consumables: {assumption.label.lower()}", Decimal(count),
                              unit, assumption, count * assumption.value))
    return Estimate(title, fs, tuple(lines),
                    _used(a, "car_occupancy", "gown_kg", "glove_pair_kg"))


def event(fs: FactorSet, *, attendee_travel: Iterable[Trip] = (),
          staff_travel: Iterable[Trip] = (), headsets: int = 0, charges_each: int = 1,
          gowns: int = 0, glove_pairs: int = 0,
          assumptions: Mapping[str, Assumption] | None = None,
          title: str = "Event") -> Estimate:
    """An outreach event: everyone's travel, headset charging and any consumables."""
    a = assumptions or DEFAULT_ASSUMPTIONS
    travel = in_person(fs, learner_travel=attendee_travel, staff_travel=staff_travel,
                       gowns=gowns, glove_pairs=glove_pairs, assumptions=a)
    charging = _electricity_lines(fs, charging_kwh(headsets, charges_each, a),
                                  "Headset charging") if headsets else []
    return Estimate(title, fs, (*charging, *travel.lines),
                    _used(a, "headset_watts", "headset_charge_hours", "car_occupancy",
                          "gown_kg", "glove_pair_kg"))


@dataclass(frozen=True)
class Comparison:
    vr: Estimate
    in_person: Estimate

    @property
    def saving_kg(self) -> Decimal:
        return self.in_person.total_kg - self.vr.total_kg

    @property
    def ratio(self) -> Decimal | None:
        """How many times more the in-person equivalent emits (None if VR emits nothing)."""
        return self.in_person.total_kg / self.vr.total_kg if self.vr.total_kg else None


def compare(vr: Estimate, in_person_estimate: Estimate) -> Comparison:
    if vr.factor_set.id != in_person_estimate.factor_set.id:
        raise ValueError("Compare estimates made with the same factor set")
    return Comparison(vr, in_person_estimate)


def method_statement(*estimates: Estimate) -> list[str]:
    """Sentences naming every factor (value, unit, year) and assumption the estimates used."""
    if not estimates:
        return []
    sets = {e.factor_set.id: e.factor_set for e in estimates}
    out = []
    for fs in sets.values():
        out.append(f"Conversion factors: {fs.source} ({fs.id}, year {fs.year}), {fs.url}. "
                   "Results are in kilograms of carbon dioxide equivalent (kg CO2e).")
    factors: dict[tuple[str, str], Factor] = {}
    assumptions: dict[str, Assumption] = {}
    for estimate in estimates:
        for line in estimate.lines:
            if isinstance(line.basis, Factor):
                factors[(line.basis.set_id, line.basis.key)] = line.basis
            else:
                assumptions[line.basis.key] = line.basis
        for assumption in estimate.assumptions:
            assumptions.setdefault(assumption.key, assumption)
    for factor in factors.values():
        out.append(f"Factor — {factor.citation}.")
    for assumption in assumptions.values():
        out.append(f"Assumption — {assumption.citation}.")
    out.append("Headset charging energy = headsets × charges × charging power × charging "
               "time; it is multiplied by both the UK grid generation factor and the "
               "transmission and distribution factor. Car travel is in vehicle-km (distance "
               "× people ÷ people per car); bus, coach and rail in passenger-km.")
    for fs in sets.values():
        if fs.carried_over:
            out.append(f"Caution: in {fs.id}, " + ", ".join(f.label for f in fs.carried_over)
                       + f" are carried over from another year's set: {fs.notes}")
    return out
