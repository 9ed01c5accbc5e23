"""Argument guards shared by the science modules: one plain sentence per bad value."""

from __future__ import annotations

import math

__all__ = ["between", "finite", "non_negative", "positive"]


def finite(name: str, value: float) -> None:
    """Raise ``ValueError`` unless ``value`` is a finite number."""
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")


def positive(name: str, value: float, unit: str = "") -> None:
    """Raise ``ValueError`` unless ``value`` > 0 [``unit``]."""
    finite(name, value)
    if value <= 0.0:
        suffix = f" {unit}" if unit else ""
        raise ValueError(f"{name} must be more than 0{suffix}, got {value}")


def non_negative(name: str, value: float, unit: str = "") -> None:
    """Raise ``ValueError`` unless ``value`` ≥ 0 [``unit``]."""
    finite(name, value)
    if value < 0.0:
        suffix = f" {unit}" if unit else ""
        raise ValueError(f"{name} must be 0{suffix} or more, got {value}")


def between(name: str, value: float, lo: float, hi: float, unit: str = "") -> None:
    """Raise ``ValueError`` unless ``lo`` ≤ ``value`` ≤ ``hi`` [``unit``]."""
    finite(name, value)
    if not lo <= value <= hi:
        suffix = f" {unit}" if unit else ""
        raise ValueError(f"{name} must be between {lo:g} and {hi:g}{suffix}, got {value}")
