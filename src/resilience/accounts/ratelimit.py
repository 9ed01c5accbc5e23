"""A fixed-window attempt counter in the cache (shared through Redis when configured)."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _key(scope: str, who: str, window_s: int) -> str:
    return f"rl:{scope}:{who}:{int(time.time()) // window_s}"


def too_many(scope: str, who: str, limit: int, window_s: int = 3600) -> bool:
    """True if ``who`` has already used ``limit`` failures in this window."""
    return int(cache.get(_key(scope, who, window_s), 0)) >= limit


def count_failure(scope: str, who: str, window_s: int = 3600) -> None:
    key = _key(scope, who, window_s)
    if cache.add(key, 1, timeout=window_s):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_s)
