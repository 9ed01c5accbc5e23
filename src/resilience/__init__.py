"""Resilience: the open platform for a national medicines-manufacturing skills programme."""

__version__ = "0.1.0"
