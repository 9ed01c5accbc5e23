"""Loading and checking versioned conversion-factor sets."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

FACTORS_DIR = Path(__file__).resolve().parent / "factors"
DEFAULT_SET = "desnz-2025"

#: Every factor the calculator uses, with the unit it must be in.
REQUIRED_FACTORS: dict[str, str] = {
    "car_average": "kg CO2e per vehicle-km",
    "car_petrol": "kg CO2e per vehicle-km",
    "car_diesel": "kg CO2e per vehicle-km",
    "car_electric": "kg CO2e per vehicle-km",
    "bus_local": "kg CO2e per passenger-km",
    "coach": "kg CO2e per passenger-km",
    "rail_national": "kg CO2e per passenger-km",
    "electricity_generation": "kg CO2e per kWh",
    "electricity_td": "kg CO2e per kWh",
}


class FactorSetError(ValueError):
    """A conversion-factor set that cannot be used, with the reason in one sentence."""


@dataclass(frozen=True)
class Factor:
    key: str
    label: str
    value: Decimal
    unit: str
    year: int
    set_id: str
    carried_over_from: int | None = None

    @property
    def citation(self) -> str:
        note = (f"; carried over from the {self.carried_over_from} set"
                if self.carried_over_from else "")
        return f"{self.label}: {self.value} {self.unit} (DESNZ {self.year}{note})"


@dataclass(frozen=True)
class FactorSet:
    id: str
    year: int
    source: str
    url: str
    notes: str
    factors: dict[str, Factor]

    def __getitem__(self, key: str) -> Factor:
        return self.factors[key]

    @property
    def carried_over(self) -> list[Factor]:
        return [f for f in self.factors.values() if f.carried_over_from]


def available_sets() -> list[str]:
    return sorted(p.stem for p in FACTORS_DIR.glob("*.json"))


def parse_factor_set(data: object, name: str = "factor set") -> FactorSet:
    """Check a decoded factor-set document and build a :class:`FactorSet`."""
    if not isinstance(data, dict):
        raise FactorSetError(f"{name}: not a JSON object")
    for field in ("id", "year", "source", "factors"):
        if field not in data:
            raise FactorSetError(f"{name}: missing {field!r}")
    year = data["year"]
    if not isinstance(year, int):
        raise FactorSetError(f"{name}: 'year' must be a whole number")
    raw = data["factors"]
    if not isinstance(raw, dict):
        raise FactorSetError(f"{name}: 'factors' must be an object")
    factors: dict[str, Factor] = {}
    for key, unit in REQUIRED_FACTORS.items():
        entry = raw.get(key)
        if entry is None:
            raise FactorSetError(f"{name}: missing factor {key!r} ({unit})")
        if not isinstance(entry, dict) or "value" not in entry:
            raise FactorSetError(f"{name}: factor {key!r} has no value")
        try:
            value = Decimal(str(entry["value"]))
        except InvalidOperation:
            raise FactorSetError(f"{name}: factor {key!r} is not a number") from None
        if not value.is_finite() or value < 0:
            raise FactorSetError(f"{name}: factor {key!r} must be a number of zero or more")
        if entry.get("unit") != unit:
            raise FactorSetError(
                f"{name}: factor {key!r} must be in {unit!r}, not {entry.get('unit')!r}")
        factors[key] = Factor(key, str(entry.get("label", key)), value, unit, year,
                              str(data["id"]), entry.get("carried_over_from"))
    return FactorSet(str(data["id"]), year, str(data["source"]), str(data.get("url", "")),
                     str(data.get("notes", "")), factors)


@lru_cache(maxsize=8)
def load_factor_set(set_id: str = DEFAULT_SET) -> FactorSet:
    """Load ``factors/<set_id>.json``; a missing or incomplete set is a FactorSetError."""
    if set_id not in available_sets():
        raise FactorSetError(f"No conversion-factor set called {set_id!r}; "
                             f"available: {', '.join(available_sets())}")
    path = FACTORS_DIR / f"{set_id}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise FactorSetError(f"{path.name}: not valid JSON ({exc})") from None
    return parse_factor_set(data, path.name)
